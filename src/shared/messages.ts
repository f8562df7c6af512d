import type { Annotation, AnnotationPatch, TagUse } from './annotation';
import type { CodeLink, FoundPaper, LinkKind, Paper, PaperId } from './paper';
import { t } from './i18n';

/** A paper as the library shows it: what was stored about it, and the reader's annotation. */
export interface LibraryEntry {
  paper: Paper & { firstSeenAt?: number; lastSeenAt?: number; updatedAt?: number; createdAt?: number };
  annotation?: Annotation;
}

/** What the background knows about a paper shown on a page. */
export interface PaperState {
  annotation?: Annotation;
  /**
   * When the paper was last shown on any page before this call (epoch ms), or before the page's visit
   * began when the record says when (`since`): another tab's showing during the visit does not count.
   * Absent the first time.
   */
  lastSeenAt?: number;
  /** Adapter ids of the sites it has been seen on. */
  seenOn: string[];
}

export type PaperStates = Partial<Record<PaperId, PaperState>>;

export interface RecordReply {
  states: PaperStates;
  /** Each paper's code links, read from its sources by the background, in the order the papers were sent. */
  codeLinks: CodeLink[][];
  /**
   * Why the library could not be read (the links still came): the reader's message. A write that
   * fails after the answer (a full disk) is reported by the background instead, on the toolbar
   * button and in the popup (`getRecordProblem`), as this failure is too.
   */
  error?: string;
  /** The cards' styles (card.css), when asked for: they come with the first answer a page needs to draw cards. */
  style?: string;
  /** Every string in the user's language, when asked for, marked for `provideMessages` (src/shared/i18n.ts). */
  messages?: Record<string, string>;
}

/** The attribute on every link Paper Margin highlights inside the page's own text (the page style for them keys on it). */
export const LINK_ATTRIBUTE = 'data-paper-margin-link';

/** The most `findLinks` reads from one request; content scripts split larger ones. */
export const FIND_LINKS_LIMITS = { urls: 2000, texts: 500, textLength: 100_000 } as const;

export interface FoundLinks {
  /** The kind of each URL asked about, `null` where it is no code, project or data link. */
  urls: Array<LinkKind | null>;
  /** For each text, the links written in it: `[start, end, url, kind]`. */
  texts: Array<Array<[number, number, string, LinkKind]>>;
  /** The page's style for the links the highlighter marks, when asked for. */
  style?: string;
}

/**
 * Calls answered by the background, from the content script, the popup and the options page.
 * Commands are imperatives, queries `getX`. Every reply travels as a `Result`.
 */
export interface BackgroundCalls {
  /**
   * Reads the code links of the papers found on a page, stores or refreshes the papers, and answers
   * their states as they were before with each one's code links, once the states are read (the
   * writes go on after the answer).
   */
  recordPapers(req: { papers: FoundPaper[]; style?: boolean; strings?: boolean; since?: number }): RecordReply;
  /** The code links among a page element's anchors and written in its texts, to mark them in place. */
  findLinks(req: { urls: string[]; texts: string[]; style?: boolean }): FoundLinks;
  getStates(req: { ids: PaperId[] }): PaperStates;
  /** Applies a field-level edit in one transaction; answers the stored annotation. */
  setAnnotation(req: { id: PaperId; patch: AnnotationPatch; paper?: Paper }): Annotation;
  /** Why the papers of a tab's page were not recorded (a full disk), or `null` when nothing went wrong. */
  getRecordProblem(req: { tabId: number }): string | null;
  /** Shows the page's paper count (and how many are noted) on the toolbar button of the sender's tab. */
  showCounts(req: { total: number; noted: number }): void;
  /** Every annotated paper with its annotation, for the library view. */
  getLibrary(req: Record<string, never>): LibraryEntry[];
  /** Every tag with its use count and last use, for autocomplete. */
  getTags(req: Record<string, never>): TagUse[];
  /** Renames a tag everywhere; where the new name is already on a paper the two merge. Answers papers changed. */
  renameTag(req: { from: string; to: string }): number;
  /** Files the papers of several tags under one. Answers papers changed. */
  mergeTags(req: { sources: string[]; target: string }): number;
  /**
   * How many papers the library holds and how many of them are annotated; with `olderThanDays`, also
   * the time that age means now (`before`) and how many papers `forgetHistory` would forget before it.
   */
  getHistory(req: { olderThanDays?: HistoryAge }): HistoryCounts & { before?: number; forgettable?: number };
  /** Forgets the papers seen but never annotated that a page last showed before `before` (epoch ms). Answers how many went. */
  forgetHistory(req: { before: number }): number;
  /** Builds an export and hands it to the browser's downloads. */
  /**
   * `count`: the papers in the file; `noted`: of those, the ones with notes (the JSON backup holds the
   * others too); `tooLargeToImport`: a backup over what an import reads (MAX_IMPORT_CHARS, MAX_IMPORT_RECORDS);
   * `longCellPapers`: in a CSV, the papers with a cell longer than spreadsheets keep (SPREADSHEET_CELL_LIMIT).
   */
  exportLibrary(req: ExportRequest): { filename: string; count: number; noted?: number; tooLargeToImport?: boolean; longCellPapers?: number };
  /**
   * A paper's BibTeX entry, with the citation key an export of every noted paper gives it (a key
   * that clashes there takes letters of the paper's id), to copy and cite.
   */
  citation(req: { id: PaperId; paper?: Paper }): string;
  /** Reads an import file and says what importing it would do; changes nothing. */
  previewImport(req: ImportFile): ImportPreview;
  /** Imports a file in one transaction with the reader's choice for each conflict. */
  /**
   * Applies a previewed file with the reader's choices. `shown`: the `updatedAt` of each conflict's
   * local annotation as the preview showed it; a choice about one changed since is refused.
   */
  applyImport(req: ImportFile & { resolution: Record<string, ConflictChoice>; shown?: Record<string, number> }): ImportPreview;
  /** Runs the generic adapter on a tab the reader chose (activeTab): any page with papers on it. */
  findPapersOnTab(req: { tabId: number }): void;
  /** Opens the popup's panel in a tab of its own for the sender's tab (keyboard users, small screens). */
  openPanel(req: Record<string, never>): void;
}

/** How long ago a page last showed the papers to forget: days, or `all`. */
export type HistoryAge = number | 'all';

export interface HistoryCounts {
  /** Every paper the library holds. */
  papers: number;
  /** Those with a note, tags or a status: never forgotten. */
  annotated: number;
  /** The most papers the library keeps (see store/history.ts). */
  limit: number;
  /** When papers were last forgotten to keep the library under that limit, and how many. */
  pruned?: { at: number; count: number };
}

export type ExportFormat = 'markdown-zip' | 'markdown' | 'json' | 'bibtex' | 'csv' | 'csl-json';

export interface ExportRequest {
  format: ExportFormat;
  /** Only papers with this tag; all annotated papers otherwise. */
  tag?: string;
  /** Only these papers (the current page's, or those the popup's Library lists); overrides `tag`. */
  ids?: PaperId[];
  /** The `ids` are the Library's search results, not a page's: the file is named so. */
  listed?: boolean;
}

export type ConflictChoice = 'keep-local' | 'take-incoming' | 'keep-both';

/** What an import will do (or did): counts and the conflicts the reader must decide. */
/**
 * A file to import: its text, or, for a file larger than a message carries (Chrome's limit is 64 MB),
 * a `blob:` URL of it made by the extension page that holds it, which the background reads itself.
 */
export type ImportFile = { name: string } & ({ text: string; file?: undefined } | { file: string; text?: undefined });

export interface ImportPreview {
  added: number;
  updated: number;
  unchanged: number;
  conflicts: Array<{ id: PaperId; title: string; local: Annotation; incoming: Annotation }>;
  /** What reading the file left out or cut (a `javascript:` link, an over-long field), in the reader's language. */
  warnings: string[];
}

/** What a tab knows of its papers: the popup's first list comes from it without asking the library. */
export interface PagePapersReply {
  /** The papers detected on the page, in page order. */
  papers: Paper[];
  /** The saved annotation of each paper, as the page last heard it from the library. */
  annotations: Partial<Record<PaperId, Annotation>>;
  /** True when the page has heard from the library about every one of its papers. */
  complete: boolean;
  /** True when Paper Margin shows nothing on the page: its site is switched off, or it is no feed. */
  off?: boolean;
}

/** Calls answered by the content script of a tab (from the popup). */
export interface ContentCalls {
  getPagePapers(req: Record<string, never>): PagePapersReply;
}

/** Events the background broadcasts to tabs and extension pages (past tense). */
export interface Events {
  annotationChanged: { annotation: Annotation };
  /** Many annotations changed at once (an import, a tag rename): pages reload their states. */
  libraryChanged: Record<string, never>;
  /** A browser-level shortcut (manifest `commands`) was pressed on this tab. */
  commandTriggered: { command: string };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export type CallName<C> = keyof C & string;
export type Request<C, K extends keyof C> = C[K] extends (req: infer R) => unknown ? R : never;
export type Reply<C, K extends keyof C> = C[K] extends (...args: never[]) => infer R ? R : never;

/** The envelope of every message; `pm` tells our messages from anything else on the channel. */
export type Envelope =
  | { pm: 'call'; name: string; req: unknown }
  | { pm: 'event'; name: keyof Events; data: Events[keyof Events] };

export function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    ((message as Envelope).pm === 'call' || (message as Envelope).pm === 'event') &&
    typeof (message as { name?: unknown }).name === 'string'
  );
}

/** Turns a thrown value into the message a user can read. */
export function errorMessage(error: unknown): string {
  // IndexedDB's errors, as they reach the background: each write is one transaction, so "nothing was
  // changed" is true of every one of them.
  if (error instanceof DOMException) {
    if (error.name === 'QuotaExceededError') return t('errorDiskFull');
    if (error.name === 'InvalidStateError' || error.name === 'TransactionInactiveError') return t('errorDatabaseClosed');
    if (error.name === 'UnknownError' || error.name === 'AbortError' || error.name === 'DataError') return t('errorDatabase', error.message || error.name);
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
