import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, unwrap } from 'idb';
import { type Annotation, CONCURRENT_NOTE_SEPARATOR, MAX_NOTE_LENGTH, joinedStatus, normaliseTags, tagsOverLimits } from '../shared/annotation';
import { type Paper, type PaperId, canonicalArxivId, canonicalPaperId } from '../shared/paper';

/** A paper as stored: what the pages said about it, and when the user met it. */
export interface PaperRecord extends Paper {
  /** Epoch ms of the first and latest time any page showed it. */
  firstSeenAt: number;
  lastSeenAt: number;
  /**
   * Times of the showings before `lastSeenAt`, latest first, at most `EARLIER_SEEN` (library.ts), one
   * per visit: a page learns the latest showing before its visit began, not another tab's during it
   * (tabs that load at once, a restored session). Not part of backups.
   */
  earlierSeenAt?: number[];
  /** Adapter ids of the sites that showed it. */
  seenOn: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * One paper of the library as stored: what pages said about it, and the user's annotation of it.
 * Either part may be missing: a page showed the paper and nobody annotated it, or a note was saved
 * for a paper whose record was never written (the caller had no `Paper` to hand).
 */
export interface LibraryRecord {
  id: PaperId;
  paper?: PaperRecord;
  annotation?: Annotation;
}

/**
 * The current schema (v4). Each version's step in `openDatabase` is never edited once shipped: a
 * change is a new version and a new step.
 * - v1: `papers` (indexes `updatedAt`, `lastSeenAt`) and `annotations` (indexes `updatedAt`, `tags`).
 * - v2: `papers` loses both indexes.
 * - v3: both stores become `library`, one record per paper holding both parts; its indexes are the
 *   annotations' (`annotatedAt` on `annotation.updatedAt`, `tags` on `annotation.tags`).
 * - v4: the same stores; records keyed by an old-style arXiv id in another case than arXiv's are
 *   keyed in arXiv's (`canonicalIds`).
 */
export interface PaperMarginSchema extends DBSchema {
  library: {
    key: PaperId;
    value: LibraryRecord;
    indexes: { annotatedAt: number; tags: string };
  };
}

/** Schema v2, for its upgrade steps. */
interface PaperMarginSchemaV2 extends DBSchema {
  papers: { key: PaperId; value: PaperRecord };
  annotations: { key: PaperId; value: Annotation; indexes: { updatedAt: number; tags: string } };
}

/** Schema v1, for its upgrade step: its papers store had two indexes. */
interface PaperMarginSchemaV1 extends DBSchema {
  papers: { key: PaperId; value: PaperRecord; indexes: { updatedAt: number; lastSeenAt: number } };
  annotations: PaperMarginSchemaV2['annotations'];
}

export type PaperMarginDB = IDBPDatabase<PaperMarginSchema>;

export const DB_NAME = 'paper-margin';
export const DB_VERSION = 4;

/**
 * Opens (and creates or upgrades) the database. Only the background and extension pages call this.
 * `version` is for the upgrade tests, which open a database as an older release left it.
 */
export function openDatabase(name = DB_NAME, version = DB_VERSION, onClosed?: () => void): Promise<PaperMarginDB> {
  return openDB<PaperMarginSchema>(name, version, {
    upgrade(current, oldVersion, newVersion, tx) {
      // An aborted upgrade rejects this too; the open request reports it, and the open fails.
      tx.done.catch(() => undefined);
      const target = newVersion ?? version;
      if (oldVersion < 1) {
        const db = current as unknown as IDBPDatabase<PaperMarginSchemaV1>;
        const papers = db.createObjectStore('papers', { keyPath: 'id' });
        papers.createIndex('updatedAt', 'updatedAt');
        papers.createIndex('lastSeenAt', 'lastSeenAt');
        const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
        annotations.createIndex('updatedAt', 'updatedAt');
        // multiEntry: one index row per tag, so "papers tagged X" is a key range, not a scan.
        annotations.createIndex('tags', 'tags', { multiEntry: true });
      }
      if (oldVersion < 2 && target >= 2) {
        // Nothing ever queried them, and every write paid for them: each put computes the index keys
        // from a copy of the record, and a feed visit moves every card's `lastSeenAt` row. Without
        // them a 10 000-paper import took 2 510 ms instead of 2 841 ms (medians of 5, same machine).
        const papers = (tx as unknown as IDBPTransaction<PaperMarginSchemaV1, ['papers'], 'versionchange'>).objectStore('papers');
        papers.deleteIndex('updatedAt');
        papers.deleteIndex('lastSeenAt');
      }
      // Steps from v3 on move records, which takes requests: each runs after the one before it, in
      // this chain, and the first that fails aborts the upgrade. The database then keeps the version
      // and the data it had, and the next open tries again.
      let steps = Promise.resolve();
      if (oldVersion < 3 && target >= 3) steps = steps.then(() => mergeStores(current, tx));
      if (oldVersion < 4 && target >= 4) steps = steps.then(() => canonicalIds(tx));
      steps.catch(() => {
        try {
          tx.abort();
        } catch {
          // Already aborted by the failed request.
        }
      });
    },
    blocking(_currentVersion, _blockedVersion, event) {
      // A newer version waits in another context (after an update): close, so that it can upgrade;
      // the owner opens the database again on its next use.
      (event.target as IDBDatabase).close();
      onClosed?.();
    },
  });
}

// Records moved per request by the v3 step: memory stays flat however large the library.
const MOVE_BATCH = 500;

/**
 * Step 2 → 3: each paper and its annotation become one record. A 10 000-paper import wrote 20 000
 * records; one record per paper cut IndexedDB's share of it from 2.4 to 1.5 s (medians of 5, same
 * data and indexes, this machine), and reading a paper's state is one request instead of two.
 * Every paper is moved first, in key order and in batches; then each annotation joins its paper's
 * record, or becomes a record of its own.
 */
async function mergeStores(current: IDBPDatabase<PaperMarginSchema>, tx: IDBPTransaction<PaperMarginSchema, Array<'library'>, 'versionchange'>): Promise<void> {
  const db = current as unknown as IDBPDatabase<PaperMarginSchemaV2 & PaperMarginSchema>;
  const old = tx as unknown as IDBPTransaction<PaperMarginSchemaV2 & PaperMarginSchema, Array<'papers' | 'annotations' | 'library'>, 'versionchange'>;
  const library = db.createObjectStore('library', { keyPath: 'id' });
  library.createIndex('annotatedAt', 'annotation.updatedAt');
  // multiEntry: one index row per tag, so "papers tagged X" is a key range, not a scan.
  library.createIndex('tags', 'annotation.tags', { multiEntry: true });
  // Plain requests for the writes: a failed one aborts the transaction, which the next read reports.
  const put = (record: LibraryRecord) => void unwrap(library).put(record);
  for await (const papers of batches(old.objectStore('papers'))) {
    for (const paper of papers) put({ id: paper.id, paper });
  }
  for await (const annotations of batches(old.objectStore('annotations'))) {
    const records = await Promise.all(annotations.map((annotation) => library.get(annotation.id)));
    annotations.forEach((annotation, index) => put({ ...(records[index] ?? { id: annotation.id }), annotation }));
  }
  db.deleteObjectStore('papers');
  db.deleteObjectStore('annotations');
}

/**
 * Step 3 → 4: until 2026-11-30 an old-style arXiv id was stored in the case the page wrote it
 * (`math.gt/0309136`), while pages now record arXiv's (`math.GT/0309136`): a paper noted then showed
 * its card no note, and could be in the library twice. Each such record moves to arXiv's key, joined
 * with the one already there; two notes or tag lists too long to join leave both records as they
 * were: nothing written is lost. Only old-style ids (a letter after `arxiv:`) can be affected, and a
 * key range reads just those: a library of new-style ids upgrades at once.
 */
async function canonicalIds(tx: IDBPTransaction<PaperMarginSchema, Array<'library'>, 'versionchange'>): Promise<void> {
  const store = tx.objectStore('library');
  for (const record of await store.getAll(IDBKeyRange.bound('arxiv:A', 'arxiv:\uffff'))) {
    const id = canonicalPaperId(record.id);
    if (id === record.id) continue;
    const moved: LibraryRecord = { id };
    if (record.paper) moved.paper = { ...record.paper, id, arxivId: canonicalArxivId(record.paper.arxivId) };
    if (record.annotation) moved.annotation = { ...record.annotation, id };
    const joined = joinRecords(await store.get(id), moved);
    if (!joined) continue;
    await store.put(joined);
    await store.delete(record.id);
  }
}

/**
 * Two records of one paper as one: what a page said last, the times that span both, both notes and
 * all tags; `undefined` when the notes or tags together are more than a paper holds.
 */
function joinRecords(kept: LibraryRecord | undefined, moved: LibraryRecord): LibraryRecord | undefined {
  if (!kept) return moved;
  const joined: LibraryRecord = { id: kept.id };
  const [a, b] = [kept.paper, moved.paper];
  const paper = a && b ? (a.lastSeenAt >= b.lastSeenAt ? a : b) : (a ?? b);
  if (paper) {
    joined.paper = a && b
      ? {
          ...paper,
          firstSeenAt: Math.min(a.firstSeenAt, b.firstSeenAt),
          createdAt: Math.min(a.createdAt, b.createdAt),
          updatedAt: Math.max(a.updatedAt, b.updatedAt),
          seenOn: [...new Set([...a.seenOn, ...b.seenOn])],
        }
      : paper;
  }
  const [x, y] = [kept.annotation, moved.annotation];
  if (x && y) {
    const later = x.updatedAt >= y.updatedAt ? x : y;
    // The note begun first comes first, and its spellings of the tags.
    const [first, second] = x.createdAt <= y.createdAt ? [x, y] : [y, x];
    const note = [...new Set([first.note, second.note].filter((text) => text.trim()))].join(CONCURRENT_NOTE_SEPARATOR);
    const tags = [...first.tags, ...second.tags];
    if (note.length > MAX_NOTE_LENGTH || tagsOverLimits(tags)) return undefined;
    joined.annotation = {
      id: kept.id,
      note,
      tags: normaliseTags(tags),
      status: joinedStatus(later, later === x ? y : x),
      createdAt: Math.min(x.createdAt, y.createdAt),
      updatedAt: Math.max(x.updatedAt, y.updatedAt),
    };
  } else if (x ?? y) joined.annotation = x ?? y;
  return joined;
}

/** A store's records in key order, MOVE_BATCH at a time. */
async function* batches<T extends { id: PaperId }>(store: { getAll(query?: IDBKeyRange | null, count?: number): Promise<T[]> }): AsyncGenerator<T[]> {
  let after: PaperId | undefined;
  for (;;) {
    const batch = await store.getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), MOVE_BATCH);
    if (batch.length === 0) return;
    yield batch;
    after = batch.at(-1)!.id;
  }
}
