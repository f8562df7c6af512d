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
  it('is checked on the first recording of a worker, and then after every 5 000 papers', async () => {
    // The first visit: 5 papers, over the limit of 3; once stored, the 3 seen longest ago go (down to 90 %: 2).
    await record([0, 1, 2, 3, 4].map(found));
    await vi.waitFor(() => expect(pruneSeen).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect(await storedIds()).toHaveLength(2));
    // The next visits are not checked until 5 000 more papers were recorded.
    await record([5, 6].map(found));
    await extension.settle(5);
    expect(pruneSeen).toHaveBeenCalledTimes(1);
    expect(await storedIds()).toHaveLength(4);
    await record(Array.from({ length: 5_000 }, (_, index) => found(100 + index)));
    await vi.waitFor(() => expect(pruneSeen).toHaveBeenCalledTimes(2), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await storedIds()).toHaveLength(2), { timeout: 10_000 });
  });
});
