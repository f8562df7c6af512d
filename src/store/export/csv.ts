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

/** A cell neutralised against formulas and quoted as RFC 4180 requires. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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

/** The entries as CSV, sorted by id, one row per paper, with a header row and a final CRLF. */
export function toCsv(entries: readonly LibraryEntry[], options: { bom?: boolean } = {}): string {
  const lines = [CSV_COLUMNS.join(','), ...sortById(entries).map((entry) => row(entry).map(csvCell).join(','))];
  return `${options.bom === false ? '' : '\ufeff'}${lines.join('\r\n')}\r\n`;
}
