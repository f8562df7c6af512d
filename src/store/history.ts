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

const after = (id: PaperId | undefined) => (id === undefined ? undefined : IDBKeyRange.lowerBound(id, true));

/**
 * When each seen-only record last shown before `before` was, read a batch per transaction: a page
 * recorded meanwhile waits for one batch, not for a read of the whole library (5 s at 200 000 papers).
 */
async function seenTimes(db: PaperMarginDB, before: number): Promise<number[]> {
  const times: number[] = [];
  let last: PaperId | undefined;
  for (;;) {
    const records = await db.getAll('library', after(last), BATCH);
    for (const record of records) if (isSeenOnly(record) && lastSeen(record) < before) times.push(lastSeen(record));
    if (records.length < BATCH) return times;
    last = records[records.length - 1]!.id;
  }
}

/**
 * Deletes the seen-only records that `pick` takes, a batch per transaction: each record is checked
 * in the transaction that deletes it, so a note written on one meanwhile keeps it, and a note saved
 * or a page recorded meanwhile waits for one batch, not for the whole library. Answers how many went.
 */
async function forgetWhere(db: PaperMarginDB, pick: (record: LibraryRecord) => boolean): Promise<number> {
  let gone = 0;
  let last: PaperId | undefined;
  for (;;) {
    const tx = writeTransaction(db);
    try {
      const records = await tx.store.getAll(after(last), BATCH);
      const deletes: Array<Promise<void>> = [];
      // Neighbours in key order go in one request: no other key lies between them in this transaction.
      let run: [PaperId, PaperId] | undefined;
      const endRun = () => run && deletes.push(tx.store.delete(IDBKeyRange.bound(run[0], run[1])));
      for (const record of records) {
        if (!isSeenOnly(record) || !pick(record)) {
          endRun();
          run = undefined;
          continue;
        }
        gone++;
        if (run) run[1] = record.id;
        else run = [record.id, record.id];
      }
      endRun();
      await Promise.all([...deletes, tx.done]);
      if (records.length < BATCH) return gone;
      last = records[records.length - 1]!.id;
    } catch (error) {
      // A failed request aborts this batch's transaction: the batches before it stay forgotten.
      tx.done.catch(() => undefined);
      throw error;
    }
  }
}

/**
 * How many papers `forgetSeen` with the same `before` would forget now, and the latest time one of
 * them was shown (0 when none was): a clock set back can have left times after now.
 */
export async function countForgettable(db: PaperMarginDB, before = Infinity): Promise<{ count: number; latest: number }> {
  const times = await seenTimes(db, before);
  return { count: times.length, latest: times.reduce((latest, time) => Math.max(latest, time), 0) };
}

/**
 * Forgets the papers seen but never annotated that a page last showed before `before` (all of them
 * by default): their cards are no longer marked "seen". Annotated papers stay whole. Answers how many went.
 */
export async function forgetSeen(db: PaperMarginDB, before = Infinity): Promise<number> {
  return forgetWhere(db, (record) => lastSeen(record) < before);
}

/**
 * Keeps the library under `max` papers: over it, forgets the papers seen longest ago without a note
 * until it holds `max × PRUNE_TO` (or none seen-only is left). A page that kept adding cards could
 * otherwise grow it without end, past what a backup can be imported from. Answers how many went.
 */
export async function pruneSeen(db: PaperMarginDB, max = MAX_LIBRARY_RECORDS): Promise<number> {
  const papers = await db.count('library');
  if (papers <= max) return 0;
  const shown = (await seenTimes(db, Infinity)).sort((a, b) => a - b);
  const needed = Math.min(shown.length, papers - Math.floor(max * PRUNE_TO));
  if (needed === 0) return 0;
  // The newest time to forget: everything older goes, and of the papers shown at that very time (a
  // page's cards are recorded at once) only as many as are still needed. One shown again meanwhile stays.
  const newest = shown[needed - 1]!;
  let ties = needed - shown.filter((time) => time < newest).length;
  return forgetWhere(db, (record) => lastSeen(record) < newest || (lastSeen(record) === newest && ties-- > 0));
}
