import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { recordPapers, setAnnotation } from '../../../src/store/library';
import { listLibrary } from '../../../src/store/query';
import { annotatedRecords, writeCount, writtenSince } from '../../../src/store/shared-read';
import { listTags, renameTag } from '../../../src/store/tags';

let db: PaperMarginDB;
let counter = 0;

afterEach(() => db?.close());

async function seeded(): Promise<PaperMarginDB> {
  db = await openDatabase(`shared-read-${++counter}`);
  await setAnnotation(db, 'arxiv:2401.00001', { note: 'first', tags: ['rl'] }, undefined, 1000);
  await setAnnotation(db, 'arxiv:2401.00002', { note: 'second', tags: ['RL', 'vision'] }, undefined, 2000);
  return db;
}

const notes = (records: Awaited<ReturnType<typeof annotatedRecords>>) => records.map((record) => record.annotation?.note);

describe('annotatedRecords', () => {
  it('gives the callers that ask while a read runs that read, and a later caller a new one', async () => {
    await seeded();
    const first = annotatedRecords(db);
    expect(annotatedRecords(db)).toBe(first);
    expect(notes(await first)).toEqual(['first', 'second']);
    const later = annotatedRecords(db);
    expect(later).not.toBe(first);
    expect(await later).toEqual(await first);
  });

  it('is not joined once a write has begun: the later caller sees the write, the earlier one does not', async () => {
    await seeded();
    const before = annotatedRecords(db);
    const write = setAnnotation(db, 'arxiv:2401.00003', { note: 'third' }, undefined, 3000);
    const after = annotatedRecords(db);
    expect(after).not.toBe(before);
    await write;
    expect(notes(await before)).toEqual(['first', 'second']);
    expect(notes(await after)).toEqual(['first', 'second', 'third']);
  });

  it('lets the tag list and the library list, asked at once, share one read', async () => {
    await seeded();
    // The same database, counting its reads of the annotated records.
    let reads = 0;
    const counted = new Proxy(db, {
      get(target, name) {
        if (name === 'getAllFromIndex') reads += 1;
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const shared = annotatedRecords(counted);
    const [records, tags, entries] = await Promise.all([shared, listTags(counted), listLibrary(counted, { annotatedOnly: true })]);
    expect(reads).toBe(1);
    expect(tags.map((use) => [use.key, use.count])).toEqual([
      ['rl', 2],
      ['vision', 1],
    ]);
    expect(entries.map((entry) => entry.annotation?.note)).toEqual(['second', 'first']);
    // A read of its own would hold objects of its own: these are the very ones the shared read gave.
    const byId = new Map(records.map((record) => [record.id, record.annotation]));
    expect(entries.every((entry) => entry.annotation === byId.get(entry.paper.id))).toBe(true);
  });

  it('does not keep a failed read: the next caller reads again', async () => {
    let calls = 0;
    const failing = {
      getAllFromIndex: () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('disk gone')) : Promise.resolve([]);
      },
    } as unknown as PaperMarginDB;
    await expect(annotatedRecords(failing)).rejects.toThrow('disk gone');
    await expect(annotatedRecords(failing)).resolves.toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('writes to the library', () => {
  it('all open their transaction through writeTransaction, so no write leaves a shared read joinable', () => {
    const dirs = ['src/store', 'src/background'];
    const offenders: string[] = [];
    for (const dir of dirs) {
      for (const name of readdirSync(dir, { recursive: true }) as string[]) {
        if (!name.endsWith('.ts') || name === 'shared-read.ts') continue;
        const source = readFileSync(join(dir, name), 'utf8');
        // A readwrite transaction of its own, or one of idb's shortcuts that open one (db.put('library', …)).
        if (/['"]readwrite['"]|\.(?:put|add|delete|clear)\(\s*['"]library['"]/.test(source)) offenders.push(join(dir, name));
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('writtenSince', () => {
  it('names the papers the writes since a count may have changed, or none when one of them did not say', async () => {
    await seeded();
    const count = writeCount(db);
    expect(writtenSince(db, count)).toEqual(new Set());
    await setAnnotation(db, 'arxiv:2401.00003', { note: 'third' }, undefined, 3000);
    await recordPapers(db, [{ id: 'arxiv:2401.00004', title: 'Four', authors: [], url: 'https://arxiv.org/abs/2401.00004', codeLinks: [], source: 'arxiv' }], 4000);
    expect(writeCount(db)).toBe(count + 2);
    expect(writtenSince(db, count)).toEqual(new Set(['arxiv:2401.00003', 'arxiv:2401.00004']));
    expect(writtenSince(db, count + 1)).toEqual(new Set(['arxiv:2401.00004']));
    // A count this connection never reached, and a write that names nothing (a tag renamed everywhere).
    expect(writtenSince(db, count + 3)).toBeUndefined();
    await renameTag(db, 'rl', 'RL');
    expect(writtenSince(db, count)).toBeUndefined();
    expect(writtenSince(db, count + 3)).toEqual(new Set());
  });

  it('forgets writes too long ago: anything may have changed since', async () => {
    await seeded();
    const count = writeCount(db);
    for (let i = 0; i < 40; i++) await setAnnotation(db, 'arxiv:2401.00001', { note: `edit ${i}` }, undefined, 5000 + i);
    expect(writtenSince(db, count)).toBeUndefined();
    expect(writtenSince(db, count + 20)).toEqual(new Set(['arxiv:2401.00001']));
  });
});
