import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../src/shared/annotation';
import type { PaperId } from '../../../src/shared/paper';
import { DB_VERSION, type PaperRecord, openDatabase } from '../../../src/store/db';

// One test per upgrade step: open at the version before it with data, upgrade, check nothing is lost.
// Version 1 is the first schema, so its step starts from nothing.
describe('database upgrades', () => {
  it('step 0 → 1 creates the stores and indexes of schema v1', async () => {
    const db = await openDatabase('migrations-v1', 1);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'papers']);
    const tx = db.transaction(['papers', 'annotations']);
    expect([...tx.objectStore('papers').indexNames].sort()).toEqual(['lastSeenAt', 'updatedAt']);
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual(['tags', 'updatedAt']);
    expect(tx.objectStore('annotations').index('tags').multiEntry).toBe(true);
    db.close();
  });

  it('step 1 → 2 drops the papers indexes and keeps every record', async () => {
    const id = 'arxiv:2401.00001' as PaperId;
    const paper: PaperRecord = {
      id, arxivId: '2401.00001', title: 'Kept', authors: ['Ada Lovelace'], url: 'https://arxiv.org/abs/2401.00001',
      codeLinks: [], source: 'arxiv', firstSeenAt: 1, lastSeenAt: 5, seenOn: ['arxiv'], createdAt: 1, updatedAt: 5,
    };
    const annotation: Annotation = { id, note: 'keep me', tags: ['to try'], status: 'read', createdAt: 2, updatedAt: 3 };
    const v1 = await openDatabase('migrations-v2', 1);
    await v1.put('papers', paper);
    await v1.put('annotations', annotation);
    v1.close();

    const v2 = await openDatabase('migrations-v2', 2);
    expect(v2.version).toBe(2);
    expect(await v2.getAll('papers')).toEqual([paper]);
    expect(await v2.getAll('annotations')).toEqual([annotation]);
    const tx = v2.transaction(['papers', 'annotations']);
    expect([...tx.objectStore('papers').indexNames]).toEqual([]);
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual(['tags', 'updatedAt']);
    expect(await tx.objectStore('annotations').index('tags').getAllKeys('to try')).toEqual(['arxiv:2401.00001']);
    v2.close();
  });

  it('a new database opens straight at the current version', async () => {
    const db = await openDatabase('migrations-fresh');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.transaction('papers').objectStore('papers').indexNames]).toEqual([]);
    db.close();
  });

  it('reopening at the current version keeps every record', async () => {
    const first = await openDatabase('migrations-reopen');
    await first.put('annotations', { id: 'arxiv:2401.00001', note: 'keep', tags: ['a'], status: 'read', createdAt: 1, updatedAt: 2 });
    first.close();
    const again = await openDatabase('migrations-reopen');
    expect(await again.get('annotations', 'arxiv:2401.00001')).toMatchObject({ note: 'keep', tags: ['a'] });
    again.close();
  });

  it('closes for a newer version waiting to upgrade, and tells its owner', async () => {
    let closed = 0;
    const db = await openDatabase('migrations-blocking', DB_VERSION, () => (closed += 1));
    const newer = await openDB('migrations-blocking', DB_VERSION + 1);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(closed).toBe(1);
    expect(() => db.transaction('papers')).toThrow();
    newer.close();
  });

  it('refuses to open a database from a newer version of the extension instead of damaging it', async () => {
    const newer = await openDB('migrations-newer', DB_VERSION + 1);
    newer.close();
    await expect(openDatabase('migrations-newer')).rejects.toThrow();
  });
});
