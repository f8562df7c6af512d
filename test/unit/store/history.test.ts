import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { countForgettable, forgetSeen, historyCounts, pruneSeen } from '../../../src/store/history';
import { getStates, recordPapers, setAnnotation } from '../../../src/store/library';
import type { Paper } from '../../../src/shared/paper';
import { storedAnnotation, storedPaper } from '../../helpers/library';

let db: PaperMarginDB;
let counter = 0;
afterEach(() => db?.close());

const DAY = 86_400_000;

function paper(index: number): Paper {
  const arxivId = `2401.${String(10000 + index)}`;
  return { id: `arxiv:${arxivId}`, arxivId, title: `Paper ${index}`, authors: [], url: `https://arxiv.org/abs/${arxivId}`, codeLinks: [], source: 'arxiv' } as Paper;
}

/** A library of `count` papers, paper i last shown on day i + 1. */
async function library(count: number): Promise<Paper[]> {
  db = await openDatabase(`history-${++counter}`);
  const papers = Array.from({ length: count }, (_, index) => paper(index));
  for (const [index, each] of papers.entries()) await recordPapers(db, [each], (index + 1) * DAY);
  return papers;
}

const ids = async () => (await db.getAllKeys('library')).sort();

/**
 * Runs `action` just before the next readwrite transaction is made (its own then comes first), as a
 * tab writing at that moment would. Answers a function that waits for the action's end.
 */
function beforeFirstWrite(action: () => Promise<unknown>): () => Promise<unknown> {
  const proto = globalThis.IDBDatabase.prototype;
  const { transaction } = proto;
  let running: Promise<unknown> | undefined;
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') {
      proto.transaction = transaction;
      running = action();
    }
    return transaction.apply(this, args);
  } as IDBDatabase['transaction'];
  return async () => running;
}

describe('forgetting the papers only seen', () => {
  it('forgets those shown before the cut-off, keeps the later ones and every annotated one', async () => {
    const papers = await library(6);
    await setAnnotation(db, papers[0]!.id, { note: 'keep me' }, undefined, 10 * DAY);
    await setAnnotation(db, papers[1]!.id, { tags: ['keep'] }, undefined, 10 * DAY);
    await setAnnotation(db, papers[2]!.id, { status: 'read' }, undefined, 10 * DAY);
    // A note written and then emptied leaves an annotation with nothing in it: that paper is only seen.
    await setAnnotation(db, papers[3]!.id, { note: 'gone' }, undefined, 10 * DAY);
    await setAnnotation(db, papers[3]!.id, { note: '' }, undefined, 11 * DAY);

    expect(await historyCounts(db)).toEqual({ papers: 6, annotated: 3, limit: 200_000 });
    // Papers 3 and 4 were last shown on days 4 and 5; paper 5 on day 6.
    expect(await countForgettable(db, 6 * DAY)).toEqual({ count: 2, latest: 5 * DAY });
    expect(await forgetSeen(db, 6 * DAY)).toBe(2);
    expect(await ids()).toEqual([papers[0]!.id, papers[1]!.id, papers[2]!.id, papers[5]!.id]);
    // The annotated papers keep their page record too, and the note.
    expect((await storedPaper(db, papers[0]!.id))?.title).toBe('Paper 0');
    expect((await storedAnnotation(db, papers[0]!.id))?.note).toBe('keep me');
    expect(await historyCounts(db)).toEqual({ papers: 4, annotated: 3, limit: 200_000 });
  });

  it('forgets every seen-only paper without a cut-off, and their cards are then new', async () => {
    const papers = await library(3);
    await setAnnotation(db, papers[1]!.id, { note: 'noted' }, undefined, 10 * DAY);
    expect(await forgetSeen(db)).toBe(2);
    expect(await ids()).toEqual([papers[1]!.id]);
    const states = await getStates(db, papers.map((each) => each.id));
    expect(states[papers[0]!.id]).toEqual({ seenOn: [] });
    expect(states[papers[1]!.id]?.lastSeenAt).toBe(2 * DAY);
    // Shown again, a forgotten paper is recorded afresh as never seen before.
    expect((await recordPapers(db, [papers[0]!], 20 * DAY))[papers[0]!.id]).toEqual({ seenOn: [] });
    expect(await forgetSeen(db)).toBe(1);
    expect(await forgetSeen(db)).toBe(0);
  });

  it('reads a library larger than one batch', async () => {
    db = await openDatabase(`history-${++counter}`);
    const papers = Array.from({ length: 4_500 }, (_, index) => paper(index));
    await recordPapers(db, papers, DAY);
    await setAnnotation(db, papers[4_499]!.id, { note: 'last' }, undefined, 2 * DAY);
    expect(await countForgettable(db)).toEqual({ count: 4_499, latest: DAY });
    expect(await forgetSeen(db)).toBe(4_499);
    expect(await ids()).toEqual([papers[4_499]!.id]);
  });

  it('lets a note be saved while it reads a large library, not only once it has read it all', async () => {
    db = await openDatabase(`history-${++counter}`);
    const papers = Array.from({ length: 6_500 }, (_, index) => paper(index));
    await recordPapers(db, papers, DAY);
    const done: string[] = [];
    const counting = countForgettable(db).then(() => done.push('count'));
    const saving = setAnnotation(db, papers[0]!.id, { note: 'saved meanwhile' }, undefined, 2 * DAY).then(() => done.push('note'));
    await Promise.all([counting, saving]);
    // A read of the whole library in one transaction would hold the note's write until its end.
    expect(done).toEqual(['note', 'count']);
  });

  it('keeps a paper annotated between the read and the delete', async () => {
    const papers = await library(2);
    // The note is written while the forget has read its candidates and not yet deleted them.
    const written = beforeFirstWrite(() => setAnnotation(db, papers[0]!.id, { note: 'just now' }, undefined, 5 * DAY));
    // setAnnotation's transaction comes first: its note is in when the forget checks the record again.
    expect(await forgetSeen(db)).toBe(1);
    await written();
    expect(await ids()).toEqual([papers[0]!.id]);
    expect((await storedAnnotation(db, papers[0]!.id))?.note).toBe('just now');
  });
});

describe('the library never grows past its limit', () => {
  it('does nothing at or under the limit', async () => {
    await library(5);
    expect(await pruneSeen(db, 5)).toBe(0);
    expect(await ids()).toHaveLength(5);
  });

  it('forgets the seen-only papers shown longest ago, down to 90 % of the limit', async () => {
    const papers = await library(12);
    // The oldest paper has a note: it stays, and the next oldest go instead.
    await setAnnotation(db, papers[0]!.id, { note: 'oldest, noted' }, undefined, 30 * DAY);
    // Paper 5 is shown again: now it is among the latest.
    await recordPapers(db, [papers[5]!], 40 * DAY);
    expect(await pruneSeen(db, 10)).toBe(3);
    expect(await ids()).toEqual([0, 4, 5, 6, 7, 8, 9, 10, 11].map((index) => papers[index]!.id).sort());
  });

  it('forgets only as many of the papers a page showed at once as it needs', async () => {
    db = await openDatabase(`history-${++counter}`);
    await recordPapers(db, [paper(0)], DAY);
    // One page's 5 cards are recorded at one time.
    await recordPapers(db, [1, 2, 3, 4, 5].map(paper), 2 * DAY);
    // 6 papers, a limit of 5: down to 4, so the oldest and one of the five shown together go.
    expect(await pruneSeen(db, 5)).toBe(2);
    const left = await ids();
    expect(left).toHaveLength(4);
    expect(left).not.toContain(paper(0).id);
  });

  it('keeps a paper shown again between its read and its delete', async () => {
    const papers = await library(4);
    // While the prune has read when each paper was shown, and before it deletes, a page shows the oldest.
    const shown = beforeFirstWrite(() => recordPapers(db, [papers[0]!], 50 * DAY));
    // A limit of 3: down to 2, so the two oldest were to go; the first is now the latest shown.
    expect(await pruneSeen(db, 3)).toBe(1);
    await shown();
    expect(await ids()).toEqual([papers[0]!.id, papers[2]!.id, papers[3]!.id]);
  });

  it('stops when nothing seen-only is left', async () => {
    const papers = await library(4);
    for (const each of papers.slice(0, 3)) await setAnnotation(db, each.id, { tags: ['kept'] }, undefined, 10 * DAY);
    expect(await pruneSeen(db, 2)).toBe(1);
    expect(await ids()).toEqual(papers.slice(0, 3).map((each) => each.id));
  });
});
