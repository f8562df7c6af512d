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
const { storedIds } = await import('../helpers/library');

const fromPage = { id: 'paper-margin', url: 'https://arxiv.org/list/cs.LG/new', tab: { id: 7 } };
const found = (index: number) => {
  const arxivId = `2403.${String(10000 + index)}`;
  return { id: `arxiv:${arxivId}`, arxivId, title: `Paper ${index}`, authors: [], url: `https://arxiv.org/abs/${arxivId}`, links: { urls: [], texts: [] }, source: 'arxiv' };
};
const record = (papers: object[]) => extension.toBackground({ pm: 'call', name: 'recordPapers', req: { papers } }, fromPage);

// What the background tells the extension's pages.
const heard: unknown[] = [];
extension.fakeBrowser.runtime.onMessage.addListener((message: unknown) => void heard.push(message));

describe('the library under its limit', () => {
  it('is checked after every 5 000 papers new to it, counted in the session\'s storage', async () => {
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
    // Open pages hear of it, and the options page says when, and how many.
    expect(heard).toContainEqual({ pm: 'event', name: 'libraryChanged', data: {} });
    const answer = (await extension.toBackground({ pm: 'call', name: 'getHistory', req: {} })) as { value: { pruned?: { at: number; count: number } } };
    expect(answer.value.pruned).toEqual({ at: expect.any(Number), count: 4_998 });
  });

  it('counts imported papers, checks with the next paper a page shows, and tries again when a prune failed', async () => {
    // 5 000 imported papers: counted, but not checked while the reader may export next.
    const papers = Array.from({ length: 5_000 }, (_, index) => ({ ...found(20_000 + index), codeLinks: [], seenOn: ['arxiv'], firstSeenAt: 1, lastSeenAt: 1, createdAt: 1, updatedAt: 1 }));
    const text = JSON.stringify({ format: 'paper-margin-backup', version: 1, papers, annotations: [] });
    const calls = vi.mocked(pruneSeen).mock.calls.length;
    expect(await extension.toBackground({ pm: 'call', name: 'applyImport', req: { name: 'backup.json', text, resolution: {} } })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(extension.sessionStorage.get('libraryLimit:added')).toBe(5_000));
    expect(pruneSeen).toHaveBeenCalledTimes(calls);
    // The next new paper a page shows runs the check; it fails (the worker was stopped, say).
    vi.mocked(pruneSeen).mockRejectedValueOnce(new Error('The worker was stopped'));
    await record([found(30_000)]);
    await vi.waitFor(() => expect(pruneSeen).toHaveBeenCalledTimes(calls + 1));
    await extension.settle(5);
    expect(await storedIds()).toHaveLength(5_003);
    // One more new paper: checked again at once, and this time the library is brought down.
    await record([found(30_001)]);
    await vi.waitFor(() => expect(pruneSeen).toHaveBeenCalledTimes(calls + 2));
    await vi.waitFor(async () => expect(await storedIds()).toHaveLength(2), { timeout: 10_000 });
    expect(extension.sessionStorage.get('libraryLimit:added')).toBe(0);
  });
});
