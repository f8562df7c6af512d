// Files the library did not write itself: a backup of an older release, another tool's or a hand-edited
// file, a machine whose clock ran ahead. One paper stays one record under the id pages record, what is
// cut is said, and an edit made after an import is never undone by importing the file again.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, parseBackup, parseCslJson } from '../../../src/store/backup';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { applyImport, planImport, resolveConflict, summary } from '../../../src/store/import';
import { getStates, recordPapers, setAnnotation } from '../../../src/store/library';
import { mergeTags } from '../../../src/store/tags';
import { validatePapers } from '../../../src/store/validate';
import { storedAnnotation } from '../../helpers/library';

let db: PaperMarginDB;
let count = 0;
afterEach(() => db?.close());
const freshDb = async () => (db = await openDatabase(`import-foreign-${++count}`));

const backup = (papers: unknown[] = [], annotations: unknown[] = []) =>
  JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: '2026-01-01T00:00:00.000Z', papers, annotations });

const knots = (id: string, arxivId: string) => ({
  id,
  title: 'Knots',
  authors: ['Ann Author'],
  arxivId,
  url: `https://arxiv.org/abs/${arxivId}`,
  codeLinks: [],
  source: 'arxiv',
  firstSeenAt: 1000,
  lastSeenAt: 1000,
  seenOn: ['arxiv'],
  createdAt: 1000,
  updatedAt: 1000,
});

describe('ids written otherwise than the library keys them', () => {
  it("restores an older release's backup (an old-style arXiv id in the page's case) under the id pages record now", async () => {
    await freshDb();
    const old = backup(
      [knots('arxiv:math.gt/0309136', 'math.gt/0309136')],
      [{ id: 'arxiv:math.gt/0309136', note: 'my knot notes', tags: ['topology'], status: 'read', createdAt: 2000, updatedAt: 2000 }],
    );
    await applyImport(db, await planImport(db, parseBackup(old)));
    const [seen] = validatePapers([{ id: 'arxiv:math.gt/0309136', title: 'Knots', url: 'https://arxiv.org/abs/math.GT/0309136', arxivId: 'math.gt/0309136', source: 'arxiv' }]);
    expect(seen!.id).toBe('arxiv:math.GT/0309136');
    await recordPapers(db, [seen!], 5000);
    expect((await getStates(db, [seen!.id]))[seen!.id]?.annotation?.note).toBe('my knot notes');
    expect(await db.getAllKeys('library')).toEqual(['arxiv:math.GT/0309136']);
  });

  it('takes a versioned arXiv id for the paper, and a DOI in capitals for the one in lower case', async () => {
    await freshDb();
    await setAnnotation(db, 'arxiv:2401.00001', { note: 'local note', tags: ['rl'], status: 'read' }, undefined, 1000);
    await setAnnotation(db, 'doi:10.1000/abc', { note: 'local note' }, undefined, 1000);
    const file = backup(
      [],
      [
        { id: 'arxiv:2401.00001v2', note: 'note from the other machine', tags: [], status: 'none', createdAt: 500, updatedAt: 500 },
        { id: 'doi:10.1000/ABC', note: 'local note\nmore', tags: [], status: 'none', createdAt: 500, updatedAt: 5000 },
      ],
    );
    const plan = await planImport(db, parseBackup(file));
    expect(plan.added).toEqual([]);
    expect([...plan.updated, ...plan.conflicts].map((item) => item.id).sort()).toEqual(['arxiv:2401.00001', 'doi:10.1000/abc']);
  });

  it('refuses a file that names one paper twice, in two versions', () => {
    const twice = backup(
      [],
      [
        { id: 'arxiv:2401.00001v1', note: 'a', tags: [], status: 'none', createdAt: 1, updatedAt: 1 },
        { id: 'arxiv:2401.00001v2', note: 'b', tags: [], status: 'none', createdAt: 1, updatedAt: 1 },
      ],
    );
    expect(() => parseBackup(twice)).toThrow(/annotations\[1\]\.id.*annotations\[0\]/);
  });

  it("reads a CSL item's arXiv id in arXiv's case", () => {
    const csl = JSON.stringify([{ title: 'Knots', number: 'arXiv:math.gt/0309136v2' }]);
    expect(parseCslJson(csl, 1).papers.map((paper) => paper.id)).toEqual(['arxiv:math.GT/0309136']);
  });
});

describe('tags past what a paper keeps', () => {
  it.each([
    ['55 tags', Array.from({ length: 55 }, (_, i) => `tag-${i}`), 50],
    ['a tag of 80 characters', ['short', 'x'.repeat(80)], 2],
  ])('cuts %s and says so', (_, tags, kept) => {
    const parsed = parseBackup(backup([], [{ id: 'arxiv:2401.00001', note: '', tags, status: 'none', createdAt: 1, updatedAt: 1 }]));
    expect(parsed.annotations[0]!.tags).toHaveLength(kept);
    expect(parsed.warnings.join(' ')).toMatch(/annotations\[0\]\.tags/);
  });

  it('says nothing of spellings merged as one tag (case, #, commas)', () => {
    const parsed = parseBackup(backup([], [{ id: 'arxiv:2401.00001', note: '', tags: ['RL', '#rl', 'deep, nets'], status: 'none', createdAt: 1, updatedAt: 1 }]));
    expect(parsed.annotations[0]!.tags).toEqual(['RL', 'deep nets']);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('a file dated ahead of this clock', () => {
  const NOW = Date.UTC(2026, 5, 1);
  const FUTURE = Date.UTC(2099, 0, 1);
  const file = backup([], [{ id: 'arxiv:2401.00001', note: 'notes', tags: ['rl'], status: 'to-read', createdAt: NOW - 1000, updatedAt: FUTURE }]);

  it('cannot undo, imported again, a status the reader changed after importing it', async () => {
    await freshDb();
    await applyImport(db, await planImport(db, parseBackup(file)), {}, NOW);
    await setAnnotation(db, 'arxiv:2401.00001', { status: 'read' }, undefined, NOW + 60_000);
    expect((await storedAnnotation(db, 'arxiv:2401.00001'))!.updatedAt).toBeGreaterThan(FUTURE);
    const plan = await planImport(db, parseBackup(file));
    // As with clocks that agree: the reader's later status against the file's, theirs to choose.
    expect(summary(plan)).toBe('0 new, 0 updated, 1 conflict');
    await applyImport(db, plan, {}, NOW + 120_000);
    expect((await storedAnnotation(db, 'arxiv:2401.00001'))?.status).toBe('read');
  });

  it('dates a tag renamed, and a conflict resolved, after both sides', async () => {
    await freshDb();
    await applyImport(db, await planImport(db, parseBackup(file)), {}, NOW);
    await mergeTags(db, ['rl'], 'reinforcement learning', NOW + 1);
    const renamed = (await storedAnnotation(db, 'arxiv:2401.00001'))!;
    expect(renamed.updatedAt).toBe(FUTURE + 1);
    const conflict = { id: renamed.id, title: 'Paper', fields: ['note' as const], localAnnotation: renamed, incomingAnnotation: { ...renamed, note: 'other', updatedAt: FUTURE + 5 } };
    expect(resolveConflict(conflict as never, 'take-incoming', NOW + 2)!.updatedAt).toBe(FUTURE + 6);
    expect(resolveConflict(conflict as never, 'keep-both', NOW + 2)!.updatedAt).toBe(FUTURE + 6);
  });
});
