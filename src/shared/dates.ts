/**
 * A paper's date as the library keeps it: `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` where only that much
 * is known (reference managers often give a year alone). Nothing for a day no calendar has
 * (`2024-02-31`), which YAML readers and citation styles refuse or misread.
 */
export function paperDate(year: number, month?: number, day?: number): string | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  if (month === undefined) return day === undefined ? String(year) : undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  const yearMonth = `${year}-${String(month).padStart(2, '0')}`;
  if (day === undefined) return yearMonth;
  // Day 0 of the next month is the last day of this one.
  if (!Number.isInteger(day) || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return `${yearMonth}-${String(day).padStart(2, '0')}`;
}

/** `text` when it is a date the library keeps (see `paperDate`), written as it keeps it. */
export function readPaperDate(text: unknown): string | undefined {
  const match = typeof text === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text) : null;
  if (!match) return undefined;
  const date = paperDate(Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3]));
  return date === text ? date : undefined;
}

/** Year, month and day of a date the library keeps, as many as it has. */
export function dateNumbers(date: string | undefined): [number] | [number, number] | [number, number, number] | undefined {
  const kept = readPaperDate(date);
  return kept ? (kept.split('-').map(Number) as [number] | [number, number] | [number, number, number]) : undefined;
}
