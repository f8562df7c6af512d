/**
 * The JSON backup: everything in the database, in a format this and later versions can read back,
 * and the strict reader that turns an untrusted file into records or a readable `ImportError`.
 *
 * Format, version 1:
 * ```
 * { "format": "paper-margin-backup", "version": 1, "exportedAt": "<ISO 8601>",
 *   "papers": PaperRecord[], "annotations": Annotation[] }
 * ```
 * Records are sorted by id with their fields in a fixed order, one record per line, so the same
 * database gives the same bytes and two backups diff line by line.
 *
 * The reader refuses the whole file, naming what is wrong and where, for: more than 100 MB, not
 * JSON, a truncated file, a wrong or missing format, a newer version, a wrongly typed field,
 * over-long text (title 2,000, note 100,000 characters), more than 200,000 records of a kind,
 * duplicate ids, ids that are not paper ids, times that are not epoch milliseconds, and any
 * `__proto__`, `constructor` or `prototype` key anywhere (no Paper Margin file has one, so such a
 * file was crafted; they are also dropped while parsing so no object we build can inherit from
 * them). It drops, and reports as warnings, only links that are not http(s) addresses: a
 * `javascript:` code link loses the link, not the library. Unknown fields are ignored.
 */
import {
  type Annotation,
  MAX_NOTE_LENGTH,
  READING_STATUSES,
  type ReadingStatus,
  normaliseTags,
  tagKey,
  tagsOverLimits,
} from '../shared/annotation';
import {
  type CodeHost,
  type CodeLink,
  type LinkKind,
  type LinkStatus,
  type PaperId,
  arxivDoiSuffix,
  canonicalArxivId,
  canonicalPaperId,
  findArxivId,
  findDoi,
  foldWhitespace,
  isPaperId,
  makePaperId,
} from '../shared/paper';
import { paperDate, readPaperDate } from '../shared/dates';
import { type MessageKey, t } from '../shared/i18n';
import type { PaperMarginDB, PaperRecord } from './db';
import { fallbackUrl } from './query';
import { PAPER_LIMITS } from './validate';

/** The `format` of every backup file. */
export const BACKUP_FORMAT = 'paper-margin-backup';
/** The newest backup version this code writes and reads. */
export const BACKUP_VERSION = 1;
/**
 * Files longer than this (in UTF-16 units, checked before parsing) are refused at once. A library's
 * own backup takes ~1.5 KB a paper (its abstract most of it): MAX_IMPORT_RECORDS papers fit.
 */
export const MAX_IMPORT_CHARS = 300 * 1024 * 1024;
/** At most this many papers, and this many annotations, in one file. */
export const MAX_IMPORT_RECORDS = 200_000;
/** Longest title accepted. */
export const MAX_TITLE_LENGTH = PAPER_LIMITS.title;

const MAX_TEXT = PAPER_LIMITS.text;
// A list this long in one paper is damage or an attack, not a library: the file is refused.
const MAX_LIST = 100_000;
const MAX_TIME = 8.64e15;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const CODE_HOSTS: readonly CodeHost[] = ['github', 'gitlab', 'bitbucket', 'codeberg', 'hf-space', 'hf-model', 'hf-dataset', 'anonymous', 'other'];
const LINK_KINDS: readonly LinkKind[] = ['code', 'project', 'data'];
const LINK_STATUSES: readonly LinkStatus[] = ['available', 'promised'];

/** A file that cannot be imported. The message is written for the user and names the place. */
export class ImportError extends Error {
  override name = 'ImportError';
  /** Where in the file, such as `annotations[12].tags`; absent for problems with the whole file. */
  readonly path: string | undefined;

  constructor(message: string, path?: string) {
    super(message);
    this.path = path;
  }
}

/** Records read from an import file, checked field by field, not yet compared with the database. */
export interface ParsedBackup {
  /** What the file was: a Paper Margin backup or a CSL-JSON reference list (papers only). */
  kind: 'backup' | 'csl-json';
  exportedAt?: string;
  papers: PaperRecord[];
  annotations: Annotation[];
  /** What was dropped without refusing the file, for the user to read. */
  warnings: string[];
}

// Field order of the backup: the model's order, so a record reads like the interface.
const PAPER_FIELDS = [
  'id', 'title', 'authors', 'authorCount', 'arxivId', 'doi', 'abstract', 'date', 'upvotes', 'comments', 'projectPage',
  'url', 'codeLinks', 'source', 'firstSeenAt', 'lastSeenAt', 'seenOn', 'createdAt', 'updatedAt',
];
const LINK_FIELDS = ['url', 'host', 'kind', 'status', 'label'];
const ANNOTATION_FIELDS = ['id', 'note', 'tags', 'status', 'createdAt', 'updatedAt'];

function ordered<T extends object>(record: T, fields: readonly string[]): T {
  const source = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const rest = Object.keys(source)
    .filter((key) => !fields.includes(key) && !FORBIDDEN_KEYS.has(key))
    .sort();
  for (const key of [...fields, ...rest]) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}

/**
 * A paper with its fields in the backup's order (fields this version does not know last, sorted),
 * so that equal records serialise to equal JSON.
 */
export function canonicalPaper(paper: PaperRecord): PaperRecord {
  const out = ordered(paper, PAPER_FIELDS);
  if (Array.isArray(paper.codeLinks)) out.codeLinks = paper.codeLinks.map((link) => ordered(link, LINK_FIELDS));
  return out;
}

/** An annotation with its fields in the backup's order. */
export function canonicalAnnotation(annotation: Annotation): Annotation {
  return ordered(annotation, ANNOTATION_FIELDS);
}

/** A list of records, one a line, as pieces of the backup's text (see `backupPieces`). */
function jsonLines(records: readonly object[], pieces: string[]): void {
  if (records.length === 0) {
    pieces.push('[]');
    return;
  }
  records.forEach((record, i) => pieces.push(`${i === 0 ? '[\n' : ',\n'}${JSON.stringify(record)}`));
  pieces.push('\n]');
}

/**
 * Every paper and annotation in one readonly transaction, as a version-1 backup. Sorted by id,
 * fields in a fixed order: only `exportedAt` (from `now`) differs between two exports of one
 * database. Lone UTF-16 surrogates in notes survive: JSON.stringify writes them as `\udXXX`.
 */
export async function exportBackup(db: PaperMarginDB, now = Date.now()): Promise<string> {
  const { papers, annotations } = await readPapersAndAnnotations(db);
  return backupText(papers, annotations, now);
}

/** Every paper and annotation, each list in key (code-unit) order, as `getAll` answers. */
export async function readPapersAndAnnotations(db: PaperMarginDB): Promise<{ papers: PaperRecord[]; annotations: Annotation[] }> {
  const papers: PaperRecord[] = [];
  const annotations: Annotation[] = [];
  for (const record of await db.getAll('library')) {
    if (record.paper) papers.push(record.paper);
    if (record.annotation) annotations.push(record.annotation);
  }
  return { papers, annotations };
}

/**
 * The records of one export scope: the papers listed in `ids` (a page's), or those whose annotation
 * carries `tag`, each with its annotation; everything when neither is given. A scoped file is a
 * backup like any other: importing it merges its papers into a library and leaves the rest alone.
 */
export function scopeRecords(
  papers: readonly PaperRecord[],
  annotations: readonly Annotation[],
  scope: { ids?: readonly PaperId[]; tag?: string },
): { papers: PaperRecord[]; annotations: Annotation[] } {
  let keep: Set<PaperId> | undefined;
  if (scope.ids) keep = new Set(scope.ids);
  else if (scope.tag) {
    const key = tagKey(scope.tag);
    keep = new Set(annotations.filter((annotation) => annotation.tags.some((tag) => tagKey(tag) === key)).map((annotation) => annotation.id));
  }
  if (!keep) return { papers: [...papers], annotations: [...annotations] };
  const wanted = keep;
  return { papers: papers.filter((paper) => wanted.has(paper.id)), annotations: annotations.filter((annotation) => wanted.has(annotation.id)) };
}

/** The backup of records read by `readPapersAndAnnotations`, in their order. */
export function backupText(papers: readonly PaperRecord[], annotations: readonly Annotation[], now = Date.now()): string {
  return backupPieces(papers, annotations, now).join('');
}

/** `backupText` in pieces, a record each: the export encodes them one by one (see `utf8`). */
export function backupPieces(papers: readonly PaperRecord[], annotations: readonly Annotation[], now = Date.now()): string[] {
  const pieces = [`{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(new Date(now).toISOString())},\n"papers":`];
  // earlierSeenAt is bookkeeping for tabs that load at once (library.ts), not the paper's history.
  jsonLines(papers.map(({ earlierSeenAt: _earlier, ...paper }) => canonicalPaper(paper)), pieces);
  pieces.push(',\n"annotations":');
  jsonLines(annotations.map(canonicalAnnotation), pieces);
  pieces.push('}\n');
  return pieces;
}

function describe(value: unknown): string {
  if (value === undefined) return t('importGotMissing');
  if (value === null) return t('importGotNull');
  if (Array.isArray(value)) return t('importGotList');
  if (typeof value === 'string') return t('importGotText');
  if (typeof value === 'number') return t('importGotNumber');
  if (typeof value === 'boolean') return t('importGotBoolean');
  return t('importGotObject');
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

function count(n: number): string {
  return n.toLocaleString();
}

/** True when the text stops inside a string or an open object or list: a cut-off download. */
function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i += 1;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) depth += 1;
    else if (ch === 0x7d || ch === 0x5d) depth -= 1;
  }
  return inString || depth > 0;
}

interface Parsed {
  value: unknown;
  /** Objects that held a forbidden key (now deleted), with the key. */
  tainted: Map<object, string>;
}

function parseJson(input: unknown): Parsed {
  if (typeof input !== 'string') throw new ImportError(t('importNotText'));
  // Checked before anything else touches the text: JSON.parse of 1 GB would freeze the worker.
  if (input.length > MAX_IMPORT_CHARS) {
    throw new ImportError(t('importFileTooLarge', count(Math.ceil(input.length / 1048576))));
  }
  // A byte order mark is what Windows editors add when saving UTF-8: harmless, so accepted.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') throw new ImportError(t('importEmpty'));
  const tainted = new Map<object, string>();
  try {
    const value: unknown = JSON.parse(text, function (this: unknown, key: string, value: unknown) {
      // JSON.parse defines "__proto__" as an own property (no pollution yet); deleting it here means
      // no later spread or merge of this object can ever set a prototype from it.
      if (FORBIDDEN_KEYS.has(key) && !Array.isArray(this)) {
        tainted.set(this as object, key);
        return undefined;
      }
      return value;
    });
    return { value, tainted };
  } catch (error) {
    const trimmed = text.trimStart();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && looksTruncated(text)) {
      throw new ImportError(t('importCutOff'));
    }
    throw new ImportError(notJson(text, error));
  }
}

/** Line and column of a JSON syntax error, from V8's "position N" or Firefox's "line L column C". */
function errorPlace(text: string, error: unknown): [line: number, column: number] | undefined {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return [Number(lineColumn[1]), Number(lineColumn[2])];
  const position = /position (\d+)/.exec(message);
  if (!position) return undefined;
  const at = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, at);
  return [before.split('\n').length, at - before.lastIndexOf('\n')];
}

/** Says what the file seems to be instead, so the user can pick the right one. */
function notJson(text: string, error: unknown): string {
  // The reviver recurses: a file of 100,000 nested lists overflows the stack rather than failing to parse.
  if (error instanceof RangeError) return t('importTooDeep');
  const head = text.slice(0, 1024);
  if (head.startsWith('PK\u0003\u0004')) return t('importZip');
  // NULs and replacement characters: bytes that are not UTF-8 text (an image, an archive, UTF-16).
  if (head.includes('\u0000') || head.includes('\ufffd')) return t('importNotUtf8');
  if (/^\s*</.test(head)) return t('importHtml');
  if (!/^\s*[[{]/.test(head)) return t('importNotJsonStart');
  const place = errorPlace(text, error);
  return place ? t('importDamagedAt', ...place) : t('importDamaged');
}

// The record a field's path is in: `papers[3]` of `papers[3].codeLinks[0].url`.
const RECORD_PATH = /^\w+\[\d+\]/;

/** Field-by-field checks that collect warnings and throw an `ImportError` naming the path. */
class Checker {
  readonly warnings: string[] = [];
  private dropped: string[] = [];
  private impossibleDates: string[] = [];
  // Fields cut to the library's limits (PAPER_LIMITS): the paths, for one warning.
  private trimmed: string[] = [];
  private reported = false;
  private readonly names = new Map<string, string>();

  constructor(private readonly tainted: Map<object, string>) {}

  /** Throws the message `key` (from `_locales`; its first placeholder is the path) about `path`. */
  fail(path: string, key: MessageKey, ...details: Array<string | number>): never {
    throw new ImportError(t(key, path, ...details), path);
  }

  object(value: unknown, path: string, what: MessageKey): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'importMustBe', t(what), describe(value));
    const key = this.tainted.get(value);
    if (key !== undefined) {
      this.reported = true;
      this.fail(path, 'importTaintedAt', key);
    }
    return value as Record<string, unknown>;
  }

  /** Throws for any forbidden key in a part of the file no check visited. */
  finish(): void {
    const [key] = this.tainted.values();
    if (key !== undefined && !this.reported) {
      throw new ImportError(t('importTainted', key));
    }
    this.warn(this.dropped, 'importDroppedOne', 'importDroppedMany');
    this.warn(this.impossibleDates, 'importImpossibleDateOne', 'importImpossibleDateMany');
    this.warn(this.trimmed, 'importTrimmedOne', 'importTrimmedMany');
  }

  /** Names the record at `path` (`papers[3]`) in the warnings about its fields: a reader knows a paper by its title, not by its place in the file. */
  name(path: string, label: string): void {
    this.names.set(path, label);
  }

  private warn(paths: readonly string[], one: MessageKey, many: MessageKey): void {
    if (paths.length === 0) return;
    const shownPaths = paths.slice(0, 5);
    const records = shownPaths.map((path) => RECORD_PATH.exec(path)?.[0]);
    // Each record is named once, after the last of its fields in a row (they come record by record).
    const first = shownPaths
      .map((path, i) => {
        const label = records[i] === undefined ? undefined : this.names.get(records[i]);
        return label !== undefined && records[i + 1] !== records[i] ? `${path} (${label})` : path;
      })
      .join(', ');
    const shown = paths.length > 5 ? t('importAndMore', first, count(paths.length - 5)) : first;
    this.warnings.push(paths.length === 1 ? t(one, shown) : t(many, count(paths.length), shown));
  }

  /**
   * A list of at most `keep` items: a longer one (a library before 2026-11-30 could store one) is
   * cut, with a warning; one over `max` is refused as a damaged or hostile file.
   */
  capped(value: unknown, path: string, what: MessageKey, keep: number, max: number): unknown[] {
    const items = this.list(value, path, what, max);
    if (items.length <= keep) return items;
    this.trimmed.push(path);
    return items.slice(0, keep);
  }

  list(value: unknown, path: string, what: MessageKey, max: number): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'importMustBeListOf', t(what), describe(value));
    if (value.length > max) this.fail(path, 'importTooManyItems', count(value.length), count(max));
    return value;
  }

  text(value: unknown, path: string, max: number): string {
    if (typeof value !== 'string') this.fail(path, 'importMustBeText', describe(value));
    if (value.length > max) this.fail(path, 'importTooLong', count(value.length), count(max));
    return value;
  }

  optionalText(value: unknown, path: string, max: number): string | undefined {
    return value === undefined ? undefined : this.text(value, path, max);
  }

  texts(value: unknown, path: string, maxItems: number, maxLength: number): string[] {
    const items = this.list(value, path, 'importWhatText', maxItems);
    items.forEach((item, i) => {
      if (typeof item !== 'string') this.fail(path, 'importItemNotText', i, describe(item));
      if (item.length > maxLength) this.fail(`${path}[${i}]`, 'importTooLong', count(item.length), count(maxLength));
    });
    return items as string[];
  }

  whole(value: unknown, path: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) this.fail(path, 'importNotWhole', typeof value === 'number' ? value : describe(value));
    // Too large to count exactly (a library before 2026-11-30 could store one): left out, with a warning.
    if (!Number.isSafeInteger(value)) {
      this.trimmed.push(path);
      return undefined;
    }
    return value;
  }

  time(value: unknown, path: string): number {
    if (value === undefined) this.fail(path, 'importMissing');
    if (typeof value !== 'number') this.fail(path, 'importNotTimeNumber', describe(value));
    if (!Number.isFinite(value) || value < 0 || value > MAX_TIME) this.fail(path, 'importBadTime', String(value));
    return value;
  }

  id(value: unknown, path: string): PaperId {
    if (value === undefined) this.fail(path, 'importMissing');
    if (!isPaperId(value)) this.fail(path, 'importBadId', typeof value === 'string' ? quote(value) : describe(value));
    // As the library keys it: a file may name a version (`2401.00001v2`) or write a DOI in capitals,
    // and a library before 2026-11-30 kept an old-style arXiv id in the case the page wrote it.
    return canonicalPaperId(value);
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(path, 'importNotOneOf', allowed.join(', '), typeof value === 'string' ? quote(value) : describe(value));
    }
    return value as T;
  }

  /** Notes a field cut to the library's limits, for the warning. */
  trim(path: string): void {
    this.trimmed.push(path);
  }

  /**
   * A paper's date (see `paperDate`), or `undefined`. A day no calendar has (`2024-02-31`, which a
   * page could give an earlier version) is left out with a warning, not a reason to refuse a backup.
   */
  date(value: unknown, path: string): string | undefined {
    const date = this.optionalText(value, path, 10);
    if (date === undefined || readPaperDate(date) === date) return date;
    if (!/^\d{4}(?:-\d{2}){0,2}$/.test(date)) this.fail(path, 'importBadDate', quote(date));
    this.impossibleDates.push(path);
    return undefined;
  }

  /** A web address, or `undefined` (and a warning) for any other scheme. */
  url(value: unknown, path: string): string | undefined {
    const url = this.text(value, path, PAPER_LIMITS.url);
    if (/^https?:\/\/\S+$/i.test(url)) return url;
    if (url !== '') this.dropped.push(path);
    return undefined;
  }
}

function codeLink(check: Checker, value: unknown, path: string): CodeLink | undefined {
  const raw = check.object(value, path, 'importWhatLink');
  const url = check.url(raw.url, `${path}.url`);
  const link: CodeLink = {
    url: url ?? '',
    host: check.oneOf(raw.host, `${path}.host`, CODE_HOSTS),
    kind: check.oneOf(raw.kind, `${path}.kind`, LINK_KINDS),
    status: check.oneOf(raw.status, `${path}.status`, LINK_STATUSES),
    label: raw.label === undefined ? '' : check.text(raw.label, `${path}.label`, PAPER_LIMITS.linkLabel),
  };
  return url ? link : undefined;
}

/** Author names, each cut to `PAPER_LIMITS.authorName` (with a warning) as the library now stores them. */
function authorNames(check: Checker, value: unknown, path: string): string[] {
  const names = check.texts(value, path, PAPER_LIMITS.authors, MAX_TEXT);
  return names.map((name, i) => {
    if (name.length <= PAPER_LIMITS.authorName) return name;
    check.trim(`${path}[${i}]`);
    return name.slice(0, PAPER_LIMITS.authorName);
  });
}

function paperRecord(check: Checker, value: unknown, path: string): PaperRecord {
  const raw = check.object(value, path, 'importWhatPaper');
  const id = check.id(raw.id, `${path}.id`);
  if (raw.title === undefined) check.fail(`${path}.title`, 'importMissing');
  const title = check.text(raw.title, `${path}.title`, MAX_TITLE_LENGTH);
  if (title.trim() === '') check.fail(`${path}.title`, 'importEmptyField');
  check.name(path, quote(title));
  if (raw.url === undefined) check.fail(`${path}.url`, 'importMissing');
  const url = check.url(raw.url, `${path}.url`);
  const links = raw.codeLinks === undefined ? [] : check.capped(raw.codeLinks, `${path}.codeLinks`, 'importWhatLinks', PAPER_LIMITS.codeLinks, MAX_LIST);
  const record: PaperRecord = {
    id,
    title,
    authors: raw.authors === undefined ? [] : authorNames(check, raw.authors, `${path}.authors`),
    url: url ?? fallbackUrl(id),
    codeLinks: links.map((link, i) => codeLink(check, link, `${path}.codeLinks[${i}]`)).filter((link): link is CodeLink => !!link),
    source: raw.source === undefined ? 'import' : check.text(raw.source, `${path}.source`, PAPER_LIMITS.source),
    firstSeenAt: check.time(raw.firstSeenAt, `${path}.firstSeenAt`),
    lastSeenAt: check.time(raw.lastSeenAt, `${path}.lastSeenAt`),
    seenOn: raw.seenOn === undefined ? [] : check.texts(raw.seenOn, `${path}.seenOn`, PAPER_LIMITS.seenOn, PAPER_LIMITS.source),
    createdAt: check.time(raw.createdAt, `${path}.createdAt`),
    updatedAt: check.time(raw.updatedAt, `${path}.updatedAt`),
  };
  // In arXiv's own case: a library before 2026-11-30 stored `Hep-th/9901001` as a page wrote it.
  const arxivId = canonicalArxivId(check.optionalText(raw.arxivId, `${path}.arxivId`, PAPER_LIMITS.arxivId));
  if (arxivId !== undefined && findArxivId(arxivId) !== arxivId) check.fail(`${path}.arxivId`, 'importNotArxivId', quote(arxivId));
  const date = check.date(raw.date, `${path}.date`);
  const optional: Partial<PaperRecord> = {
    authorCount: check.whole(raw.authorCount, `${path}.authorCount`),
    arxivId,
    doi: check.optionalText(raw.doi, `${path}.doi`, PAPER_LIMITS.doi),
    abstract: check.optionalText(raw.abstract, `${path}.abstract`, MAX_TEXT),
    date,
    upvotes: check.whole(raw.upvotes, `${path}.upvotes`),
    comments: check.whole(raw.comments, `${path}.comments`),
    projectPage: raw.projectPage === undefined ? undefined : check.url(raw.projectPage, `${path}.projectPage`),
  };
  for (const [key, field] of Object.entries(optional)) {
    if (field !== undefined) (record as unknown as Record<string, unknown>)[key] = field;
  }
  return canonicalPaper(record);
}

function annotation(check: Checker, value: unknown, path: string, titles: ReadonlyMap<PaperId, string>): Annotation {
  const raw = check.object(value, path, 'importWhatAnnotation');
  const id = check.id(raw.id, `${path}.id`);
  const title = titles.get(id);
  check.name(path, title === undefined ? id : quote(title));
  const note = raw.note === undefined ? '' : check.text(raw.note, `${path}.note`, MAX_NOTE_LENGTH);
  const tags = raw.tags === undefined ? [] : check.texts(raw.tags, `${path}.tags`, 1000, 1000);
  // The library never holds more or longer tags; a file from elsewhere may: cut, and said so.
  if (tagsOverLimits(tags)) check.trim(`${path}.tags`);
  const status: ReadingStatus = raw.status === undefined ? 'none' : check.oneOf(raw.status, `${path}.status`, READING_STATUSES);
  return {
    id,
    note,
    tags: normaliseTags(tags),
    status,
    createdAt: check.time(raw.createdAt, `${path}.createdAt`),
    updatedAt: check.time(raw.updatedAt, `${path}.updatedAt`),
  };
}

function uniqueIds<T extends { id: PaperId }>(check: Checker, records: T[], path: string): T[] {
  const seen = new Map<PaperId, number>();
  records.forEach((record, i) => {
    const first = seen.get(record.id);
    if (first !== undefined) check.fail(`${path}[${i}].id`, 'importRepeats', `${path}[${first}]`, quote(record.id));
    seen.set(record.id, i);
  });
  return records;
}

/**
 * Reads a backup file. Throws `ImportError` with a message naming what is wrong and where; see the
 * module comment for the rules. A UTF-8 byte order mark at the start is accepted.
 */
export function parseBackup(text: string): ParsedBackup {
  const { value, tainted } = parseJson(text);
  if (value === null || typeof value !== 'object') {
    throw new ImportError(t('importHolds', describe(value)));
  }
  if (Array.isArray(value)) {
    throw new ImportError(t('importHoldsList'));
  }
  const check = new Checker(tainted);
  const top = check.object(value, t('importTheFile'), 'importWhatObject');
  if (top.format === undefined) throw new ImportError(t('importNoFormat'));
  if (top.format !== BACKUP_FORMAT) {
    throw new ImportError(t('importWrongFormat', typeof top.format === 'string' ? quote(top.format) : describe(top.format), BACKUP_FORMAT));
  }
  const version = top.version;
  if (version === undefined) throw new ImportError(t('importNoVersion'));
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ImportError(t('importBadVersion', typeof version === 'number' ? version : describe(version)));
  }
  if (version > BACKUP_VERSION) {
    throw new ImportError(t('importNewerVersion', version, BACKUP_VERSION));
  }
  const exportedAt = top.exportedAt === undefined ? undefined : check.text(top.exportedAt, 'exportedAt', 64);
  if (top.papers === undefined) check.fail('papers', 'importMissing');
  if (top.annotations === undefined) check.fail('annotations', 'importMissing');
  const rawPapers = check.list(top.papers, 'papers', 'importWhatPapers', MAX_IMPORT_RECORDS);
  const rawAnnotations = check.list(top.annotations, 'annotations', 'importWhatAnnotations', MAX_IMPORT_RECORDS);
  const papers = uniqueIds(check, rawPapers.map((raw, i) => paperRecord(check, raw, `papers[${i}]`)), 'papers');
  const titles = new Map(papers.map((paper) => [paper.id, paper.title]));
  const annotations = uniqueIds(check, rawAnnotations.map((raw, i) => annotation(check, raw, `annotations[${i}]`, titles)), 'annotations');
  check.finish();
  const parsed: ParsedBackup = { kind: 'backup', papers, annotations, warnings: check.warnings };
  if (exportedAt !== undefined) parsed.exportedAt = exportedAt;
  return parsed;
}

function cslText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function cslAuthor(check: Checker, value: unknown, path: string): string | undefined {
  const raw = check.object(value, path, 'importWhatName');
  const part = (key: string) => (raw[key] === undefined ? '' : check.text(raw[key], `${path}.${key}`, 500).trim());
  const literal = part('literal');
  if (literal) return literal;
  const name = [part('given'), part('dropping-particle'), part('non-dropping-particle'), part('family'), part('suffix')].filter(Boolean).join(' ');
  return name || undefined;
}

/** A date written as text: `2019-07-01`, `2019/7/1`, `2019-07`, `2019`, or a timestamp that starts so. */
function textDate(text: string): string | undefined {
  const match = /^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?![\d/-])/.exec(text);
  return match ? paperDate(Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3])) : undefined;
}

/**
 * A CSL date (`issued`) as the library keeps dates: as much of year, month and day as it gives
 * (Zotero often gives a year alone), from its `date-parts` (the first of a range), else its `raw`
 * text, else the one year its `literal` names ("Spring 2019"). Undefined when none of them reads.
 */
function cslDate(value: unknown): string | undefined {
  if (typeof value === 'string') return textDate(value);
  if (!value || typeof value !== 'object') return undefined;
  const { 'date-parts': parts, raw, literal } = value as Record<string, unknown>;
  const first = Array.isArray(parts) && Array.isArray(parts[0]) ? (parts[0] as unknown[]).slice(0, 3) : [];
  // CSL allows numbers written as strings: ["2019", "7"].
  const numbers = first.map((part) => (typeof part === 'string' && /^\d{1,4}$/.test(part) ? Number(part) : part));
  if (numbers.length > 0 && numbers.every(Number.isInteger)) {
    const [year, month, day] = numbers as number[];
    const date = paperDate(year!, month, day);
    if (date) return date;
  }
  const fromRaw = typeof raw === 'string' ? textDate(raw) : undefined;
  if (fromRaw) return fromRaw;
  const years = typeof literal === 'string' ? literal.match(/(?<!\d)\d{4}(?!\d)/g) : null;
  return years?.length === 1 ? paperDate(Number(years[0])) : undefined;
}

/**
 * Reads a CSL-JSON reference list (from Zotero, Mendeley, pandoc, or `toCslJson`) as papers without
 * annotations. A paper's id is its arXiv id (from `number`, `URL` or an arXiv DOI), else its DOI,
 * else its title. Items without a title are refused; repeated ids keep the first item (warned).
 * Times are `now`: the file does not say when the user met the paper.
 */
export function parseCslJson(text: string, now = Date.now()): ParsedBackup {
  const { value, tainted } = parseJson(text);
  if (!Array.isArray(value)) {
    throw new ImportError(t('importCslNotList', describe(value)));
  }
  // Said as an empty file is: a preview of "0 new, 0 updated" would read as if it had been checked against the library.
  if (value.length === 0) throw new ImportError(t('importEmpty'));
  const check = new Checker(tainted);
  check.list(value, t('importTheFile'), 'importWhatReferences', MAX_IMPORT_RECORDS);
  // Another program's list (its first item neither titled nor typed, as every CSL item is): said as
  // such, not as "references[0].title is missing", which reads as a damaged file of ours.
  const first: unknown = value[0];
  if (first && typeof first === 'object' && !Array.isArray(first) && !('title' in first) && !('type' in first)) {
    throw new ImportError(t('importNotCslList'));
  }
  const papers: PaperRecord[] = [];
  const seen = new Set<PaperId>();
  let repeated = 0;
  let unreadDates = 0;
  value.forEach((item, i) => {
    const path = `references[${i}]`;
    const raw = check.object(item, path, 'importWhatReference');
    if (raw.title === undefined) check.fail(`${path}.title`, 'importMissing');
    const title = foldWhitespace(check.text(raw.title, `${path}.title`, MAX_TITLE_LENGTH));
    if (!title) check.fail(`${path}.title`, 'importEmptyField');
    check.name(path, quote(title));
    const authors = raw.author === undefined ? [] : check.list(raw.author, `${path}.author`, 'importWhatNames', 5000);
    const url = raw.URL === undefined ? undefined : check.url(raw.URL, `${path}.URL`);
    const doiText = raw.DOI === undefined ? undefined : check.text(raw.DOI, `${path}.DOI`, PAPER_LIMITS.doi);
    const arxivDoi = arxivDoiSuffix(doiText);
    const arxivId = canonicalArxivId(findArxivId(cslText(raw.number)) ?? findArxivId(url) ?? findArxivId(arxivDoi));
    const doi = arxivDoi ? undefined : findDoi(doiText);
    const id = makePaperId({ arxivId, doi, title });
    if (!isPaperId(id)) check.fail(path, 'importNoIdentity');
    if (seen.has(id)) {
      repeated += 1;
      return;
    }
    seen.add(id);
    const record: PaperRecord = {
      id,
      title,
      authors: authors.map((name, j) => cslAuthor(check, name, `${path}.author[${j}]`)).filter((name): name is string => !!name),
      url: url ?? fallbackUrl(id),
      codeLinks: [],
      source: 'csl-json',
      firstSeenAt: now,
      lastSeenAt: now,
      seenOn: [],
      createdAt: now,
      updatedAt: now,
    };
    if (arxivId) record.arxivId = arxivId;
    if (doi) record.doi = doi;
    const abstract = raw.abstract === undefined ? undefined : check.text(raw.abstract, `${path}.abstract`, MAX_TEXT);
    if (abstract) record.abstract = abstract;
    const date = cslDate(raw.issued);
    if (date) record.date = date;
    else if (raw.issued !== undefined) unreadDates += 1;
    papers.push(canonicalPaper(record));
  });
  check.finish();
  if (repeated > 0) check.warnings.push(repeated === 1 ? t('importRepeatedOne') : t('importRepeatedMany', count(repeated)));
  if (unreadDates > 0) check.warnings.push(unreadDates === 1 ? t('importDateUnreadOne') : t('importDateUnreadMany', count(unreadDates)));
  return { kind: 'csl-json', papers, annotations: [], warnings: check.warnings };
}

/** Reads either kind of import file: a JSON list is taken as CSL-JSON, anything else as a backup. */
export function parseImport(text: string, now = Date.now()): ParsedBackup {
  // Size first: even slicing a 1 GB string read from disk can copy it.
  if (typeof text === 'string' && text.length > MAX_IMPORT_CHARS) return parseBackup(text);
  const start = typeof text === 'string' ? text.slice(0, 1024).replace(/^\ufeff/, '').trimStart() : '';
  return start.startsWith('[') ? parseCslJson(text, now) : parseBackup(text);
}
