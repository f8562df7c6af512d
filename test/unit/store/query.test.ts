import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { recordPapers, setAnnotation } from '../../../src/store/library';
import { listLibrary, recentLibrary } from '../../../src/store/query';
import type { Paper, PaperId } from '../../../src/shared/paper';

let db: PaperMarginDB;
let counter = 0;

async function freshDb(): Promise<PaperMarginDB> {
  db = await openDatabase(`query-${++counter}`);
  return db;
}

afterEach(() => db?.close());

function paper(n: number): Paper {
  return {
    id: `arxiv:2401.${String(n).padStart(5, '0')}`,
    title: `Paper ${n}`,
    authors: ['Ada Lovelace'],
    arxivId: `2401.${String(n).padStart(5, '0')}`,
    url: `https://arxiv.org/abs/2401.${String(n).padStart(5, '0')}`,
    codeLinks: [],
    source: 'arxiv',
  };
}

async function seed(): Promise<Paper[]> {
  await freshDb();
  const papers = [1, 2, 3, 4, 5].map(paper);
  await recordPapers(db, papers, 100);
  await setAnnotation(db, papers[0]!.id, { tags: ['RL', 'vision'] }, undefined, 1000);
  await setAnnotation(db, papers[1]!.id, { tags: ['rl'] }, undefined, 3000);
  await setAnnotation(db, papers[2]!.id, { tags: ['#Rl ', 'nlp'], note: 'x' }, undefined, 2000);
  await setAnnotation(db, papers[3]!.id, { note: '' }, undefined, 3000);
  return papers;
}

const ids = (entries: Array<{ paper: { id: PaperId } }>) => entries.map((entry) => entry.paper.id);

describe('listLibrary', () => {
  it('lists every paper, newest annotation first, ties and unannotated papers by id', async () => {
    const papers = await seed();
    const entries = await listLibrary(db);
    expect(ids(entries)).toEqual([papers[1]!.id, papers[3]!.id, papers[2]!.id, papers[0]!.id, papers[4]!.id]);
    expect(entries[4]!.annotation).toBeUndefined();
    expect(entries[0]!.paper.title).toBe('Paper 2');
  });

  it('matches tags case-insensitively through the tags index, whatever the stored spelling', async () => {
    const papers = await seed();
    for (const query of ['rl', 'RL', '#rL', '  Rl ']) {
      expect(ids(await listLibrary(db, { tag: query }))).toEqual([papers[1]!.id, papers[2]!.id, papers[0]!.id]);
    }
    expect(ids(await listLibrary(db, { tag: 'NLP' }))).toEqual([papers[2]!.id]);
    expect(await listLibrary(db, { tag: 'r' })).toEqual([]);
    expect(await listLibrary(db, { tag: '##' })).toEqual([]);
  });

  it('restricts to ids, combines filters with AND, and skips unknown ids', async () => {
    const papers = await seed();
    const wanted = [papers[0]!.id, papers[4]!.id, 'arxiv:9999.99999' as PaperId, 'bogus' as PaperId];
    expect(ids(await listLibrary(db, { ids: wanted }))).toEqual([papers[0]!.id, papers[4]!.id]);
    expect(ids(await listLibrary(db, { ids: wanted, tag: 'rl' }))).toEqual([papers[0]!.id]);
    expect(ids(await listLibrary(db, { ids: wanted, annotatedOnly: true }))).toEqual([papers[0]!.id]);
  });

  it('annotatedOnly leaves out papers whose annotation holds nothing', async () => {
    const papers = await seed();
    expect(ids(await listLibrary(db, { annotatedOnly: true }))).toEqual([papers[1]!.id, papers[2]!.id, papers[0]!.id]);
  });

  it('lists an annotation whose paper was never recorded, with a stand-in record', async () => {
    await freshDb();
    await setAnnotation(db, 'arxiv:2101.00001', { note: 'orphan' }, undefined, 50);
    await setAnnotation(db, 'doi:10.1000/xyz', { note: 'doi orphan' }, undefined, 40);
    const entries = await listLibrary(db);
    expect(entries.map((entry) => [entry.paper.title, entry.paper.url])).toEqual([
      ['arXiv:2101.00001', 'https://arxiv.org/abs/2101.00001'],
      ['10.1000/xyz', 'https://doi.org/10.1000/xyz'],
    ]);
    expect(entries[0]!.annotation?.note).toBe('orphan');
    expect(ids(await listLibrary(db, { ids: ['doi:10.1000/xyz'] }))).toEqual(['doi:10.1000/xyz']);
  });
});

describe('recentLibrary', () => {
  it('gives the latest edits first, skipping annotations left empty, as the whole list would', async () => {
    const papers = await seed();
    // papers[3]'s annotation is the newest but empty: no row for it.
    expect(ids(await recentLibrary(db, 2))).toEqual([papers[1]!.id, papers[2]!.id]);
    expect(ids(await recentLibrary(db, 10))).toEqual(ids(await listLibrary(db, { annotatedOnly: true })));
  });

  it('reads past a run of empty annotations to fill the page', async () => {
    await freshDb();
    const papers = Array.from({ length: 12 }, (_, k) => paper(k + 1));
    await recordPapers(db, papers, 100);
    await setAnnotation(db, papers[0]!.id, { note: 'the only note' }, undefined, 1000);
    for (let k = 1; k < 12; k++) await setAnnotation(db, papers[k]!.id, { note: '' }, undefined, 2000 + k);
    expect(ids(await recentLibrary(db, 3))).toEqual([papers[0]!.id]);
  });

  it('is empty for an empty library', async () => {
    await freshDb();
    expect(await recentLibrary(db, 20)).toEqual([]);
  });
});
