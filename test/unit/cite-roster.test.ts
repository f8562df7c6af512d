import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CiteRoster } from '../../src/background/cite-roster';
import type { Paper, PaperId } from '../../src/shared/paper';
import { type PaperMarginDB, openDatabase } from '../../src/store/db';
import { toBibtex } from '../../src/store/export/bibtex';
import { citeKeys } from '../../src/store/export/common';
import { forgetSeen } from '../../src/store/history';
import { recordPapers, setAnnotation } from '../../src/store/library';
import { listTags, renameTag } from '../../src/store/tags';
import { type LibraryEntry, listLibrary } from '../../src/store/query';
import { seededRandom } from '../helpers/random';

let counter = 0;
const opened: PaperMarginDB[] = [];
afterEach(() => {
  opened.splice(0).forEach((db) => db.close());
  vi.restoreAllMocks();
});

/** A paper whose plain key is `<author>2024<word>`: papers given the same author and word clash. */
function paper(n: number, author: string, word: string): Paper {
  const arxivId = `2401.${String(n).padStart(5, '0')}`;
  return { id: `arxiv:${arxivId}`, arxivId, title: `${word} models`, authors: [`A ${author}`], url: `https://arxiv.org/abs/${arxivId}`, codeLinks: [], source: 'arxiv' };
}

// Three Smiths clash on `smith2024deep`, two Lees on `lee2024deep`; Wong is alone.
const NOTED = [paper(1, 'Smith', 'Deep'), paper(2, 'Smith', 'Deep'), paper(3, 'Lee', 'Deep'), paper(4, 'Wong', 'Deep'), paper(5, 'Smith', 'Deep'), paper(6, 'Lee', 'Deep')];
// Recorded (a page showed it) but never noted: keyed among the noted papers, never in their keys.
const SEEN = paper(7, 'Smith', 'Deep');

async function library(): Promise<PaperMarginDB> {
  const db = await openDatabase(`cite-roster-${++counter}`);
  opened.push(db);
  await recordPapers(db, [...NOTED, SEEN], 1000);
  for (const [i, { id }] of NOTED.entries()) await setAnnotation(db, id, { note: `note ${i}` }, undefined, 2000 + i);
  return db;
}

async function entry(db: PaperMarginDB, id: PaperId): Promise<LibraryEntry> {
  return (await listLibrary(db, { ids: [id] }))[0]!;
}

const keyOf = (bibtex: string) => /^@misc\{([^,]+),$/m.exec(bibtex)?.[1];

describe('CiteRoster (the background keys one paper without reading the whole library)', () => {
  it('gives each paper the key the export of the whole library gives it', async () => {
    const db = await library();
    const roster = new CiteRoster();
    const noted = await listLibrary(db, { annotatedOnly: true });
    const whole = citeKeys(noted);
    for (const { id } of [...NOTED, SEEN]) {
      const own = await entry(db, id);
      const among = await roster.among(db, [own]);
      expect(keyOf(toBibtex([own], among))).toBe(keyOf(toBibtex([own], noted)));
      // Only the papers that share its plain key: the Lees for a Lee, nobody for Wong.
      expect(among.every((other) => other.paper.authors[0] === own.paper.authors[0])).toBe(true);
    }
    expect(keyOf(toBibtex([await entry(db, NOTED[3]!.id)], await roster.among(db, [await entry(db, NOTED[3]!.id)])))).toBe('wong2024deep');
    expect(whole.get(NOTED[0]!.id)).toMatch(/^smith2024deep-[a-z]{3}$/);
  });

  it('reads the noted records once for many citations, and after a write only the papers it names', async () => {
    const db = await library();
    const roster = new CiteRoster();
    // The noted records are read through the `annotatedAt` index, and nothing else reads an index whole here.
    const reads = vi.spyOn(IDBIndex.prototype, 'getAll');
    for (const { id } of NOTED) await roster.among(db, [await entry(db, id)]);
    expect(reads).toHaveBeenCalledTimes(1);
    // Wong gets a second Wong (a page records it, a note is saved): his key changes at once.
    const wong = await entry(db, NOTED[3]!.id);
    expect(keyOf(toBibtex([wong], await roster.among(db, [wong])))).toBe('wong2024deep');
    await recordPapers(db, [paper(8, 'Wong', 'Deep')], 3000);
    await setAnnotation(db, 'arxiv:2401.00008', { tags: ['x'] }, undefined, 3000);
    expect(keyOf(toBibtex([wong], await roster.among(db, [wong])))).toMatch(/^wong2024deep-[a-z]{3}$/);
    // A page showing a Smith under another title makes it the only `smith2024wide`.
    await recordPapers(db, [{ ...paper(1, 'Smith', 'Wide'), date: '2024-01-02' }], 4000);
    const wide = await entry(db, NOTED[0]!.id);
    expect(keyOf(toBibtex([wide], await roster.among(db, [wide])))).toBe('smith2024wide');
    // …and no longer one of the Deep Smiths (whose keys it would not change, but whose reads it would lengthen).
    const deep = await roster.among(db, [await entry(db, NOTED[1]!.id)]);
    expect(deep.map((other) => other.paper.id).sort()).toEqual([NOTED[1]!.id, NOTED[4]!.id]);
    expect(reads).toHaveBeenCalledTimes(1);
    // A write that does not name its papers (a tag renamed everywhere): the whole library again.
    await renameTag(db, 'x', 'y');
    await roster.among(db, [wong]);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it("is prepared by joining the tag list's read: a copy then reads no noted record of its own", async () => {
    const db = await library();
    const roster = new CiteRoster();
    const reads = vi.spyOn(IDBIndex.prototype, 'getAll');
    const tags = listTags(db);
    roster.prepare(db);
    await tags;
    const wong = await entry(db, NOTED[3]!.id);
    expect(keyOf(toBibtex([wong], await roster.among(db, [wong])))).toBe('wong2024deep');
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keys as the whole library does after any sequence of writes', async () => {
    const db = await library();
    const roster = new CiteRoster();
    const rng = seededRandom(7);
    const authors = ['Smith', 'Lee', 'Wong', 'Kim'];
    const words = ['Deep', 'Wide'];
    let now = 10_000;
    for (let step = 0; step < 60; step++) {
      const n = 1 + rng.int(12);
      const id: PaperId = `arxiv:2401.${String(n).padStart(5, '0')}`;
      // Writes that name their papers mostly: those that do not read the whole library again.
      const which = rng.int(20);
      if (which === 0) await recordPapers(db, [paper(n, rng.pick(authors)!, rng.pick(words)!)], now++);
      else if (which === 1) await setAnnotation(db, id, { note: rng.chance(0.5) ? '' : `note ${step}`, tags: rng.chance(0.3) ? ['t'] : [] }, undefined, now++);
      else if (which === 2) await setAnnotation(db, id, { tags: ['t'] }, undefined, now++);
      else if (which === 3) await renameTag(db, 't', rng.pick(['t', 'u'])!);
      else if (which === 4) await forgetSeen(db);
      else if (rng.chance(0.5)) await recordPapers(db, [paper(n, rng.pick(authors)!, rng.pick(words)!)], now++);
      else await setAnnotation(db, id, { note: rng.chance(0.5) ? '' : `note ${step}` }, undefined, now++);
      // Every paper, not only the one written: a write changes its neighbours' keys too.
      const noted = await listLibrary(db, { annotatedOnly: true });
      for (const own of await listLibrary(db)) {
        expect(keyOf(toBibtex([own], await roster.among(db, [own]))), `step ${step}, ${own.paper.id}`).toBe(keyOf(toBibtex([own], noted)));
      }
    }
  });

  it('reads again when a write began while the roster was read', async () => {
    const db = await library();
    const roster = new CiteRoster();
    const wong = await entry(db, NOTED[3]!.id);
    await recordPapers(db, [paper(8, 'Wong', 'Deep')], 3000);
    const asked = roster.among(db, [wong]);
    // Begun after the roster's read: the read does not see it, and the roster must not be kept.
    const write = setAnnotation(db, 'arxiv:2401.00008', { note: 'second Wong' }, undefined, 3000);
    const among = await asked;
    await write;
    expect(among.map((other) => other.paper.id)).toContain('arxiv:2401.00008');
    expect(keyOf(toBibtex([wong], await roster.among(db, [wong])))).toMatch(/^wong2024deep-[a-z]{3}$/);
  });

  it('does not keep a failed read', async () => {
    const db = await openDatabase(`cite-roster-${++counter}`);
    db.close();
    const roster = new CiteRoster();
    const own: LibraryEntry = { paper: { ...paper(1, 'Smith', 'Deep'), firstSeenAt: 1, lastSeenAt: 1, seenOn: [], createdAt: 1, updatedAt: 1 } };
    await expect(roster.among(db, [own])).rejects.toThrow();
    await expect(roster.among(db, [own])).rejects.toThrow();
    const open = await library();
    expect(keyOf(toBibtex([own], await roster.among(open, [own])))).toMatch(/^smith2024deep-[a-z]{3}$/);
  });
});
