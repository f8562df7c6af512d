import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { setAnnotation } from '../../../src/store/library';
import { listTags, mergeTags, renameTag } from '../../../src/store/tags';
import type { PaperId } from '../../../src/shared/paper';
import { storedAnnotation } from '../../helpers/library';

let db: PaperMarginDB;
let counter = 0;

afterEach(() => db?.close());

const A: PaperId = 'arxiv:2401.00001';
const B: PaperId = 'arxiv:2401.00002';
const C: PaperId = 'arxiv:2401.00003';

async function seed(): Promise<void> {
  db = await openDatabase(`tags-${++counter}`);
  await setAnnotation(db, A, { tags: ['rl', 'vision', 'ML'] }, undefined, 1000);
  await setAnnotation(db, B, { tags: ['Reinforcement Learning', 'RL'] }, undefined, 2000);
  await setAnnotation(db, C, { tags: ['nlp'] }, undefined, 3000);
}

async function tagsOf(id: PaperId): Promise<string[] | undefined> {
  return (await storedAnnotation(db, id))?.tags;
}

describe('listTags', () => {
  it('counts papers per tag key, shows the latest spelling, and sorts by use', async () => {
    await seed();
    expect(await listTags(db)).toEqual([
      { tag: 'RL', key: 'rl', count: 2, lastUsedAt: 2000 },
      { tag: 'ML', key: 'ml', count: 1, lastUsedAt: 1000 },
      { tag: 'nlp', key: 'nlp', count: 1, lastUsedAt: 3000 },
      { tag: 'Reinforcement Learning', key: 'reinforcement learning', count: 1, lastUsedAt: 2000 },
      { tag: 'vision', key: 'vision', count: 1, lastUsedAt: 1000 },
    ]);
  });

  it('answers an empty list for an empty library', async () => {
    db = await openDatabase(`tags-${++counter}`);
    expect(await listTags(db)).toEqual([]);
  });
});

describe('renameTag', () => {
  it('renames every spelling case-insensitively, in place, and bumps updatedAt of changed papers only', async () => {
    await seed();
    expect(await renameTag(db, 'Rl', 'Reinforcement', 5000)).toBe(2);
    expect(await tagsOf(A)).toEqual(['Reinforcement', 'vision', 'ML']);
    expect(await tagsOf(B)).toEqual(['Reinforcement Learning', 'Reinforcement']);
    expect((await storedAnnotation(db, A))?.updatedAt).toBe(5000);
    expect((await storedAnnotation(db, C))?.updatedAt).toBe(3000);
  });

  it('merges into a tag the paper already has: no duplicate, the new spelling, the first position', async () => {
    await seed();
    expect(await renameTag(db, 'reinforcement learning', 'rl', 5000)).toBe(1);
    expect(await tagsOf(B)).toEqual(['rl']);
    const rl = (await listTags(db)).find((use) => use.key === 'rl');
    expect(rl).toEqual({ tag: 'rl', key: 'rl', count: 2, lastUsedAt: 5000 });
  });

  it('changes only the spelling when from and to differ in case', async () => {
    await seed();
    expect(await renameTag(db, 'ml', 'Ml', 5000)).toBe(1);
    expect(await tagsOf(A)).toEqual(['rl', 'vision', 'Ml']);
    expect(await renameTag(db, 'Ml', 'Ml', 6000)).toBe(0);
    expect((await storedAnnotation(db, A))?.updatedAt).toBe(5000);
  });

  it('does nothing for a tag no paper has, and refuses an empty target', async () => {
    await seed();
    expect(await renameTag(db, 'nothing', 'x')).toBe(0);
    await expect(renameTag(db, 'rl', '  ')).rejects.toThrow('at least one');
    expect(await tagsOf(A)).toEqual(['rl', 'vision', 'ML']);
  });
});

describe('mergeTags', () => {
  it('files several tags under one in one go', async () => {
    await seed();
    expect(await mergeTags(db, ['vision', 'NLP', 'ml'], 'Other', 7000)).toBe(2);
    expect(await tagsOf(A)).toEqual(['rl', 'Other']);
    expect(await tagsOf(C)).toEqual(['Other']);
    expect(await tagsOf(B)).toEqual(['Reinforcement Learning', 'RL']);
    expect((await listTags(db)).map((use) => use.tag)).toEqual(['Other', 'rl', 'Reinforcement Learning']);
  });

  it('keeps one copy when the target is among the sources', async () => {
    await seed();
    expect(await mergeTags(db, ['rl', 'reinforcement learning'], 'RL', 7000)).toBe(2);
    expect(await tagsOf(B)).toEqual(['RL']);
    expect(await tagsOf(A)).toEqual(['RL', 'vision', 'ML']);
  });

  it('answers 0 for no sources', async () => {
    await seed();
    expect(await mergeTags(db, [], 'x')).toBe(0);
    expect(await mergeTags(db, ['', '#'], 'x')).toBe(0);
  });
});
