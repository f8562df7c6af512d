import {
  type Annotation,
  type AnnotationPatch,
  MAX_NOTE_LENGTH,
  READING_STATUSES,
  editTime,
  mergeNote,
  mergeTagEdits,
} from '../shared/annotation';
import { t } from '../shared/i18n';
import type { PaperState, PaperStates } from '../shared/messages';
import { type Paper, type PaperId, codeFirst, isPaperId } from '../shared/paper';
import type { LibraryRecord, PaperMarginDB, PaperRecord } from './db';
import { capLists } from './validate';
import { writeTransaction } from './shared-read';

/**
 * Merges what a page says now into what was stored: new values win where the page has them, known
 * values stay where it does not (an arXiv listing has no upvotes; a HF card may lack authors).
 */
export function mergePaper(old: PaperRecord | undefined, paper: Paper, now: number, since?: number): PaperRecord {
  if (!old) {
    return { ...paper, firstSeenAt: now, lastSeenAt: now, seenOn: [paper.source], createdAt: now, updatedAt: now };
  }
  const merged: PaperRecord = { ...old };
  // Any page may be read on request, and may say anything of a paper it names: what it says only fills
  // the gaps in what the paper's own sites said (a page could otherwise give a real paper a title, a
  // link to follow or a code link of its choosing).
  const fillOnly = paper.source === 'generic' && old.seenOn.some((source) => source !== 'generic');
  const empty = (value: unknown) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  for (const [key, value] of Object.entries(paper) as Array<[keyof Paper, unknown]>) {
    if (empty(value) || (fillOnly && !empty(old[key]))) continue;
    (merged as unknown as Record<string, unknown>)[key] = value;
  }
  // Full author names beat an empty list from a page that only shows a count.
  if (paper.authors.length < old.authors.length) merged.authors = old.authors;
  // The first showing on a paper's own site replaces the code links pages read on request gave it.
  const firstOwnSite = paper.source !== 'generic' && old.seenOn.every((source) => source === 'generic');
  if (firstOwnSite) merged.codeLinks = paper.codeLinks;
  else if (!fillOnly || old.codeLinks.length === 0) {
    const seenUrls = new Set(paper.codeLinks.map((link) => link.url));
    // Code first again: this page's project page must not go before the code another page gave.
    merged.codeLinks = codeFirst([...paper.codeLinks, ...old.codeLinks.filter((link) => !seenUrls.has(link.url))]);
  }
  merged.seenOn = old.seenOn.includes(paper.source) ? old.seenOn : [...old.seenOn, paper.source];
  // The showing before this one is kept (see stateOf), unless it is this visit's own (after it began,
  // or within the last minute when the page does not say when that was): a page's batches and
  // re-renders would push out the showings of earlier visits.
  if (old.lastSeenAt < Math.max(since ?? -Infinity, now - SAME_VISIT_MS)) {
    merged.earlierSeenAt = [old.lastSeenAt, ...(old.earlierSeenAt ?? [])].slice(0, EARLIER_SEEN);
  }
  merged.lastSeenAt = now;
  merged.updatedAt = now;
  return capLists(merged);
}

/** Without the time a visit began, showings this close together count as one visit (a reload). */
export const SAME_VISIT_MS = 60_000;
/** Earlier showings kept per paper: enough for the tabs a reader opens during one visit. */
export const EARLIER_SEEN = 8;

/**
 * What the library knows of a paper. `since`: when the visit of the page that records it began. A
 * showing after that was another tab's during this visit (two tabs loading at once, a restored
 * session), which made the paper look new there, or seen when it never was: the page learns the
 * latest showing before its visit, from the earlier showings kept, or else the first of all.
 */
function stateOf(record: PaperRecord | undefined, annotation: Annotation | undefined, since?: number): PaperState {
  const state: PaperState = { seenOn: record?.seenOn ?? [] };
  const times = record ? [record.lastSeenAt, ...(record.earlierSeenAt ?? []), record.firstSeenAt] : [];
  const lastSeenAt = since === undefined ? record?.lastSeenAt : times.find((time) => typeof time === 'number' && time < since);
  if (lastSeenAt !== undefined) state.lastSeenAt = lastSeenAt;
  if (annotation) state.annotation = annotation;
  return state;
}

/** A page's papers being recorded: their states, known before the writes are done, and the writes. */
export interface Recording {
  /** Each paper's state from before this visit. */
  states: PaperStates;
  /** Settles once the transaction has committed; fails with its error (a full disk) when it does not. */
  stored: Promise<void>;
  /** How many of the papers the library did not hold before. */
  added: number;
}

/**
 * Stores the papers of one page in one transaction, and answers each one's state from before the
 * visit as soon as it is read: the page draws its cards with the states while the writes go on
 * (timed in the worker on a 28-card feed, the writes and the commit were about 9 of the answer's
 * 20 ms). Later transactions on the library, a note saved from that page included, come after
 * this one's writes.
 */
export async function startRecording(db: PaperMarginDB, papers: readonly Paper[], now = Date.now(), since?: number): Promise<Recording> {
  const tx = writeTransaction(db, papers.map((paper) => paper.id));
  const store = tx.objectStore('library');
  // Every request is issued before any is awaited: IndexedDB answers them in order, in one transaction.
  let olds: Array<LibraryRecord | undefined>;
  try {
    olds = await Promise.all(papers.map((paper) => store.get(paper.id)));
  } catch (error) {
    // Nothing is written when a read fails: the error is the caller's, the transaction's end no news.
    tx.done.catch(() => undefined);
    throw error;
  }
  const states: PaperStates = {};
  let added = 0;
  // One record per paper: a paper shown twice in a batch (two cards) is merged card after card, as two
  // visits would be, not written twice from the same stored record (the second would drop the first's fields).
  const records = new Map<PaperId, LibraryRecord>();
  papers.forEach((paper, index) => {
    const old = records.get(paper.id) ?? olds[index];
    if (!records.has(paper.id)) {
      states[paper.id] = stateOf(old?.paper, old?.annotation, since);
      if (!old) added++;
    }
    records.set(paper.id, { ...old, id: paper.id, paper: mergePaper(old?.paper, paper, now, since) });
  });
  // A put that fails later aborts the transaction, so `done` carries its error; each put is heard too.
  const writes: Array<Promise<unknown>> = [tx.done];
  try {
    for (const record of records.values()) writes.push(store.put(record));
  } catch (error) {
    // A put that throws at once (a value that cannot be stored) stops them all: nothing is half-written.
    try {
      tx.abort();
    } catch {
      // Already over: then nothing more can be written either.
    }
    void Promise.allSettled(writes);
    return { states, stored: Promise.reject(error as Error), added: 0 };
  }
  return { states, stored: Promise.all(writes).then(() => undefined), added };
}

/** Stores the papers of one page in one transaction; answers each one's state from before the visit once stored. */
export async function recordPapers(db: PaperMarginDB, papers: readonly Paper[], now = Date.now(), since?: number): Promise<PaperStates> {
  const { states, stored } = await startRecording(db, papers, now, since);
  await stored;
  return states;
}

/** The stored state of each id. */
export async function getStates(db: PaperMarginDB, ids: readonly PaperId[]): Promise<PaperStates> {
  const store = db.transaction('library', 'readonly').store;
  const records = await Promise.all(ids.map((id) => store.get(id)));
  const states: PaperStates = {};
  ids.forEach((id, index) => (states[id] = stateOf(records[index]?.paper, records[index]?.annotation)));
  return states;
}

/** Checks a patch from another context; throws a readable error instead of storing bad data. */
export function validatePatch(id: unknown, patch: unknown): asserts patch is AnnotationPatch {
  if (!isPaperId(id)) throw new Error(t('errorNoPaperId'));
  if (typeof patch !== 'object' || patch === null) throw new Error(t('errorNothingToSave'));
  const { note, tags, status } = patch as Record<string, unknown>;
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE_LENGTH)) {
    throw new Error(t('errorNoteTooLong', MAX_NOTE_LENGTH.toLocaleString()));
  }
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string'))) {
    throw new Error(t('errorTagsNotList'));
  }
  if (status !== undefined && !READING_STATUSES.includes(status as never)) throw new Error(t('errorUnknownStatus'));
  const { base } = patch as { base?: unknown };
  if (base !== undefined) {
    if (typeof base !== 'object' || base === null) throw new Error(t('errorNoBase'));
    const { note: baseNote, tags: baseTags } = base as Record<string, unknown>;
    const badNote = baseNote !== undefined && (typeof baseNote !== 'string' || baseNote.length > MAX_NOTE_LENGTH);
    const badTags = baseTags !== undefined && (!Array.isArray(baseTags) || baseTags.some((tag) => typeof tag !== 'string'));
    if (badNote || badTags) throw new Error(t('errorNoBase'));
  }
}

/**
 * Applies a field-level edit. The rule for concurrent edits (two tabs and the popup): each change
 * carries only the fields the user touched, so edits of different fields all survive; a note or tag
 * edit also carries what the editor started from, and an edit made elsewhere since is merged in, not
 * overwritten (`mergeNote`, `mergeTagEdits`); the status, one choice, goes to the last write. Paper
 * and annotation are one record, written in one transaction: nothing is half-written.
 */
export async function setAnnotation(
  db: PaperMarginDB,
  id: PaperId,
  patch: AnnotationPatch,
  paper?: Paper,
  now = Date.now(),
): Promise<Annotation> {
  validatePatch(id, patch);
  const tx = writeTransaction(db, [id]);
  const store = tx.objectStore('library');
  const record = (await store.get(id)) ?? { id };
  const old = record.annotation;
  const annotation: Annotation = old
    ? { ...old, updatedAt: editTime(now, old.updatedAt) }
    : { id, note: '', tags: [], status: 'none', createdAt: now, updatedAt: now };
  if (patch.note !== undefined) annotation.note = mergeNote(old?.note ?? '', patch.note, patch.base?.note);
  if (patch.tags !== undefined) annotation.tags = mergeTagEdits(old?.tags ?? [], patch.tags, patch.base?.tags);
  if (annotation.note.length > MAX_NOTE_LENGTH) throw new Error(t('errorNoteTooLong', MAX_NOTE_LENGTH.toLocaleString()));
  if (patch.status !== undefined) annotation.status = patch.status;
  const stored = { ...record, annotation };
  if (paper && paper.id === id && !record.paper) stored.paper = mergePaper(undefined, paper, now);
  await store.put(stored);
  await tx.done;
  return annotation;
}
