// The background keeps the library under its limit as pages record papers (store/history.ts). The
// limit is 200 000 papers; here it is 3, through the module the background imports.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));
vi.mock('../../src/store/history', async (original) => {
  const real = await original<typeof import('../../src/store/history')>();
  return { ...real, pruneSeen: vi.fn((db: Parameters<typeof real.pruneSeen>[0]) => real.pruneSeen(db, 3)) };
});

const extension = await import('../helpers/extension');
await extension.startBackground();
const { pruneSeen } = await import('../../src/store/history');
const { openDatabase } = await import('../../src/store/db');

const fromPage = { id: 'paper-margin', url: 'https://arxiv.org/list/cs.LG/new', tab: { id: 7 } };
const found = (index: number) => {
  const arxivId = `2403.${String(10000 + index)}`;
  return { id: `arxiv:${arxivId}`, arxivId, title: `Paper ${index}`, authors: [], url: `https://arxiv.org/abs/${arxivId}`, links: { urls: [], texts: [] }, source: 'arxiv' };
};
const record = (papers: object[]) => extension.toBackground({ pm: 'call', name: 'recordPapers', req: { papers } }, fromPage);

async function storedIds(): Promise<string[]> {
  const db = await openDatabase();
  try {
    return (await db.getAllKeys('library')).sort();
  } finally {
    db.close();
  }
}

describe('the library under its limit', () => {
  it('is checked after every 5 000 papers new to it, counted across restarts of the worker', async () => {
    // 4 999 new papers: over the limit of 3, but not checked yet; shown again, they are not new.
    await record(Array.from({ length: 4_999 }, (_, index) => found(index)));
    await record([0, 1, 2].map(found));
    await extension.settle(5);
    expect(pruneSeen).not.toHaveBeenCalled();
    expect(extension.sessionStorage.get('libraryLimit:added')).toBe(4_999);
    // The 5 000th new paper: the library is brought down to 90 % of the limit, the papers seen longest ago first.
    await record([found(9_000)]);
    await vi.waitFor(() => expect(pruneSeen).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect(await storedIds()).toHaveLength(2));
    expect(await storedIds()).toContain(found(9_000).id);
    expect(extension.sessionStorage.get('libraryLimit:added')).toBe(0);
    // The options page says when, and how many.
    const answer = (await extension.toBackground({ pm: 'call', name: 'getHistory', req: {} })) as { value: { pruned?: { at: number; count: number } } };
    expect(answer.value.pruned).toEqual({ at: expect.any(Number), count: 4_998 });
  });
});
