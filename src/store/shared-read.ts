/**
 * One read of the annotated records for every caller that asks while it runs.
 *
 * The background's tag list and its library lists (every export but the backup) each read every
 * annotated record, about 250 ms of the worker's time at 10 000 papers, and they are often asked
 * for at once: an import makes the options page read its tags again just as the export clicked
 * next reads the same records.
 *
 * A joined read is as fresh as a new one. IndexedDB runs transactions in the order they were made,
 * and every write opens its transaction through `writeTransaction`, which ends the sharing first:
 * a read is joined only while no write has begun since its own transaction was made. That holds
 * because the background is the library's only writer: a write on another connection could not
 * end the sharing (extension pages only read the library).
 *
 * The records are shared between the callers: they must not change them.
 */
import type { PaperId } from '../shared/paper';
import type { LibraryRecord, PaperMarginDB } from './db';

const reads = new WeakMap<PaperMarginDB, Promise<LibraryRecord[]>>();
// The writes begun on each connection, with the ids each said it may change (the latest few).
const writes = new WeakMap<PaperMarginDB, { count: number; touched: Array<readonly PaperId[] | undefined> }>();
const LOGGED = 32;

/** Every record with an annotation (those the `annotatedAt` index holds), oldest edit first. */
export function annotatedRecords(db: PaperMarginDB): Promise<LibraryRecord[]> {
  const running = reads.get(db);
  if (running) return running;
  // idb makes the transaction before its first await: the read's place in the order is now.
  const read = db.getAllFromIndex('library', 'annotatedAt');
  reads.set(db, read);
  const settled = () => {
    if (reads.get(db) === read) reads.delete(db);
  };
  read.then(settled, settled);
  return read;
}

/**
 * The only way to write the library: later readers of `annotatedRecords` then read afresh.
 * `touched`: the records the write may change, if it knows them (see `writtenSince`).
 */
export function writeTransaction(db: PaperMarginDB, touched?: readonly PaperId[]) {
  reads.delete(db);
  const log = writes.get(db) ?? { count: 0, touched: [] };
  log.count += 1;
  if (log.touched.push(touched) > LOGGED) log.touched.shift();
  writes.set(db, log);
  return db.transaction('library', 'readwrite');
}

/**
 * How many writes this connection has begun. What was derived from a read made when it was `n` is as
 * fresh as a new read while it is still `n`: a write begun since would be ordered after that read.
 */
export function writeCount(db: PaperMarginDB): number {
  return writes.get(db)?.count ?? 0;
}

/**
 * The ids of the records the writes begun since the `count`th may have changed: a read of those, made
 * now, brings up to date what was derived when the count was `count`. `undefined` when any record may
 * have changed (a write that did not say which, or one too long ago to be logged).
 */
export function writtenSince(db: PaperMarginDB, count: number): Set<PaperId> | undefined {
  const log = writes.get(db) ?? { count: 0, touched: [] };
  const since = log.count - count;
  if (since < 0 || since > log.touched.length) return undefined;
  const ids = new Set<PaperId>();
  for (const touched of log.touched.slice(log.touched.length - since)) {
    if (!touched) return undefined;
    for (const id of touched) ids.add(id);
  }
  return ids;
}
