import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { TagList } from '../../src/background/tag-list';
import type { PaperId } from '../../src/shared/paper';
import { type PaperMarginDB, openDatabase } from '../../src/store/db';
import { setAnnotation } from '../../src/store/library';
import { renameTag } from '../../src/store/tags';

const A: PaperId = 'arxiv:2401.00001';
const B: PaperId = 'arxiv:2401.00002';
let counter = 0;
const opened: PaperMarginDB[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

async function seeded(): Promise<PaperMarginDB> {
  const db = await openDatabase(`tag-list-${++counter}`);
  opened.push(db);
  await setAnnotation(db, A, { tags: ['rl'] }, undefined, 1000);
  return db;
}

const names = async (uses: Promise<Array<{ tag: string; count: number }>>) => (await uses).map(({ tag, count }) => `${tag} ${count}`);

describe('TagList (the background keeps the tag list between calls)', () => {
  it('answers the same list until a write through it ends', async () => {
    const db = await seeded();
    const list = new TagList();
    const first = list.get(db);
    expect(list.get(db)).toBe(first);
    expect(await names(first)).toEqual(['rl 1']);
    await list.changing(setAnnotation(db, B, { tags: ['RL', 'vision'] }, undefined, 2000));
    expect(list.get(db)).not.toBe(first);
    expect(await names(list.get(db))).toEqual(['RL 2', 'vision 1']);
    await list.changing(renameTag(db, 'vision', 'robotics'));
    expect(await names(list.get(db))).toEqual(['RL 2', 'robotics 1']);
  });

  it('drops a list read while the write was running', async () => {
    const db = await seeded();
    const list = new TagList();
    const write = list.changing(setAnnotation(db, B, { tags: ['vision'] }, undefined, 2000));
    const during = list.get(db);
    await write;
    await during;
    expect(list.get(db)).not.toBe(during);
    expect(await names(list.get(db))).toEqual(['rl 1', 'vision 1']);
  });

  it('drops the list after a write that failed, and does not keep a failed read', async () => {
    const db = await seeded();
    const list = new TagList();
    const before = list.get(db);
    await expect(list.changing(setAnnotation(db, 'not an id' as PaperId, { tags: ['x'] }))).rejects.toThrow();
    expect(list.get(db)).not.toBe(before);
    const closed = await openDatabase(`tag-list-${++counter}`);
    closed.close();
    const failed = list.get(closed);
    await expect(failed).rejects.toThrow();
    const retried = list.get(closed);
    expect(retried).not.toBe(failed);
    await expect(retried).rejects.toThrow();
  });

  it('reads afresh from another connection (the database was opened again)', async () => {
    const db = await seeded();
    const list = new TagList();
    const first = list.get(db);
    const again = await openDatabase(db.name);
    opened.push(again);
    expect(list.get(again)).not.toBe(first);
  });
});
