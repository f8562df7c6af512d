/**
 * Importing a parsed file: first a plan the user can read (what is new, what changes, what
 * conflicts), then one all-or-nothing transaction that applies it.
 *
 * Papers merge without losing local fields: an empty value never replaces a known one; where both
 * sides know a field, the side with the later `updatedAt` wins; author lists keep the longer one;
 * code links and `seenOn` are unions; first-seen and created times take the earlier, last-seen the
 * later.
 *
 * Annotations compare field by field (note, tags, status). A field is *empty* when the note is
 * blank, there are no tags, or the status is `none`; one side *contains* the other when the note
 * starts or ends with the other's whole note (at a line or word break) or the tags are a superset.
 * - no local annotation: added;
 * - local contains or equals incoming in every field: unchanged (an import never deletes text);
 * - otherwise, when incoming only fills local's empty fields: updated (whatever the times);
 * - otherwise, when incoming is newer and either contains local in every field or is a later edit
 *   of the same annotation (same `createdAt`, which copies keep) that changed only the status:
 *   updated with incoming's values;
 * - otherwise (local newer, equal times, two independent annotations that disagree, or a later copy
 *   that rewrote the note or tags, which may have been edited here too): conflict, resolved by the
 *   user per paper; unresolved conflicts keep local. Taking the incoming side takes it in the
 *   conflicting fields only; the others keep what the rules above keep.
 */
import { type Annotation, MAX_NOTE_LENGTH, MAX_TAGS, editTime, hasContent, joinedStatus, normaliseTags, tagKey } from '../shared/annotation';
import { t } from '../shared/i18n';
import { type PaperId, codeFirst } from '../shared/paper';
import { ImportError, type ParsedBackup, canonicalAnnotation, canonicalPaper } from './backup';
import { type IDBPObjectStore, unwrap } from 'idb';
import type { LibraryRecord, PaperMarginDB, PaperMarginSchema, PaperRecord } from './db';
import { capLists } from './validate';
import { writeTransaction } from './shared-read';

/** One paper the import touches, with what is stored now and what will be written. */
export interface ImportItem {
  id: PaperId;
  /** For display: the incoming title, else the stored one, else the id. */
  title: string;
  /** The stored records when the plan was made; `applyImport` checks they are still the same. */
  local: { paper?: PaperRecord; annotation?: Annotation };
  /** The paper record from the file, merged again if the stored one changes before `applyImport`. */
  incomingPaper?: PaperRecord;
  /** The records to write; a part that is absent is left as it is. */
  write: { paper?: PaperRecord; annotation?: Annotation };
}

/** Annotation fields the user can edit. */
export type AnnotationField = 'note' | 'tags' | 'status';

/** A paper whose stored annotation and incoming annotation disagree: the user picks. */
export interface ImportConflict extends ImportItem {
  localAnnotation: Annotation;
  incomingAnnotation: Annotation;
  /** The fields where importing would change the local annotation. */
  fields: AnnotationField[];
}

/** What an import would do, for the user to confirm. Items are sorted by id. */
export interface ImportPlan {
  added: ImportItem[];
  updated: ImportItem[];
  unchanged: number;
  conflicts: ImportConflict[];
  /** From the parser: what was dropped from the file. */
  warnings: string[];
  /** False for reference lists: their times are not the user's (see `mergeRecords`). */
  trustTimes: boolean;
}

/** How to settle one conflict. `keep-both` appends the incoming note after a separator line and unions the tags. */
export type ConflictResolution = 'keep-local' | 'take-incoming' | 'keep-both';

/** What `applyImport` wrote. */
export interface ImportResult {
  papers: number;
  annotations: number;
}

/** The line `keep-both` puts between the local note and the incoming one. */
export const KEEP_BOTH_SEPARATOR = '\n\n--- imported ---\n\n';

const RESOLUTIONS: readonly ConflictResolution[] = ['keep-local', 'take-incoming', 'keep-both'];
const TIME_FIELDS = new Set(['firstSeenAt', 'lastSeenAt', 'createdAt', 'updatedAt']);

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A stored paper merged with an incoming copy (rules in the module comment). `trustTimes` is false
 * for reference lists, whose times say when the file was read, not when the paper was seen or
 * edited: then the seen times are left alone and local values win wherever both sides have one.
 */
export function mergeRecords(local: PaperRecord, incoming: PaperRecord, trustTimes = true): PaperRecord {
  const incomingWins = trustTimes && incoming.updatedAt > local.updatedAt;
  const merged = { ...local } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(incoming)) {
    if (key === 'id' || TIME_FIELDS.has(key) || isEmptyValue(value)) continue;
    if (isEmptyValue(merged[key]) || incomingWins) merged[key] = value;
  }
  const record = merged as unknown as PaperRecord;
  const [first, second] = incomingWins ? [incoming, local] : [local, incoming];
  record.authors = second.authors.length > first.authors.length ? second.authors : first.authors;
  const urls = new Set(first.codeLinks.map((link) => link.url));
  record.codeLinks = codeFirst([...first.codeLinks, ...second.codeLinks.filter((link) => !urls.has(link.url))]);
  record.seenOn = [...local.seenOn, ...incoming.seenOn.filter((site) => !local.seenOn.includes(site))];
  capLists(record);
  if (trustTimes) {
    record.firstSeenAt = Math.min(local.firstSeenAt, incoming.firstSeenAt);
    record.lastSeenAt = Math.max(local.lastSeenAt, incoming.lastSeenAt);
    record.createdAt = Math.min(local.createdAt, incoming.createdAt);
  }
  // updatedAt moves only with content, so importing the same file twice changes nothing.
  const changed = !same(canonicalPaper({ ...record, updatedAt: 0 }), canonicalPaper({ ...local, updatedAt: 0 }));
  record.updatedAt = changed ? Math.max(local.updatedAt, trustTimes ? incoming.updatedAt : local.updatedAt) : local.updatedAt;
  return canonicalPaper(record);
}

type Relation = 'same' | 'local-empty' | 'incoming-empty' | 'local-contains' | 'incoming-contains' | 'differ';

/** True when `outer` is `inner` plus text before or after it, joined at white space. */
function noteContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.startsWith(inner) && /^\s/.test(outer.slice(inner.length))) return true;
  return outer.endsWith(inner) && /\s$/.test(outer.slice(0, outer.length - inner.length));
}

function tagsContain(outer: readonly string[], inner: readonly string[]): boolean {
  const keys = new Set(outer.map(tagKey));
  return inner.every((tag) => keys.has(tagKey(tag)));
}

function relate(local: Annotation, incoming: Annotation, field: AnnotationField): Relation {
  if (field === 'note') {
    const [l, i] = [local.note.trim(), incoming.note.trim()];
    if (local.note === incoming.note) return 'same';
    if (!i) return 'incoming-empty';
    if (!l) return 'local-empty';
    if (noteContains(l, i)) return 'local-contains';
    return noteContains(i, l) ? 'incoming-contains' : 'differ';
  }
  if (field === 'tags') {
    if (same(local.tags, incoming.tags)) return 'same';
    if (incoming.tags.length === 0) return 'incoming-empty';
    if (local.tags.length === 0) return 'local-empty';
    if (tagsContain(local.tags, incoming.tags)) return 'local-contains';
    return tagsContain(incoming.tags, local.tags) ? 'incoming-contains' : 'differ';
  }
  if (local.status === incoming.status) return 'same';
  if (incoming.status === 'none') return 'incoming-empty';
  return local.status === 'none' ? 'local-empty' : 'differ';
}

const FIELDS: readonly AnnotationField[] = ['note', 'tags', 'status'];
const KEEPS_LOCAL = new Set<Relation>(['same', 'incoming-empty', 'local-contains']);

type Decision = { kind: 'unchanged' } | { kind: 'write'; annotation: Annotation } | { kind: 'conflict'; fields: AnnotationField[] };

/** Applies the rules of the module comment to one annotation. */
export function decideAnnotation(local: Annotation, incoming: Annotation): Decision {
  const relations = FIELDS.map((field) => [field, relate(local, incoming, field)] as const);
  if (relations.every(([, relation]) => KEEPS_LOCAL.has(relation))) return { kind: 'unchanged' };
  const newer = incoming.updatedAt > local.updatedAt;
  const fillsOnly = relations.every(([, relation]) => KEEPS_LOCAL.has(relation) || relation === 'local-empty');
  const extends_ = relations.every(([, relation]) => relation !== 'differ');
  // A later copy of the same annotation (copies keep `createdAt`) wins where it is one choice, the
  // status. A note or tag list it rewrote may have been edited here too since the copy was made, and
  // nothing tells which: the reader decides, as for independent annotations.
  const laterEdit = incoming.createdAt === local.createdAt;
  const rewrites = relations.some(([field, relation]) => relation === 'differ' && field !== 'status');
  if (!fillsOnly && !(newer && (extends_ || (laterEdit && !rewrites)))) {
    return { kind: 'conflict', fields: relations.filter(([, relation]) => !KEEPS_LOCAL.has(relation)).map(([field]) => field) };
  }
  const merged: Annotation = {
    ...local,
    createdAt: Math.min(local.createdAt, incoming.createdAt),
    updatedAt: Math.max(local.updatedAt, incoming.updatedAt),
  };
  for (const [field, relation] of relations) {
    if (KEEPS_LOCAL.has(relation)) continue;
    if (field === 'note') merged.note = incoming.note;
    else if (field === 'tags') merged.tags = [...incoming.tags];
    else merged.status = incoming.status;
  }
  return { kind: 'write', annotation: canonicalAnnotation(merged) };
}

/**
 * Compares a parsed file with the database in one readonly transaction and answers what importing
 * it would do; nothing is written. Each paper id lands in exactly one bucket: `conflicts` when its
 * annotations disagree, `added` when only new records would be written, `updated` when a stored
 * record changes, `unchanged` otherwise.
 */
type LibraryStore = IDBPObjectStore<PaperMarginSchema, ['library'], 'library', IDBTransactionMode>;

// Past this many ids, reading the store whole is cheaper than one request per record: a
// 10 000-paper backup would otherwise cost 10 000 requests to plan and as many again to apply.
const BULK_READ_FROM = 200;

/** The stored record of each id, in order, inside the caller's transaction. */
async function readLocal(store: LibraryStore, ids: readonly PaperId[]): Promise<Array<LibraryRecord | undefined>> {
  if (ids.length < BULK_READ_FROM) return Promise.all(ids.map((id) => store.get(id)));
  const byId = new Map((await store.getAll()).map((record) => [record.id, record]));
  return ids.map((id) => byId.get(id));
}

export async function planImport(db: PaperMarginDB, parsed: ParsedBackup): Promise<ImportPlan> {
  const incomingPapers = new Map(parsed.papers.map((paper) => [paper.id, paper]));
  const incomingAnnotations = new Map(parsed.annotations.map((annotation) => [annotation.id, annotation]));
  const ids = [...new Set([...incomingPapers.keys(), ...incomingAnnotations.keys()])].sort();
  const tx = db.transaction('library', 'readonly');
  const locals = await readLocal(tx.store, ids);
  await tx.done;
  const trustTimes = parsed.kind === 'backup';
  const plan: ImportPlan = { added: [], updated: [], unchanged: 0, conflicts: [], warnings: [...parsed.warnings], trustTimes };
  ids.forEach((id, i) => {
    const localPaper = locals[i]?.paper;
    const localAnnotation = locals[i]?.annotation;
    const incomingPaper = incomingPapers.get(id);
    const incomingAnnotation = incomingAnnotations.get(id);
    const item: ImportItem = { id, title: incomingPaper?.title ?? localPaper?.title ?? id, local: {}, write: {} };
    if (localPaper) item.local.paper = localPaper;
    if (localAnnotation) item.local.annotation = localAnnotation;
    if (incomingPaper) item.incomingPaper = incomingPaper;
    let modifies = false;
    if (incomingPaper && !localPaper) item.write.paper = incomingPaper;
    if (incomingPaper && localPaper) {
      const merged = mergeRecords(localPaper, incomingPaper, trustTimes);
      if (!same(merged, canonicalPaper(localPaper))) {
        item.write.paper = merged;
        modifies = true;
      }
    }
    if (incomingAnnotation && !localAnnotation) item.write.annotation = incomingAnnotation;
    if (incomingAnnotation && localAnnotation) {
      const decision = decideAnnotation(localAnnotation, incomingAnnotation);
      if (decision.kind === 'conflict') {
        plan.conflicts.push({ ...item, localAnnotation, incomingAnnotation, fields: decision.fields });
        return;
      }
      if (decision.kind === 'write') {
        item.write.annotation = decision.annotation;
        modifies = true;
      }
    }
    if (modifies) plan.updated.push(item);
    else if (item.write.paper || item.write.annotation) plan.added.push(item);
    else plan.unchanged += 1;
  });
  return plan;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** The plan in a few words: "12 new, 3 updated, 2 conflicts". */
export function summary(plan: ImportPlan): string {
  return `${plan.added.length.toLocaleString('en')} new, ${plan.updated.length.toLocaleString('en')} updated, ${plural(plan.conflicts.length, 'conflict', 'conflicts')}`;
}

/** The annotation a resolution writes, or undefined for `keep-local`. */
export function resolveConflict(conflict: ImportConflict, resolution: ConflictResolution, now: number): Annotation | undefined {
  const { localAnnotation: local, incomingAnnotation: incoming } = conflict;
  const createdAt = Math.min(local.createdAt, incoming.createdAt);
  if (resolution === 'keep-local') return undefined;
  if (resolution === 'take-incoming') {
    const taken: Annotation = { ...local, createdAt, updatedAt: editTime(now, local.updatedAt, incoming.updatedAt) };
    if (conflict.fields.includes('note')) taken.note = incoming.note;
    if (conflict.fields.includes('tags')) taken.tags = [...incoming.tags];
    if (conflict.fields.includes('status')) taken.status = incoming.status;
    return canonicalAnnotation(taken);
  }
  const notes = [local.note.trim() ? local.note : '', incoming.note.trim() && incoming.note !== local.note ? incoming.note : ''];
  const note = notes.filter(Boolean).join(KEEP_BOTH_SEPARATOR);
  if (note.length > MAX_NOTE_LENGTH) {
    throw new ImportError(t('importNotesTooLong', conflict.title, MAX_NOTE_LENGTH.toLocaleString()), conflict.id);
  }
  // Like the notes: a union the library cannot hold is refused, not cut short without a word.
  if (new Set([...local.tags, ...incoming.tags].map(tagKey).filter(Boolean)).size > MAX_TAGS) {
    throw new ImportError(t('importTagsTooMany', conflict.title, MAX_TAGS.toLocaleString()), conflict.id);
  }
  const status = incoming.updatedAt > local.updatedAt ? joinedStatus(incoming, local) : joinedStatus(local, incoming);
  return canonicalAnnotation({ id: local.id, note, tags: normaliseTags([...local.tags, ...incoming.tags]), status, createdAt, updatedAt: editTime(now, local.updatedAt, incoming.updatedAt) });
}

/**
 * Checks that each conflict the reader settled other than by keeping theirs still holds the local
 * annotation the preview showed (`shown`: its `updatedAt` by paper id). The apply plans again, from
 * the library as it is then, so an edit made in another tab after the preview would otherwise be
 * replaced by a choice made without seeing it. Throws `ImportError` naming the paper.
 */
export function checkShown(plan: ImportPlan, resolution: Readonly<Partial<Record<string, ConflictResolution>>>, shown: Readonly<Record<string, number>>): void {
  for (const conflict of plan.conflicts) {
    const choice = resolution[conflict.id];
    if (choice === undefined || choice === 'keep-local') continue;
    if (shown[conflict.id] !== conflict.localAnnotation.updatedAt) throw new ImportError(t('importChangedSince', conflict.title), conflict.id);
  }
}

/** An annotation as the reader sees it, to compare: none when nothing is in it. */
const shownAnnotation = (annotation: Annotation | undefined) => (hasContent(annotation) ? canonicalAnnotation(annotation!) : undefined);

/**
 * Applies a plan in ONE readwrite transaction: all of it or, if anything fails (quota, a record
 * the store refuses, an annotation edited since the plan was made), none of it. Paper records that
 * changed meanwhile (a feed page showed the paper) are merged with the file again, not refused.
 * Conflicts are settled by `resolution`, keyed by paper id; those not listed keep the local
 * annotation. Throws `ImportError` on failure, after the transaction has been aborted.
 */
export async function applyImport(
  db: PaperMarginDB,
  plan: ImportPlan,
  resolution: Readonly<Partial<Record<string, ConflictResolution>>> = {},
  now = Date.now(),
): Promise<ImportResult> {
  for (const [id, choice] of Object.entries(resolution)) {
    if (!RESOLUTIONS.includes(choice as ConflictResolution)) throw new ImportError(t('importUnknownChoice', id, String(choice)), id);
  }
  const items: ImportItem[] = [...plan.added, ...plan.updated];
  for (const conflict of plan.conflicts) {
    const annotation = resolveConflict(conflict, resolution[conflict.id] ?? 'keep-local', now);
    items.push({ ...conflict, write: annotation ? { ...conflict.write, annotation } : conflict.write });
  }
  const tx = writeTransaction(db);
  // Observed here so an abort below does not surface as an unhandled rejection.
  tx.done.catch(() => undefined);
  try {
    const current = await readLocal(tx.store, items.map((item) => item.id));
    const paperWrites = items.map((item, i) => {
      const paper = current[i]?.paper;
      const annotation = current[i]?.annotation;
      // The user decided on the annotations they were shown: if one changed since, they must look again.
      // One with nothing in it is none: its paper may have been forgotten meanwhile (store/history.ts).
      if (!same(shownAnnotation(annotation), shownAnnotation(item.local.annotation))) {
        throw new ImportError(t('importChangedSince', item.title), item.id);
      }
      // Paper records change whenever a feed page shows the paper: merge the file into what is stored now.
      if (same(paper && canonicalPaper(paper), item.local.paper && canonicalPaper(item.local.paper)) || !item.incomingPaper) return item.write.paper;
      if (!paper) return item.incomingPaper;
      const merged = mergeRecords(paper, item.incomingPaper, plan.trustTimes);
      return same(merged, canonicalPaper(paper)) ? undefined : merged;
    });
    // Plain IndexedDB requests: idb's promise around each put cost a third of an import (20 000
    // puts, schema v2).
    // Any failed put aborts the transaction, which `tx.done` reports.
    const store = unwrap(tx.store);
    let paperCount = 0;
    let annotationCount = 0;
    items.forEach((item, i) => {
      const paper = paperWrites[i];
      const { annotation } = item.write;
      if (!paper && !annotation) return;
      // One record per paper: the part not written stays as stored.
      const record: LibraryRecord = { ...current[i], id: item.id };
      if (paper) {
        record.paper = paper;
        paperCount += 1;
      }
      if (annotation) {
        record.annotation = annotation;
        annotationCount += 1;
      }
      store.put(record);
    });
    await tx.done;
    return { papers: paperCount, annotations: annotationCount };
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // The transaction already ended (it aborted itself on the failed request).
    }
    if (error instanceof ImportError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ImportError(t('importNotSaved', reason));
  }
}
