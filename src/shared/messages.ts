import type { Annotation, AnnotationPatch } from './annotation';
import type { Paper, PaperId } from './paper';

/** What the background knows about a paper shown on a page. */
export interface PaperState {
  annotation?: Annotation;
  /** When the paper was last shown on any page before this call (epoch ms); absent the first time. */
  lastSeenAt?: number;
  /** Adapter ids of the sites it has been seen on. */
  seenOn: string[];
}

export type PaperStates = Partial<Record<PaperId, PaperState>>;

/**
 * Calls answered by the background, from the content script, the popup and the options page.
 * Commands are imperatives, queries `getX`. Every reply travels as a `Result`.
 */
export interface BackgroundCalls {
  /** Stores or refreshes the papers found on a page; answers their states as they were before. */
  recordPapers(req: { papers: Paper[]; pageTotal: number }): PaperStates;
  getStates(req: { ids: PaperId[] }): PaperStates;
  /** Applies a field-level edit in one transaction; answers the stored annotation. */
  setAnnotation(req: { id: PaperId; patch: AnnotationPatch; paper?: Paper }): Annotation;
  /** Opens the popup's panel in a tab of its own for the sender's tab (keyboard users, small screens). */
  openPanel(req: Record<string, never>): void;
}

/** Calls answered by the content script of a tab (from the popup). */
export interface ContentCalls {
  /** The papers detected on the page, in page order. */
  getPagePapers(req: Record<string, never>): Paper[];
}

/** Events the background broadcasts to tabs and extension pages (past tense). */
export interface Events {
  annotationChanged: { annotation: Annotation };
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
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return 'The browser has no room left for Paper Margin’s data. Free some disk space or export and prune your library; nothing was changed.';
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
