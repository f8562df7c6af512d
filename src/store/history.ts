/**
 * The reader's history: the papers the library holds only because a page showed them, without a
 * note, a tag or a status. They are what marks a card "seen" when its paper shows up again. The
 * reader may forget them (the options page), and the library never grows past what a backup of it
 * can be imported from: past that, those seen longest ago are forgotten first.
 */
import { hasContent } from '../shared/annotation';
import type { HistoryCounts } from '../shared/messages';
import type { PaperId } from '../shared/paper';
import { MAX_IMPORT_RECORDS } from './backup';
import type { LibraryRecord, PaperMarginDB } from './db';
import { annotatedRecords, writeTransaction } from './shared-read';

/** The most papers the library keeps: every one then fits in a backup that can be imported again. */
export const MAX_LIBRARY_RECORDS = MAX_IMPORT_RECORDS;
// Over the limit, the library is brought this far below it, so that the next visits do not each prune.
const PRUNE_TO = 0.9;
// Records read per request: memory stays flat however large the library.
const BATCH = 2_000;

/** True for a record that only a page's showing keeps: an emptied annotation is none. */
export function isSeenOnly(record: LibraryRecord): boolean {
  return !hasContent(record.annotation);
}

/** When a page last showed the paper; 0 for a record no page showed (an annotation saved alone). */
const lastSeen = (record: LibraryRecord): number => record.paper?.lastSeenAt ?? 0;

/** How many papers the library holds, and how many of them the reader annotated. */
export async function historyCounts(db: PaperMarginDB): Promise<HistoryCounts> {
  // The annotated records are read for the tag list too when the options page opens: one read for both.
  const [papers, annotated] = await Promise.all([db.count('library'), annotatedRecords(db)]);
  return { papers, annotated: annotated.filter((record) => !isSeenOnly(record)).length, limit: MAX_LIBRARY_RECORDS };
}

/** Every seen-only record last shown before `before`, as `[id, last shown]`, read a batch per request. */
async function seenOnly(db: PaperMarginDB, before: number): Promise<Array<[PaperId, number]>> {
  const store = db.transaction('library').store;
  const found: Array<[PaperId, number]> = [];
  let after: PaperId | undefined;
  for (;;) {
    const records = await store.getAll(after === undefined ? undefined : IDBKeyRange.lowerBound(after, true), BATCH);
    for (const record of records) if (isSeenOnly(record) && lastSeen(record) < before) found.push([record.id, lastSeen(record)]);
    if (records.length < BATCH) return found;
    after = records[records.length - 1]!.id;
  }
}

/**
 * Deletes the records of `ids` that are still seen-only and were last shown before `before`, in one
 * transaction: a note written on one since it was read keeps it. Answers how many went.
 */
async function remove(db: PaperMarginDB, ids: readonly PaperId[], before: number): Promise<number> {
  if (ids.length === 0) return 0;
  const tx = writeTransaction(db);
  try {
    const records = await Promise.all(ids.map((id) => tx.store.get(id)));
    const gone = records.filter((record) => record !== undefined && isSeenOnly(record) && lastSeen(record) < before);
    await Promise.all([...gone.map((record) => tx.store.delete(record!.id)), tx.done]);
    return gone.length;
  } catch (error) {
    // A failed request aborts the transaction: nothing was deleted. Its end is no news then.
    tx.done.catch(() => undefined);
    throw error;
  }
}

/** How many papers `forgetSeen` with the same `before` would forget now. */
export async function countForgettable(db: PaperMarginDB, before = Infinity): Promise<number> {
  return (await seenOnly(db, before)).length;
}

/**
 * Forgets the papers seen but never annotated that a page last showed before `before` (all of them
 * by default): their cards are no longer marked "seen". Annotated papers stay whole. Answers how many went.
 */
export async function forgetSeen(db: PaperMarginDB, before = Infinity): Promise<number> {
  return remove(db, (await seenOnly(db, before)).map(([id]) => id), before);
}

/**
 * Keeps the library under `max` papers: over it, forgets the papers seen longest ago without a note
 * until it holds `max × PRUNE_TO` (or none seen-only is left). A page that kept adding cards could
 * otherwise grow it without end, past what a backup can be imported from. Answers how many went.
 */
export async function pruneSeen(db: PaperMarginDB, max = MAX_LIBRARY_RECORDS): Promise<number> {
  const papers = await db.count('library');
  if (papers <= max) return 0;
  const candidates = (await seenOnly(db, Infinity)).sort((a, b) => a[1] - b[1]);
  const oldest = candidates.slice(0, papers - Math.floor(max * PRUNE_TO));
  // Only those shown no later than the newest picked: one shown again meanwhile stays.
  const before = (oldest[oldest.length - 1]?.[1] ?? 0) + 1;
  return remove(db, oldest.map(([id]) => id), before);
}
