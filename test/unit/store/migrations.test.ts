import 'fake-indexeddb/auto';
import { type IDBPDatabase, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { type Annotation, CONCURRENT_NOTE_SEPARATOR } from '../../../src/shared/annotation';
import type { PaperId } from '../../../src/shared/paper';
import { DB_VERSION, type PaperRecord, openDatabase } from '../../../src/store/db';

// The schema of an older version, as a test opens it: untyped, since the current types describe v3.
async function openAt(name: string, version: number): Promise<IDBPDatabase> {
  return (await openDatabase(name, version)) as unknown as IDBPDatabase;
}

const id = 'arxiv:2401.00001' as PaperId;
const paper: PaperRecord = {
  id, arxivId: '2401.00001', title: 'Kept', authors: ['Ada Lovelace'], url: 'https://arxiv.org/abs/2401.00001',
  codeLinks: [], source: 'arxiv', firstSeenAt: 1, lastSeenAt: 5, seenOn: ['arxiv'], createdAt: 1, updatedAt: 5,
};
const annotation: Annotation = { id, note: 'keep me', tags: ['to try'], status: 'read', createdAt: 2, updatedAt: 3 };

// One test per upgrade step: open at the version before it with data, upgrade, check nothing is lost.
// Version 1 is the first schema, so its step starts from nothing.
describe('database upgrades', () => {
  it('step 0 → 1 creates the stores and indexes of schema v1', async () => {
    const db = await openAt('migrations-v1', 1);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'papers']);
    const tx = db.transaction(['papers', 'annotations']);
    expect([...tx.objectStore('papers').indexNames].sort()).toEqual(['lastSeenAt', 'updatedAt']);
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual(['tags', 'updatedAt']);
    expect(tx.objectStore('annotations').index('tags').multiEntry).toBe(true);
    db.close();
  });

  it('step 1 → 2 drops the papers indexes and keeps every record', async () => {
    const v1 = await openAt('migrations-v2', 1);
    await v1.put('papers', paper);
    await v1.put('annotations', annotation);
    v1.close();

    const v2 = await openAt('migrations-v2', 2);
    expect(v2.version).toBe(2);
    expect(await v2.getAll('papers')).toEqual([paper]);
    expect(await v2.getAll('annotations')).toEqual([annotation]);
    const tx = v2.transaction(['papers', 'annotations']);
    expect([...tx.objectStore('papers').indexNames]).toEqual([]);
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual(['tags', 'updatedAt']);
    expect(await tx.objectStore('annotations').index('tags').getAllKeys('to try')).toEqual(['arxiv:2401.00001']);
    v2.close();
  });

  it('step 2 → 3 joins each paper and its annotation in one record, and keeps lone ones', async () => {
    const paperOnly: PaperRecord = { ...paper, id: 'arxiv:2401.00002' as PaperId, arxivId: '2401.00002', title: 'No note' };
    const noteOnly: Annotation = { ...annotation, id: 'doi:10.1000/xyz' as PaperId, note: 'no paper record', tags: [] };
    const v2 = await openAt('migrations-v3', 2);
    for (const record of [paper, paperOnly]) await v2.put('papers', record);
    for (const record of [annotation, noteOnly]) await v2.put('annotations', record);
    v2.close();

    const v3 = await openDatabase('migrations-v3', 3);
    expect(v3.version).toBe(3);
    expect([...v3.objectStoreNames]).toEqual(['library']);
    expect(await v3.getAll('library')).toEqual([
      { id: 'arxiv:2401.00001', paper, annotation },
      { id: 'arxiv:2401.00002', paper: paperOnly },
      { id: 'doi:10.1000/xyz', annotation: noteOnly },
    ]);
    const store = v3.transaction('library').store;
    expect([...store.indexNames].sort()).toEqual(['annotatedAt', 'tags']);
    expect(store.index('tags').multiEntry).toBe(true);
    expect(await store.index('tags').getAllKeys('to try')).toEqual([id]);
    // Only records with an annotation are in its index.
    expect(await store.index('annotatedAt').getAllKeys()).toEqual([id, 'doi:10.1000/xyz']);
    v3.close();
  });

  it('step 2 → 3 moves a library larger than its batches, every record once', async () => {
    const papers = Array.from({ length: 1203 }, (_, i) => ({ ...paper, id: `arxiv:2401.${String(i).padStart(5, '0')}` as PaperId, title: `Paper ${i}` }));
    // Every third paper has a note, and 200 notes have no paper record (ids after and between them).
    const notes = [
      ...papers.filter((_, i) => i % 3 === 0).map((p) => ({ ...annotation, id: p.id, note: `note of ${p.title}` })),
      ...Array.from({ length: 200 }, (_, i) => ({ ...annotation, id: `arxiv:2401.${String(i * 7).padStart(5, '0')}x` as PaperId, note: `lone ${i}` })),
    ];
    const v2 = await openAt('migrations-v3-large', 2);
    const tx = v2.transaction(['papers', 'annotations'], 'readwrite');
    for (const record of papers) void tx.objectStore('papers').put(record);
    for (const record of notes) void tx.objectStore('annotations').put(record);
    await tx.done;
    v2.close();

    const v3 = await openDatabase('migrations-v3-large', 3);
    const records = await v3.getAll('library');
    expect(records).toHaveLength(1203 + 200);
    const byId = new Map(records.map((record) => [record.id, record]));
    for (const p of papers) expect(byId.get(p.id)?.paper).toEqual(p);
    for (const note of notes) expect(byId.get(note.id)?.annotation).toEqual(note);
    expect(records.filter((record) => record.paper && record.annotation)).toHaveLength(401);
    v3.close();
  });

  // A disk that fills up, or a connection closed mid-way, as a browser reports it: a request fails
  // and the transaction aborts after some records were written; or a call throws at once.
  it.each([
    ['aborts after some records were written', 'abort-after-writes'],
    ['throws at once', 'throw'],
  ] as const)('step 2 → 3 that %s leaves the v2 database whole, and runs again next time', async (_, failure) => {
    const name = `migrations-v3-fails-${failure}`;
    const v2 = await openAt(name, 2);
    for (let i = 0; i < 5; i++) await v2.put('papers', { ...paper, id: `arxiv:2401.0000${i}` });
    await v2.put('annotations', annotation);
    v2.close();
    const put = IDBObjectStore.prototype.put;
    let writes = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name !== 'library') return put.apply(this, args);
      if (failure === 'throw') throw new DOMException('The disk is full', 'QuotaExceededError');
      const request = put.apply(this, args);
      if (++writes === 3) request.addEventListener('success', () => request.transaction!.abort());
      return request;
    };
    try {
      await expect(openDatabase(name, 3)).rejects.toThrow();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    if (failure === 'abort-after-writes') expect(writes).toBeGreaterThanOrEqual(3);
    const still = await openAt(name, 2);
    expect(still.version).toBe(2);
    expect([...still.objectStoreNames].sort()).toEqual(['annotations', 'papers']);
    expect(await still.getAll('papers')).toHaveLength(5);
    expect(await still.getAll('annotations')).toEqual([annotation]);
    still.close();
    const v3 = await openDatabase(name, 3);
    expect(await v3.count('library')).toBe(5);
    expect(await v3.get('library', id)).toEqual({ id, paper, annotation });
    v3.close();
  });

  it("step 3 → 4 keys old-style arXiv ids in arXiv's case, joining a paper stored under both", async () => {
    const old = (arxivId: string, extra: Partial<PaperRecord> = {}): PaperRecord =>
      ({ ...paper, id: `arxiv:${arxivId}` as PaperId, arxivId, url: `https://arxiv.org/abs/${arxivId}`, ...extra });
    const note = (arxivId: string, extra: Partial<Annotation> = {}): Annotation => ({ ...annotation, id: `arxiv:${arxivId}` as PaperId, ...extra });
    const v3 = await openDatabase('migrations-v4', 3);
    // Noted under the page's case before 2026-11-30, and seen since under arXiv's.
    await v3.put('library', { id: 'arxiv:math.gt/0309136' as PaperId, paper: old('math.gt/0309136', { lastSeenAt: 5, seenOn: ['generic'] }), annotation: note('math.gt/0309136', { note: 'knots', tags: ['topology'], status: 'none' }) });
    await v3.put('library', { id: 'arxiv:math.GT/0309136' as PaperId, paper: old('math.GT/0309136', { firstSeenAt: 3, lastSeenAt: 9 }), annotation: note('math.GT/0309136', { note: 'seen again', tags: ['Topology', 'knots'], status: 'read', createdAt: 7, updatedAt: 8 }) });
    // A note alone, in another case; a new-style id and a title id stay as they are.
    await v3.put('library', { id: 'arxiv:Hep-th/9901001' as PaperId, annotation: note('Hep-th/9901001') });
    await v3.put('library', { id, paper, annotation });
    await v3.put('library', { id: 'title:arxiv notes' as PaperId, annotation: note('x', { id: 'title:arxiv notes' as PaperId }) });
    // Two notes too long to join in one: both records stay as they were.
    const long = 'x'.repeat(60_000);
    await v3.put('library', { id: 'arxiv:cs.ai/0101001' as PaperId, annotation: note('cs.ai/0101001', { note: long }) });
    await v3.put('library', { id: 'arxiv:cs.AI/0101001' as PaperId, annotation: note('cs.AI/0101001', { note: `${long}y` }) });
    v3.close();

    const v4 = await openDatabase('migrations-v4', 4);
    expect(v4.version).toBe(4);
    expect(await v4.getAllKeys('library')).toEqual([
      id,
      'arxiv:cs.AI/0101001',
      'arxiv:cs.ai/0101001',
      'arxiv:hep-th/9901001',
      'arxiv:math.GT/0309136',
      'title:arxiv notes',
    ]);
    expect(await v4.get('library', 'arxiv:hep-th/9901001' as PaperId)).toEqual({ id: 'arxiv:hep-th/9901001', annotation: note('hep-th/9901001') });
    const joined = (await v4.get('library', 'arxiv:math.GT/0309136' as PaperId))!;
    expect(joined.paper).toEqual(old('math.GT/0309136', { firstSeenAt: 1, lastSeenAt: 9, seenOn: ['arxiv', 'generic'] }));
    expect(joined.annotation).toEqual({
      id: 'arxiv:math.GT/0309136',
      note: `knots${CONCURRENT_NOTE_SEPARATOR}seen again`,
      tags: ['topology', 'knots'],
      status: 'read',
      createdAt: 2,
      updatedAt: 8,
    });
    expect(await v4.getAllKeysFromIndex('library', 'tags', 'knots')).toEqual(['arxiv:math.GT/0309136']);
    v4.close();
  });

  it('a new database opens straight at the current version', async () => {
    const db = await openDatabase('migrations-fresh');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toEqual(['library']);
    db.close();
  });

  it('reopening at the current version keeps every record', async () => {
    const first = await openDatabase('migrations-reopen');
    await first.put('library', { id, annotation });
    first.close();
    const again = await openDatabase('migrations-reopen');
    expect(await again.get('library', id)).toEqual({ id, annotation });
    again.close();
  });

  it('closes for a newer version waiting to upgrade, and tells its owner', async () => {
    let closed = 0;
    const db = await openDatabase('migrations-blocking', DB_VERSION, () => (closed += 1));
    const newer = await openDB('migrations-blocking', DB_VERSION + 1);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(closed).toBe(1);
    expect(() => db.transaction('library')).toThrow();
    newer.close();
  });

  it('refuses to open a database from a newer version of the extension instead of damaging it', async () => {
    const newer = await openDB('migrations-newer', DB_VERSION + 1);
    newer.close();
    await expect(openDatabase('migrations-newer')).rejects.toThrow();
  });
});
