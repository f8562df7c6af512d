import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openDatabase } from '../../../src/store/db';

// One test per upgrade step: open at the version before it with data, upgrade, check nothing is lost.
// Version 1 is the first schema, so its step starts from nothing.
describe('database upgrades', () => {
  it('step 0 → 1 creates the stores and indexes of schema v1', async () => {
    const db = await openDatabase('migrations-v1');
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['annotations', 'papers']);
    const tx = db.transaction(['papers', 'annotations']);
    expect([...tx.objectStore('papers').indexNames].sort()).toEqual(['lastSeenAt', 'updatedAt']);
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual(['tags', 'updatedAt']);
    expect(tx.objectStore('annotations').index('tags').multiEntry).toBe(true);
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

  it('refuses to open a database from a newer version of the extension instead of damaging it', async () => {
    const newer = await openDB('migrations-newer', DB_VERSION + 1);
    newer.close();
    await expect(openDatabase('migrations-newer')).rejects.toThrow();
  });
});
