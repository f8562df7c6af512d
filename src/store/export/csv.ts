/**
 * CSV for spreadsheets, RFC 4180: CRLF line ends, every field that holds a comma, a quote, CR or
 * LF is quoted, quotes inside are doubled.
 *
 * Formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab or
 * CR is prefixed with `'`, so Excel, LibreOffice and Sheets show it as text instead of running it.
 * The rule applies to every cell, so a note "-5" or "- list item" is written `'-5`, `'- list item`:
 * the CSV is for reading, not a lossless copy (the JSON backup is that).
 *
 * A UTF-8 byte order mark is written first by default: Excel on Windows reads BOM-less CSV in the
 * local ANSI code page and would garble every non-ASCII title; LibreOffice, Sheets, Numbers and
 * pandas all skip the BOM. `{ bom: false }` leaves it out for tools that do not.
 *
 * Spreadsheets cut a long cell without saying so: Excel at 32,767 characters, LibreOffice at 65,535
 * (a note may hold 100,000). The file keeps every cell whole (Python's csv and pandas read it all);
 * `csvExport` counts the papers with a cell over Excel's limit, for the export to tell the reader.
 */
import type { LibraryEntry } from '../query';
import { arxivIdOf, isoTime, journalDoiOf, sortById, webUrl } from './common';

/** The columns, in order; the first line of the file. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'authors',
  'arxiv_id',
  'doi',
  'url',
  'date',
  'code_links',
  'tags',
  'status',
  'note',
  'created',
  'updated',
] as const;

// What a spreadsheet would start a formula with; such a cell gets a leading `'`.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell neutralised against formulas and quoted as RFC 4180 requires. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(entry: LibraryEntry): string[] {
  const { paper, annotation } = entry;
  return [
    paper.id,
    paper.title,
    paper.authors.join('; '),
    arxivIdOf(paper) ?? '',
    journalDoiOf(paper) ?? '',
    webUrl(paper.url) ?? '',
    paper.date ?? '',
    paper.codeLinks
      .map((link) => webUrl(link.url))
      .filter((url): url is string => !!url)
      .join(' '),
    (annotation?.tags ?? []).join('; '),
    annotation?.status ?? 'none',
    annotation?.note ?? '',
    isoTime(annotation?.createdAt ?? paper.createdAt),
    isoTime(annotation?.updatedAt ?? paper.updatedAt),
  ];
}

/** Excel's most characters in a cell (its "Specifications and limits"); longer text is cut when read. */
export const SPREADSHEET_CELL_LIMIT = 32_767;

/**
 * The entries as CSV (see `toCsv`), and how many papers have a cell longer than
 * `SPREADSHEET_CELL_LIMIT`, which Excel would cut.
 */
export function csvExport(entries: readonly LibraryEntry[], options: { bom?: boolean } = {}): { text: string; longCellPapers: number } {
  const { pieces, longCellPapers } = csvPieces(entries, options);
  return { text: pieces.join(''), longCellPapers };
}

/** `csvExport` with the text in pieces, a line each: the export encodes them one by one (see `utf8`). */
export function csvPieces(entries: readonly LibraryEntry[], options: { bom?: boolean } = {}): { pieces: string[]; longCellPapers: number } {
  let longCellPapers = 0;
  const pieces = [`${options.bom === false ? '' : '\ufeff'}${CSV_COLUMNS.join(',')}\r\n`];
  for (const entry of sortById(entries)) {
    const cells = row(entry);
    // A length test first: the cell's guard is looked at only for the rare cell that long.
    if (cells.some((cell) => cell.length >= SPREADSHEET_CELL_LIMIT && guardedLength(cell) > SPREADSHEET_CELL_LIMIT)) longCellPapers += 1;
    pieces.push(`${cells.map(csvCell).join(',')}\r\n`);
  }
  return { pieces, longCellPapers };
}

/** The length of a cell as a spreadsheet reads it: its text, with the formula guard's `'` if it gets one. */
function guardedLength(value: string): number {
  return FORMULA_START.test(value) ? value.length + 1 : value.length;
}

/** The entries as CSV, sorted by id, one row per paper, with a header row and a final CRLF. */
export function toCsv(entries: readonly LibraryEntry[], options: { bom?: boolean } = {}): string {
  return csvExport(entries, options).text;
}
