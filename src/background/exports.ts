import browser from '../shared/browser';
import type { ExportFormat, ExportRequest } from '../shared/messages';
import { MAX_IMPORT_CHARS, MAX_IMPORT_RECORDS, backupPieces, readPapersAndAnnotations, scopeRecords } from '../store/backup';
import { hasContent } from '../shared/annotation';
import { t } from '../shared/i18n';
import type { PaperMarginDB } from '../store/db';
import { bibtexPieces, toBibtex } from '../store/export/bibtex';
import { cslJsonPieces } from '../store/export/csl';
import { csvPieces } from '../store/export/csv';
import { markdownDigestPieces, toMarkdownZip } from '../store/export/markdown';
import type { Paper, PaperId } from '../shared/paper';
import { mergePaper } from '../store/library';
import { type LibraryEntry, listLibrary } from '../store/query';
import { utf8 } from '../store/utf8';
import type { CiteRoster } from './cite-roster';

const FILES: Record<ExportFormat, { extension: string; type: string }> = {
  'markdown-zip': { extension: 'zip', type: 'application/zip' },
  markdown: { extension: 'md', type: 'text/markdown;charset=utf-8' },
  json: { extension: 'json', type: 'application/json' },
  bibtex: { extension: 'bib', type: 'application/x-bibtex;charset=utf-8' },
  csv: { extension: 'csv', type: 'text/csv;charset=utf-8' },
  'csl-json': { extension: 'json', type: 'application/vnd.citationstyles.csl+json' },
};

/**
 * The bytes of one export and the number of papers in it; for the JSON backup, which also holds the
 * papers without notes, the number of those with notes too. Scoped to a page or a tag, it holds that
 * scope's papers. The library is read once: the count used to read it a second time. Nothing to
 * write is said as an error: an empty file would look like a backup.
 */
async function build(
  db: PaperMarginDB,
  request: ExportRequest,
  roster: CiteRoster,
): Promise<{ data: Uint8Array; count: number; noted?: number; tooLargeToImport?: boolean; longCellPapers?: number; readMs: number }> {
  const nothing = () => new Error(request.tag ? t('exportNothingTagged', request.tag) : t('exportNothing'));
  // How long the library's read took, waiting on IndexedDB included: `npm run bench` tells it apart
  // from the making of the file.
  const start = performance.now();
  if (request.format === 'json') {
    const stored = await readPapersAndAnnotations(db);
    const readMs = performance.now() - start;
    const { papers, annotations } = scopeRecords(stored.papers, stored.annotations, request);
    if (papers.length === 0 && annotations.length === 0) throw nothing();
    // A note may be kept for a paper the library holds no record of (an import): each paper counts once.
    const count = new Set([...papers, ...annotations].map((record) => record.id)).size;
    const pieces = backupPieces(papers, annotations);
    const data = utf8(pieces);
    // Written all the same (it is the library), but the reader is told before relying on it.
    const tooLargeToImport = pieces.reduce((chars, piece) => chars + piece.length, 0) > MAX_IMPORT_CHARS || papers.length > MAX_IMPORT_RECORDS || annotations.length > MAX_IMPORT_RECORDS;
    return { data, count, noted: annotations.filter(hasContent).length, ...(tooLargeToImport && { tooLargeToImport }), readMs };
  }
  const scoped = request.ids !== undefined || request.tag !== undefined;
  const keyed = request.format === 'bibtex' || request.format === 'csl-json';
  const entries = await listLibrary(db, request.ids ? { ids: request.ids } : request.tag ? { tag: request.tag } : { annotatedOnly: true });
  if (entries.length === 0) throw nothing();
  // A scoped citation file keys its papers as the library's does: a key copied or cited once stays
  // the paper's in every file (see `citeKeysAmong`).
  const among = scoped && keyed ? await roster.among(db, entries) : undefined;
  const readMs = performance.now() - start;
  if (request.format === 'csv') {
    // Written whole all the same; the reader is told that a spreadsheet would cut these cells.
    const { pieces, longCellPapers } = csvPieces(entries);
    return { data: utf8(pieces), count: entries.length, ...(longCellPapers > 0 && { longCellPapers }), readMs };
  }
  return { data: formatted(request.format, entries, among), count: entries.length, readMs };
}

function formatted(format: Exclude<ExportFormat, 'json' | 'csv'>, entries: LibraryEntry[], among: LibraryEntry[] | undefined): Uint8Array {
  switch (format) {
    case 'markdown-zip':
      return toMarkdownZip(entries);
    case 'markdown':
      return utf8(markdownDigestPieces(entries));
    case 'bibtex':
      return utf8(bibtexPieces(entries, among));
    case 'csl-json':
      return utf8(cslJsonPieces(entries, among));
  }
}

function base64(bytes: Uint8Array): string {
  // Native where the browser has it (Chrome 140+, Firefox 133+): the script loop below was up to
  // half of a 10 000-paper export's time.
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (native) return native.call(bytes);
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short on multi-megabyte exports.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/**
 * A URL the downloads API accepts: a blob URL where the context has one (Firefox's background page),
 * a data URL in Chrome's service worker, which has no `URL.createObjectURL`.
 */
function downloadUrl(bytes: Uint8Array, type: string): string {
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
    // The download has its own copy once started; a minute is ample, and the memory comes back.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return url;
  }
  return `data:${type};base64,${base64(bytes)}`;
}

/** `paper-margin-2026-11-23-bibtex.bib`: dated, so exports of different days sit side by side. */
export function exportFilename(format: ExportFormat, scope: string | undefined, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const safeScope = scope ? `-${scope.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40)}` : '';
  return `paper-margin-${day}${safeScope}-${format}.${FILES[format].extension}`;
}

/** Builds the export and hands it to the browser's downloads; answers the file name and paper count. */
export async function exportLibrary(
  db: PaperMarginDB,
  request: ExportRequest,
  roster: CiteRoster,
): Promise<{ filename: string; count: number; noted?: number; tooLargeToImport?: boolean; longCellPapers?: number }> {
  const format = request.format;
  if (!Object.hasOwn(FILES, format)) throw new Error(`Unknown export format: ${String(format)}`);
  const start = performance.now();
  const { data, count, noted, tooLargeToImport, longCellPapers, readMs } = await build(db, request, roster);
  const filename = exportFilename(format, request.ids ? (request.listed === true ? 'listed' : 'page') : request.tag);
  const url = downloadUrl(data, FILES[format].type);
  // Read by `npm run bench` from the service worker: the export's own cost, without the download.
  performance.measure(`paper-margin:export:${format}`, { start, detail: { count, readMs } });
  await browser.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
  return { filename, count, ...(noted !== undefined && { noted }), ...(tooLargeToImport && { tooLargeToImport }), ...(longCellPapers && { longCellPapers }) };
}

/**
 * One paper's BibTeX entry, keyed as every export keys it (among the noted papers). `shown`: the paper
 * as the page or popup shows it, for one the library holds no record of (its recording failed, or is
 * still on its way); without either, there is no entry to give, and it says so.
 */
export async function citation(db: PaperMarginDB, roster: CiteRoster, id: PaperId, shown?: Paper): Promise<string> {
  const [stored] = await listLibrary(db, { ids: [id] });
  const own = stored ?? (shown?.id === id ? { paper: mergePaper(undefined, shown, Date.now()) } : undefined);
  if (!own) throw new Error(t('citationUnknown'));
  return toBibtex([own], await roster.among(db, [own]));
}
