import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { getStates, recordPapers, setAnnotation, startRecording } from '../../../src/store/library';
import { validatePapers } from '../../../src/store/validate';
import type { Paper } from '../../../src/shared/paper';
import { CONCURRENT_NOTE_SEPARATOR } from '../../../src/shared/annotation';
import { countingPuts, storedAnnotation, storedPaper } from '../../helpers/library';

let db: PaperMarginDB;
let counter = 0;

async function freshDb(): Promise<PaperMarginDB> {
  db = await openDatabase(`test-${++counter}`);
  return db;
}

afterEach(() => db?.close());

const llama: Paper = {
  id: 'arxiv:2407.21783',
  title: 'The Llama 3 Herd of Models',
  authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
  authorCount: 2,
  arxivId: '2407.21783',
  url: 'https://huggingface.co/papers/2407.21783',
  upvotes: 94,
  codeLinks: [],
  source: 'huggingface',
};

const DAY = 86_400_000;

describe('recordPapers', () => {
  it('stores new papers and answers that they were never seen', async () => {
    await freshDb();
    const states = await recordPapers(db, [llama], 1000);
    expect(states[llama.id]).toEqual({ seenOn: [] });
    const stored = await storedPaper(db, llama.id);
    expect(stored).toMatchObject({ ...llama, firstSeenAt: 1000, lastSeenAt: 1000, createdAt: 1000, updatedAt: 1000, seenOn: ['huggingface'] });
  });

  it('remembers when a paper was last seen, across sites, and keeps what the new page lacks', async () => {
    await freshDb();
    await recordPapers(db, [llama], 1000);
    const fromArxiv: Paper = { ...llama, authors: [], authorCount: undefined, upvotes: undefined, url: 'https://arxiv.org/abs/2407.21783', source: 'arxiv', abstract: 'We present Llama 3.' };
    delete fromArxiv.authorCount;
    delete fromArxiv.upvotes;
    const states = await recordPapers(db, [fromArxiv], DAY);
    expect(states[llama.id]).toEqual({ lastSeenAt: 1000, seenOn: ['huggingface'] });
    const stored = await storedPaper(db, llama.id);
    expect(stored?.authors).toEqual(llama.authors);
    expect(stored?.upvotes).toBe(94);
    expect(stored?.abstract).toBe('We present Llama 3.');
    expect(stored?.seenOn).toEqual(['huggingface', 'arxiv']);
    expect(stored?.firstSeenAt).toBe(1000);
    expect(stored?.lastSeenAt).toBe(DAY);
  });

  it('keeps the code first when another site adds a project page to the code one site gave', async () => {
    await freshDb();
    const code = { url: 'https://github.com/meta-llama/llama3', host: 'github', kind: 'code', status: 'available', label: 'meta-llama/llama3' } as const;
    const project = { url: 'https://llama.meta.com', host: 'other', kind: 'project', status: 'available', label: 'llama.meta.com' } as const;
    await recordPapers(db, [{ ...llama, source: 'arxiv', codeLinks: [code] }], 1000);
    await recordPapers(db, [{ ...llama, codeLinks: [project] }], DAY);
    expect((await storedPaper(db, llama.id))?.codeLinks.map((link) => link.kind)).toEqual(['code', 'project']);
  });

  // Found by a security review: any page may be read on request and name a real paper.
  it('lets a page read on request only fill in what the paper\'s own sites did not say', async () => {
    await freshDb();
    const code = { url: 'https://github.com/meta-llama/llama3', host: 'github', kind: 'code', status: 'available', label: 'meta-llama/llama3' } as const;
    await recordPapers(db, [{ ...llama, codeLinks: [code] }], 1000);
    const spoof: Paper = {
      ...llama,
      title: 'Spoofed title',
      url: 'https://phish.example/login',
      upvotes: 1,
      abstract: 'An abstract the feed did not show.',
      codeLinks: [{ ...code, url: 'https://github.com/attacker/llama3', label: 'attacker/llama3' }],
      source: 'generic',
    };
    await recordPapers(db, [spoof], DAY);
    const stored = await storedPaper(db, llama.id);
    expect(stored).toMatchObject({ title: llama.title, url: llama.url, upvotes: 94, abstract: 'An abstract the feed did not show.', seenOn: ['huggingface', 'generic'] });
    expect(stored?.codeLinks.map((link) => link.url)).toEqual([code.url]);
    // A paper only ever seen on such pages takes what the latest one says.
    await recordPapers(db, [{ ...spoof, id: 'arxiv:2501.00001', arxivId: '2501.00001' }], DAY);
    await recordPapers(db, [{ ...spoof, id: 'arxiv:2501.00001', arxivId: '2501.00001', title: 'Corrected title' }], 2 * DAY);
    expect((await storedPaper(db, 'arxiv:2501.00001'))?.title).toBe('Corrected title');
    // Its first showing on its own site takes over its code links too (found by a second review).
    await recordPapers(db, [{ ...llama, id: 'arxiv:2501.00001', arxivId: '2501.00001', codeLinks: [] }], 3 * DAY);
    expect((await storedPaper(db, 'arxiv:2501.00001'))?.codeLinks).toEqual([]);
  });

  it('answers two tabs that record the same papers at once (a restored session) with the showing before their visits, not each other’s', async () => {
    await freshDb();
    await recordPapers(db, [llama], 1000);
    // Tabs A, B and C began their visits at DAY - 5 s, - 4 s and - 3 s.
    expect((await recordPapers(db, [llama], DAY, DAY - 5000))[llama.id]?.lastSeenAt).toBe(1000);
    expect((await recordPapers(db, [llama], DAY + 2000, DAY - 4000))[llama.id]?.lastSeenAt).toBe(1000);
    expect((await recordPapers(db, [llama], DAY + 50_000, DAY - 3000))[llama.id]?.lastSeenAt).toBe(1000);
    // A reader back on the page 20 s later saw it then; so does the next day's visit.
    expect((await recordPapers(db, [llama], DAY + 70_000, DAY + 69_000))[llama.id]?.lastSeenAt).toBe(DAY + 50_000);
    expect((await recordPapers(db, [llama], 2 * DAY, 2 * DAY - 1000))[llama.id]?.lastSeenAt).toBe(DAY + 70_000);
  });

  it("answers tabs restored just after a showing, and visits with other tabs' showings in them", async () => {
    await freshDb();
    await recordPapers(db, [llama], DAY - 30_000);
    // Restored: tab A began at DAY, tab B half a second later, each after the last showing.
    expect((await recordPapers(db, [llama], DAY + 1000, DAY))[llama.id]?.lastSeenAt).toBe(DAY - 30_000);
    expect((await recordPapers(db, [llama], DAY + 2000, DAY + 500))[llama.id]?.lastSeenAt).toBe(DAY - 30_000);
    // Tabs opened 10 and 20 minutes into a visit show the paper; the visit itself, recording later,
    // still learns a showing from before it began.
    await recordPapers(db, [llama], DAY + 600_000, DAY + 599_000);
    await recordPapers(db, [llama], DAY + 1_200_000, DAY + 1_199_000);
    const late = (await recordPapers(db, [llama], DAY + 1_800_000, DAY + 100))[llama.id]?.lastSeenAt;
    expect(late).toBeLessThan(DAY + 100);
  });

  it('answers the latest showing before a visit, whatever other tabs showed during it', async () => {
    const H = 3_600_000;
    await freshDb();
    await recordPapers(db, [llama], DAY + 1 * H, DAY + 1 * H);
    await recordPapers(db, [llama], DAY + 5 * H, DAY + 5 * H);
    // Tab A opens at 8:00; tabs B and C show the paper at 10:00 and 12:00; A reaches it at 15:00.
    await recordPapers(db, [llama], DAY + 10 * H, DAY + 10 * H);
    await recordPapers(db, [llama], DAY + 12 * H, DAY + 12 * H);
    expect((await recordPapers(db, [llama], DAY + 15 * H, DAY + 8 * H))[llama.id]?.lastSeenAt).toBe(DAY + 5 * H);
    // Tab D, opened at 14:00, learns C's showing at 12:00: the latest before it, though A showed it since.
    expect((await recordPapers(db, [llama], DAY + 16 * H, DAY + 14 * H))[llama.id]?.lastSeenAt).toBe(DAY + 12 * H);
  });

  it("keeps another tab's showing when a long-open tab shows the paper again", async () => {
    const H = 3_600_000;
    await freshDb();
    // Tab A opens at 8:00 and shows the paper at 9:00; tab B shows it at 11:00; A shows it again at 13:00.
    await recordPapers(db, [llama], DAY + 9 * H, DAY + 8 * H);
    await recordPapers(db, [llama], DAY + 11 * H, DAY + 11 * H);
    await recordPapers(db, [llama], DAY + 13 * H, DAY + 8 * H);
    // Tab D opened at 12:00.
    expect((await recordPapers(db, [llama], DAY + 14 * H, DAY + 12 * H))[llama.id]?.lastSeenAt).toBe(DAY + 11 * H);
  });

  it('answers a paper first shown in two tabs at once as never seen in both', async () => {
    await freshDb();
    expect((await recordPapers(db, [llama], DAY, DAY - 5000))[llama.id]).toEqual({ seenOn: [] });
    expect((await recordPapers(db, [llama], DAY + 1000, DAY - 4000))[llama.id]).toEqual({ seenOn: ['huggingface'] });
  });
});

describe('startRecording', () => {
  const other: Paper = { ...llama, id: 'arxiv:2310.06825', arxivId: '2310.06825', title: 'Mistral 7B', url: 'https://huggingface.co/papers/2310.06825' };

  it('answers the states from before the visit while the writes are still going on', async () => {
    await freshDb();
    await recordPapers(db, [llama], 1000);
    const { states, stored } = await startRecording(db, [llama, other], DAY);
    let committed = false;
    const done = stored.then(() => (committed = true));
    expect(states).toEqual({ [llama.id]: { lastSeenAt: 1000, seenOn: ['huggingface'] }, [other.id]: { seenOn: [] } });
    expect(committed).toBe(false);
    await done;
    expect((await storedPaper(db, llama.id))?.lastSeenAt).toBe(DAY);
    expect((await storedPaper(db, other.id))?.firstSeenAt).toBe(DAY);
  });

  it('orders a note saved right after the answer behind the writes, so neither is lost', async () => {
    await freshDb();
    const { stored } = await startRecording(db, [llama], 1000);
    const annotation = await setAnnotation(db, llama.id, { note: 'read §3' }, undefined, 1500);
    await stored;
    expect(annotation.note).toBe('read §3');
    expect(await storedAnnotation(db, llama.id)).toMatchObject({ note: 'read §3' });
    expect(await storedPaper(db, llama.id)).toMatchObject({ title: llama.title, lastSeenAt: 1000 });
  });

  it('merges a paper shown on two cards of one batch card after card, with one write', async () => {
    await freshDb();
    const fromFirstCard: Paper = { ...llama, abstract: 'We present Llama 3.' };
    delete fromFirstCard.upvotes;
    const fromSecondCard: Paper = { ...llama, upvotes: 120, authors: [] };
    const puts = await countingPuts(async () => {
      const { states, stored } = await startRecording(db, [fromFirstCard, other, fromSecondCard], 1000);
      await stored;
      expect(states).toEqual({ [llama.id]: { seenOn: [] }, [other.id]: { seenOn: [] } });
    });
    expect(puts).toBe(2);
    expect(await storedPaper(db, llama.id)).toMatchObject({ abstract: 'We present Llama 3.', upvotes: 120, authors: llama.authors, firstSeenAt: 1000 });
  });

  it('fails `stored` with the error of a write that fails (a full disk) and writes none of the page', async () => {
    await freshDb();
    await countingPuts(async () => {
      const { states, stored } = await startRecording(db, [llama, other], 1000);
      expect(Object.keys(states)).toEqual([llama.id, other.id]);
      await expect(stored).rejects.toMatchObject({ name: 'QuotaExceededError' });
    }, 2);
    expect(await storedPaper(db, llama.id)).toBeUndefined();
    expect(await storedPaper(db, other.id)).toBeUndefined();
  });

  it('fails at once when the library cannot be read', async () => {
    await freshDb();
    const proto = globalThis.IDBObjectStore.prototype;
    const get = proto.get;
    proto.get = function () {
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    };
    try {
      await expect(startRecording(db, [llama], 1000)).rejects.toMatchObject({ name: 'InvalidStateError' });
    } finally {
      proto.get = get;
    }
    expect(await storedPaper(db, llama.id)).toBeUndefined();
  });
});

describe('setAnnotation', () => {
  it('creates an annotation with timestamps and the paper record in one go', async () => {
    await freshDb();
    const annotation = await setAnnotation(db, llama.id, { note: 'read §3', tags: [' RL ', 'rl', '#vision'] }, llama, 5000);
    expect(annotation).toEqual({ id: llama.id, note: 'read §3', tags: ['RL', 'vision'], status: 'none', createdAt: 5000, updatedAt: 5000 });
    expect(await storedPaper(db, llama.id)).toMatchObject({ title: llama.title });
    expect((await getStates(db, [llama.id]))[llama.id]?.annotation).toEqual(annotation);
  });

  it('merges concurrent edits of different fields field by field: nothing is lost', async () => {
    await freshDb();
    await setAnnotation(db, llama.id, { note: 'first' }, llama, 1);
    // Two contexts edit at once: one the tags, the other the status.
    await Promise.all([
      setAnnotation(db, llama.id, { tags: ['llm'] }, undefined, 2),
      setAnnotation(db, llama.id, { status: 'starred' }, undefined, 3),
    ]);
    const stored = await storedAnnotation(db, llama.id);
    expect(stored).toMatchObject({ note: 'first', tags: ['llm'], status: 'starred', createdAt: 1 });
  });

  it('merges two edits of the same note and of the tags made from the same starting point', async () => {
    await freshDb();
    await setAnnotation(db, llama.id, { note: 'shared start', tags: ['llm'] }, llama, 1);
    const base = { note: 'shared start', tags: ['llm'] };
    // A tab and the popup both opened the editor on that annotation, then both saved.
    await setAnnotation(db, llama.id, { note: 'shared start, tab A', tags: ['llm', 'rl'], base }, undefined, 2);
    const second = await setAnnotation(db, llama.id, { note: 'popup text', tags: ['vision'], base }, undefined, 3);
    expect(second.note).toBe(`shared start, tab A${CONCURRENT_NOTE_SEPARATOR}popup text`);
    // The popup removed "llm" and added "vision"; tab A's "rl" stays.
    expect(second.tags).toEqual(['rl', 'vision']);
  });

  it('lets the later edit win when it was made on top of the stored note', async () => {
    await freshDb();
    await setAnnotation(db, llama.id, { note: 'v1' }, llama, 1);
    const next = await setAnnotation(db, llama.id, { note: '', base: { note: 'v1' } }, undefined, 2);
    expect(next.note).toBe('');
    // An editor that did not touch the note (it sends what it started from) keeps the other's edit.
    await setAnnotation(db, llama.id, { note: 'from the tab', base: { note: '' } }, undefined, 3);
    const untouched = await setAnnotation(db, llama.id, { note: '', base: { note: '' }, status: 'read' }, undefined, 4);
    expect(untouched).toMatchObject({ note: 'from the tab', status: 'read' });
  });

  it('rejects bad input with a readable error and leaves the database unchanged', async () => {
    await freshDb();
    await setAnnotation(db, llama.id, { note: 'keep me' }, llama, 1);
    await expect(setAnnotation(db, llama.id, { status: 'bogus' as never })).rejects.toThrow('Unknown reading status');
    await expect(setAnnotation(db, 'nope' as never, { note: 'x' })).rejects.toThrow('valid id');
    await expect(setAnnotation(db, llama.id, { note: 'x'.repeat(200_000) })).rejects.toThrow('at most');
    await expect(setAnnotation(db, llama.id, { tags: 'rl' as never })).rejects.toThrow('Tags');
    await expect(setAnnotation(db, llama.id, { note: 'x', base: 'v1' as never })).rejects.toThrow('started from');
    await expect(setAnnotation(db, llama.id, { note: 'x', base: { tags: [1] } as never })).rejects.toThrow('started from');
    expect((await storedAnnotation(db, llama.id))?.note).toBe('keep me');
  });
});

describe('validatePapers', () => {
  it('keeps well-typed papers and drops what is not', () => {
    const hostile = {
      ...llama,
      url: 'javascript:alert(1)',
    };
    const papers = validatePapers([llama, hostile, null, 42, { id: 'arxiv:1', title: '' }, { ...llama, id: 'x' }]);
    expect(papers).toEqual([llama]);
  });

  it('drops javascript: code links and project pages', () => {
    const [paper] = validatePapers([
      {
        ...llama,
        projectPage: 'javascript:alert(1)',
        codeLinks: [
          { url: 'javascript:alert(1)', host: 'github', kind: 'code', status: 'available', label: 'x' },
          { url: 'https://github.com/a/b', host: 'github', kind: 'code', status: 'available', label: 'a/b' },
        ],
      },
    ]);
    expect(paper?.projectPage).toBeUndefined();
    expect(paper?.codeLinks.map((link) => link.url)).toEqual(['https://github.com/a/b']);
  });

  it("folds the abstract's white space, which a card's paper keeps as read", () => {
    const [paper, blank] = validatePapers([
      { ...llama, abstract: '\n   We introduce\n   LLaMA.  \n' },
      { ...llama, abstract: ' \n ' },
    ]);
    expect(paper?.abstract).toBe('We introduce LLaMA.');
    expect(blank).not.toHaveProperty('abstract');
    // The limit is the folded text's.
    const indented = Array.from({ length: 9000 }, () => 'word').join('\n          ');
    expect(validatePapers([{ ...llama, abstract: indented }])[0]?.abstract).toHaveLength(9000 * 5 - 1);
  });

  it('refuses something that is not a list', () => {
    expect(() => validatePapers('papers')).toThrow('list of papers');
  });
});
