// Reading and writing the library's records by part, as the tests think of them: a paper record and
// an annotation, which the database keeps together in one record per paper (schema v3).
import type { Annotation } from '../../src/shared/annotation';
import type { PaperId } from '../../src/shared/paper';
import { type LibraryRecord, type PaperMarginDB, type PaperRecord, openDatabase } from '../../src/store/db';

export async function storedPaper(db: PaperMarginDB, id: string): Promise<PaperRecord | undefined> {
  return (await db.get('library', id as PaperId))?.paper;
}

export async function storedAnnotation(db: PaperMarginDB, id: string): Promise<Annotation | undefined> {
  return (await db.get('library', id as PaperId))?.annotation;
}

/** Writes papers and annotations in one transaction, each joined to what is stored for its id. */
export async function putRecords(db: PaperMarginDB, papers: readonly PaperRecord[], annotations: readonly Annotation[] = []): Promise<void> {
  const tx = db.transaction('library', 'readwrite');
  const ids = [...new Set([...papers, ...annotations].map((record) => record.id))];
  const stored = await Promise.all(ids.map((id) => tx.store.get(id)));
  const records = new Map<PaperId, LibraryRecord>(ids.map((id, index) => [id, stored[index] ?? { id }]));
  for (const paper of papers) records.get(paper.id)!.paper = paper;
  for (const annotation of annotations) records.get(annotation.id)!.annotation = annotation;
  await Promise.all([...records.values()].map((record) => tx.store.put(record)));
  await tx.done;
}

/**
 * Runs `run` with every object store's `put` counted and, from its `failFrom`-th call on (1-based),
 * throwing a full disk's QuotaExceededError; the real `put` is back afterwards whatever happens.
 * Answers how many puts were called.
 */
export async function countingPuts(run: () => Promise<void>, failFrom = Infinity): Promise<number> {
  const proto = globalThis.IDBObjectStore.prototype;
  const put = proto.put;
  let calls = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (++calls >= failFrom) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.put = put;
  }
  return calls;
}

/** The ids the library's own database (the background's) holds now, sorted: opened for this and closed again. */
export async function storedIds(): Promise<string[]> {
  const db = await openDatabase();
  try {
    return (await db.getAllKeys('library')).sort();
  } finally {
    db.close();
  }
}
