import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, ImportError, type ParsedBackup, exportBackup, parseBackup, parseCslJson } from '../../../src/store/backup';
import { type PaperMarginDB, type PaperRecord, openDatabase } from '../../../src/store/db';
import { KEEP_BOTH_SEPARATOR, applyImport, checkShown, decideAnnotation, planImport, summary } from '../../../src/store/import';
import type { Annotation } from '../../../src/shared/annotation';
import type { PaperId } from '../../../src/shared/paper';
import { countingPuts, putRecords, storedAnnotation, storedPaper } from '../../helpers/library';
import { forgetSeen } from '../../../src/store/history';

let db: PaperMarginDB;
let counter = 0;

afterEach(() => db?.close());

async function freshDb(): Promise<PaperMarginDB> {
  db = await openDatabase(`import-${++counter}`);
  return db;
}

async function dump(target = db): Promise<string> {
  // The records as stored, so that a change to any part of one shows.
  return JSON.stringify(await target.getAll('library'));
}

const id = (n: number): PaperId => `arxiv:2401.${String(n).padStart(5, '0')}`;

function paper(n: number, overrides: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id: id(n),
    title: `Paper ${n}`,
    authors: ['Ada Lovelace'],
    arxivId: id(n).slice(6),
    url: `https://arxiv.org/abs/${id(n).slice(6)}`,
    codeLinks: [],
    source: 'arxiv',
    firstSeenAt: 100,
    lastSeenAt: 100,
    seenOn: ['arxiv'],
    createdAt: 100,
    updatedAt: 100,
    ...overrides,
  };
}

function note(n: number, overrides: Partial<Annotation> = {}): Annotation {
  return { id: id(n), note: '', tags: [], status: 'none', createdAt: 1000, updatedAt: 1000, ...overrides };
}

function parsed(papers: PaperRecord[], annotations: Annotation[]): ParsedBackup {
  return { kind: 'backup', papers, annotations, warnings: [] };
}

async function store(papers: PaperRecord[], annotations: Annotation[]): Promise<void> {
  await putRecords(db, papers, annotations);
}

describe('decideAnnotation', () => {
  const local = note(1, { note: 'local text', tags: ['rl'], status: 'read', createdAt: 1000, updatedAt: 2000 });
  const kind = (incoming: Partial<Annotation>) => decideAnnotation(local, note(1, { ...local, ...incoming })).kind;

  it('leaves identical annotations, and annotations local already contains, unchanged', () => {
    expect(kind({})).toBe('unchanged');
    expect(kind({ updatedAt: 9000, createdAt: 5 })).toBe('unchanged');
    expect(kind({ note: '', tags: [], status: 'none', updatedAt: 9000 })).toBe('unchanged');
    expect(kind({ note: 'local', tags: ['RL'], updatedAt: 9000, createdAt: 5 })).toBe('unchanged');
  });

  it('fills fields local left empty, whatever the times', () => {
    const empty = note(1, { updatedAt: 5000 });
    const decision = decideAnnotation(empty, note(1, { note: 'incoming', tags: ['x'], status: 'starred', createdAt: 10, updatedAt: 20 }));
    expect(decision).toEqual({ kind: 'write', annotation: { id: id(1), note: 'incoming', tags: ['x'], status: 'starred', createdAt: 10, updatedAt: 5000 } });
  });

  it('takes the newer status of a later copy of the same annotation (same createdAt)', () => {
    const decision = decideAnnotation(local, note(1, { ...local, status: 'skip', updatedAt: 3000 }));
    expect(decision).toEqual({ kind: 'write', annotation: { ...local, status: 'skip', updatedAt: 3000 } });
  });

  it('asks when a later copy of the same annotation rewrote the note or tags: they may have been edited here too', () => {
    // A backup restored on a second device, each device then editing the note its own way.
    expect(decideAnnotation(local, note(1, { note: 'rewritten', tags: ['cv'], status: 'skip', createdAt: 1000, updatedAt: 3000 }))).toEqual({
      kind: 'conflict',
      fields: ['note', 'tags', 'status'],
    });
    expect(kind({ tags: ['cv'], createdAt: 1000, updatedAt: 3000 })).toBe('conflict');
  });

  it('takes a newer annotation that extends local (appended note, more tags)', () => {
    const decision = decideAnnotation(local, note(1, { note: 'local text\nand more', tags: ['rl', 'cv'], status: 'read', createdAt: 7, updatedAt: 3000 }));
    expect(decision).toMatchObject({ kind: 'write', annotation: { note: 'local text\nand more', tags: ['rl', 'cv'], createdAt: 7, updatedAt: 3000 } });
  });

  it('reports a conflict when local is newer and different, or two independent annotations disagree', () => {
    expect(decideAnnotation(local, note(1, { note: 'older other', createdAt: 1000, updatedAt: 1500 }))).toEqual({ kind: 'conflict', fields: ['note'] });
    expect(kind({ note: 'local text and more', updatedAt: 1500 })).toBe('conflict');
    expect(kind({ status: 'skip', createdAt: 999, updatedAt: 3000 })).toBe('conflict');
    expect(kind({ note: 'other', updatedAt: 2000 })).toBe('conflict');
  });
});

describe('planImport and applyImport', () => {
  it('sorts each paper into new, updated, unchanged or conflict, and summarises', async () => {
    await freshDb();
    await store(
      [paper(2), paper(3), paper(4, { abstract: 'local abstract', upvotes: 5 })],
      [note(3, { note: 'same' }), note(4, { note: 'local', updatedAt: 5000 }), note(5, { tags: [] })],
    );
    const plan = await planImport(
      db,
      parsed(
        [paper(1), paper(2), paper(4, { authors: [], upvotes: 9, projectPage: 'https://p.org', updatedAt: 50 })],
        [note(1, { note: 'new' }), note(3, { note: 'same' }), note(4, { note: 'incoming', updatedAt: 4000 }), note(5, { tags: ['filled'] }), note(6, { note: 'orphan' })],
      ),
    );
    expect(plan.added.map((item) => item.id)).toEqual([id(1), id(6)]);
    expect(plan.updated.map((item) => item.id)).toEqual([id(5)]);
    expect(plan.unchanged).toBe(2);
    expect(plan.conflicts.map((item) => [item.id, item.fields])).toEqual([[id(4), ['note']]]);
    expect(summary(plan)).toBe('2 new, 1 updated, 1 conflict');
    // The conflicting paper's record still merges: the projectPage is new; local fields are all kept.
    expect(plan.conflicts[0]!.write.paper).toMatchObject({ abstract: 'local abstract', upvotes: 5, authors: ['Ada Lovelace'], projectPage: 'https://p.org' });
    expect(plan.conflicts[0]!.write.annotation).toBeUndefined();
  });

  it("keeps a paper's earlier showings (the library's bookkeeping for tabs loading at once) when an import changes it", async () => {
    await freshDb();
    await store([paper(1, { earlierSeenAt: [90, 80] })], []);
    const plan = await planImport(db, parsed([paper(1, { upvotes: 7, updatedAt: 200 })], []));
    await applyImport(db, plan);
    expect(await storedPaper(db, id(1))).toMatchObject({ upvotes: 7, earlierSeenAt: [90, 80] });
  });

  it('merges papers without losing local fields, newer values winning, lists united', async () => {
    await freshDb();
    const local = paper(1, {
      authors: ['A', 'B', 'C'],
      abstract: 'kept',
      codeLinks: [{ url: 'https://github.com/a/b', host: 'github', kind: 'code', status: 'available', label: 'a/b' }],
      seenOn: ['arxiv'],
      upvotes: 3,
      firstSeenAt: 100,
      lastSeenAt: 200,
    });
    await store([local], []);
    const incoming = paper(1, {
      title: 'Newer title',
      authors: ['A'],
      // The newer side's project page goes after the older side's code: code first, as pages store it.
      codeLinks: [
        { url: 'https://x.github.io/y', host: 'other', kind: 'project', status: 'available', label: 'x.github.io/y' },
        { url: 'https://gitlab.com/x/y', host: 'gitlab', kind: 'code', status: 'available', label: 'x/y' },
      ],
      seenOn: ['huggingface'],
      upvotes: 10,
      firstSeenAt: 50,
      lastSeenAt: 150,
      createdAt: 50,
      updatedAt: 300,
    });
    delete incoming.abstract;
    const plan = await planImport(db, parsed([incoming], []));
    expect(plan.updated).toHaveLength(1);
    await applyImport(db, plan);
    expect(await storedPaper(db, id(1))).toMatchObject({
      title: 'Newer title',
      authors: ['A', 'B', 'C'],
      abstract: 'kept',
      upvotes: 10,
      codeLinks: [{ url: 'https://gitlab.com/x/y' }, { url: 'https://github.com/a/b' }, { url: 'https://x.github.io/y' }],
      seenOn: ['arxiv', 'huggingface'],
      firstSeenAt: 50,
      lastSeenAt: 200,
      createdAt: 50,
      updatedAt: 300,
    });
  });

  it('takes the incoming side only in the fields that conflict', async () => {
    await freshDb();
    const local = note(1, { note: 'my local note', tags: ['a', 'b'], status: 'read', createdAt: 10, updatedAt: 50 });
    await store([], [local]);
    const plan = await planImport(db, parsed([], [note(1, { note: 'their note', tags: ['a'], status: 'none', createdAt: 20, updatedAt: 40 })]));
    expect(plan.conflicts.map((conflict) => conflict.fields)).toEqual([['note']]);
    await applyImport(db, plan, { [id(1)]: 'take-incoming' }, 9000);
    // Their note; the tag and the status only this side had stay.
    expect(await storedAnnotation(db, id(1))).toEqual({ ...local, note: 'their note', updatedAt: 9000 });
  });

  it('refuses keep-both when the two tag lists together hold more tags than a paper keeps, and changes nothing', async () => {
    await freshDb();
    const local = note(1, { note: 'mine', tags: Array.from({ length: 30 }, (_, i) => `l${i}`), updatedAt: 5000 });
    await store([], [local]);
    const plan = await planImport(db, parsed([], [note(1, { note: 'theirs', tags: Array.from({ length: 30 }, (_, i) => `i${i}`), createdAt: 7, updatedAt: 4000 })]));
    await expect(applyImport(db, plan, { [id(1)]: 'keep-both' }, 9000)).rejects.toThrow('together hold more than 50 tags; choose one of them.');
    expect(await storedAnnotation(db, id(1))).toEqual(local);
  });

  it('applies resolutions: keep-local by default, take-incoming, keep-both', async () => {
    await freshDb();
    const locals = [1, 2, 3].map((n) => note(n, { note: `local ${n}`, tags: ['a'], status: 'read', updatedAt: 5000 }));
    await store([], locals);
    const incoming = [1, 2, 3].map((n) => note(n, { note: `incoming ${n}`, tags: ['b', 'A'], status: n === 3 ? 'read' : 'starred', createdAt: 7, updatedAt: 4000 }));
    const plan = await planImport(db, parsed([], incoming));
    expect(plan.conflicts).toHaveLength(3);
    const result = await applyImport(db, plan, { [id(2)]: 'take-incoming', [id(3)]: 'keep-both' }, 9000);
    expect(result).toEqual({ papers: 0, annotations: 2 });
    expect(await storedAnnotation(db, id(1))).toEqual(locals[0]);
    expect(await storedAnnotation(db, id(2))).toEqual({ ...incoming[1], tags: ['b', 'A'], createdAt: 7, updatedAt: 9000 });
    expect(await storedAnnotation(db, id(3))).toEqual({
      id: id(3),
      note: `local 3${KEEP_BOTH_SEPARATOR}incoming 3`,
      tags: ['a', 'b'],
      status: 'read',
      createdAt: 7,
      updatedAt: 9000,
    });
    // Importing the same file again finds nothing to do: keep-both already holds the incoming note.
    const again = await planImport(db, parsed([], incoming));
    expect(summary(again)).toBe('0 new, 0 updated, 1 conflict');
    expect(again.conflicts.map((item) => item.id)).toEqual([id(1)]);
  });

  it('is idempotent: importing a backup of the same database changes nothing', async () => {
    await freshDb();
    await store([paper(1), paper(2)], [note(1, { note: 'x', tags: ['t'] })]);
    const before = await dump();
    const plan = await planImport(db, parseBackup(await exportBackup(db, 1)));
    expect(summary(plan)).toBe('0 new, 0 updated, 0 conflicts');
    expect(plan.unchanged).toBe(2);
    await applyImport(db, plan);
    expect(await dump()).toBe(before);
  });

  it('does not count a CSL import as having seen the paper, and re-importing it changes nothing', async () => {
    await freshDb();
    await store([paper(1, { lastSeenAt: 100 })], []);
    const csl = JSON.stringify([{ type: 'article', title: 'Paper 1', number: 'arXiv:2401.00001', abstract: 'from Zotero' }]);
    await applyImport(db, await planImport(db, parseCslJson(csl, 99_999)));
    expect(await storedPaper(db, id(1))).toMatchObject({ abstract: 'from Zotero', lastSeenAt: 100, firstSeenAt: 100, title: 'Paper 1' });
    const again = await planImport(db, parseCslJson(csl, 199_999));
    expect(summary(again)).toBe('0 new, 0 updated, 0 conflicts');
  });

  it('refuses a choice made on a preview whose local annotation was edited since (the apply plans again)', async () => {
    await freshDb();
    await store([], [note(1, { note: 'local v1', updatedAt: 5000 })]);
    const incoming = parsed([], [note(1, { note: 'incoming other', createdAt: 7, updatedAt: 4000 })]);
    const previewed = await planImport(db, incoming);
    const shown = Object.fromEntries(previewed.conflicts.map((conflict) => [conflict.id, conflict.localAnnotation.updatedAt]));
    // Another tab adds to the note; the reader then takes the file's note, as the preview offered.
    await store([], [note(1, { note: 'local v1\n\nIMPORTANT new paragraph', updatedAt: 6000 })]);
    const plan = await planImport(db, incoming);
    expect(() => checkShown(plan, { [id(1)]: 'take-incoming' }, shown)).toThrow('The note on "arxiv:2401.00001" changed since the import was checked');
    // Keeping theirs needs no check, and a preview that is still current passes.
    expect(() => checkShown(plan, { [id(1)]: 'keep-local' }, shown)).not.toThrow();
    expect(() => checkShown(previewed, { [id(1)]: 'keep-both' }, shown)).not.toThrow();
  });

  it('refuses a plan whose annotations were edited since, and writes nothing', async () => {
    await freshDb();
    await store([], [note(1, { note: 'local' })]);
    const plan = await planImport(db, parsed([paper(2)], [note(1, { tags: ['x'] })]));
    await store([], [note(1, { note: 'edited meanwhile', updatedAt: 1001 })]);
    const before = await dump();
    await expect(applyImport(db, plan)).rejects.toThrow('The note on "arxiv:2401.00001" changed since the import was checked');
    await expect(applyImport(db, plan)).rejects.toThrow(ImportError);
    expect(await dump()).toBe(before);
  });

  it('applies a plan whose paper with an emptied note was forgotten meanwhile (an empty annotation is none)', async () => {
    await freshDb();
    await store([paper(1)], [note(1, { note: '', tags: [], status: 'none' })]);
    const plan = await planImport(db, parsed([paper(2)], [note(1, { note: 'from the file', updatedAt: 2000 })]));
    // The options page's History forgets the papers only seen: this one's annotation had nothing in it.
    expect(await forgetSeen(db)).toBe(1);
    expect(await applyImport(db, plan)).toMatchObject({ annotations: 1 });
    expect((await storedAnnotation(db, id(1)))?.note).toBe('from the file');
  });

  it('merges the file into paper records a feed page refreshed after the plan was made', async () => {
    await freshDb();
    await store([paper(1, { upvotes: 1 })], []);
    const plan = await planImport(db, parsed([paper(1, { abstract: 'from the file', updatedAt: 150 }), paper(2, { abstract: 'file abstract', firstSeenAt: 50 })], []));
    // Meanwhile a page shows both papers: paper 2 is new to the database, paper 1 gets fresher data.
    await store([paper(1, { upvotes: 7, lastSeenAt: 500, updatedAt: 500 }), paper(2, { title: 'Seen on a page', lastSeenAt: 600, updatedAt: 600 })], []);
    expect(await applyImport(db, plan)).toEqual({ papers: 2, annotations: 0 });
    expect(await storedPaper(db, id(1))).toMatchObject({ upvotes: 7, abstract: 'from the file', lastSeenAt: 500, updatedAt: 500 });
    expect(await storedPaper(db, id(2))).toMatchObject({ title: 'Seen on a page', abstract: 'file abstract', lastSeenAt: 600, firstSeenAt: 50 });
  });

  it('refuses an unknown resolution', async () => {
    await freshDb();
    const plan = await planImport(db, parsed([], []));
    await expect(applyImport(db, plan, { [id(1)]: 'merge' as never })).rejects.toThrow('Unknown way to settle');
  });

  it('is all or nothing when the store refuses a record (a value it cannot clone, on the last put)', async () => {
    await freshDb();
    await store([paper(900)], [note(900, { note: 'keep' })]);
    const before = await dump();
    const plan = await planImport(db, parsed(Array.from({ length: 50 }, (_, i) => paper(i)), Array.from({ length: 50 }, (_, i) => note(i, { note: `n${i}` }))));
    expect(plan.added).toHaveLength(50);
    (plan.added[49]!.write.annotation as unknown as { note: unknown }).note = () => 'a function';
    const error = await applyImport(db, plan).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/^The import could not be saved, so nothing was changed \(DataCloneError/);
    expect(await dump()).toBe(before);
  });

  it('is all or nothing when the disk is full halfway (QuotaExceededError from put)', async () => {
    await freshDb();
    await store([paper(900)], []);
    const before = await dump();
    const plan = await planImport(db, parsed(Array.from({ length: 40 }, (_, i) => paper(i)), []));
    const calls = await countingPuts(() => expect(applyImport(db, plan)).rejects.toThrow('QuotaExceededError'), 21);
    expect(calls).toBe(21);
    expect(await dump()).toBe(before);
  });
});

describe('a whole backup file', () => {
  it('imports into an empty database and reproduces the source', async () => {
    const source = await freshDb();
    await store([paper(1), paper(2, { doi: '10.1/x' })], [note(1, { note: 'hello', tags: ['a'] }), note(3, { status: 'read' })]);
    const text = await exportBackup(source, 5);
    source.close();
    await freshDb();
    const plan = await planImport(db, parseBackup(text));
    expect(summary(plan)).toBe('3 new, 0 updated, 0 conflicts');
    expect(await applyImport(db, plan)).toEqual({ papers: 2, annotations: 2 });
    expect(await exportBackup(db, 5)).toBe(text);
    expect(JSON.parse(text)).toMatchObject({ format: BACKUP_FORMAT });
  });
});
