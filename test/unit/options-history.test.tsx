// @vitest-environment happy-dom
// The options page's History section against the real background (over fake-indexeddb).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { HistorySection } = await import('../../src/options/HistorySection');
const { openDatabase } = await import('../../src/store/db');
const { putRecords, storedIds } = await import('../helpers/library');

const { settle } = extension;
const DAY = 86_400_000;

async function mount(): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<HistorySection />, root));
  await settle();
  return root;
}

afterEach(() => {
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
});

const record = (index: number, lastSeenAt: number) => {
  const arxivId = `2402.${String(10000 + index)}`;
  return {
    id: `arxiv:${arxivId}`, arxivId, title: `Paper ${index}`, authors: [], url: `https://arxiv.org/abs/${arxivId}`, codeLinks: [], source: 'arxiv',
    seenOn: ['arxiv'], firstSeenAt: lastSeenAt, lastSeenAt, createdAt: lastSeenAt, updatedAt: lastSeenAt,
  } as Parameters<typeof putRecords>[1][number];
};

async function click(root: Element, selector: string): Promise<void> {
  await act(() => root.querySelector<HTMLButtonElement>(selector)!.click());
  await settle();
}

/** Chooses how long ago the papers to forget were last shown, as the reader does in the menu. */
async function chooseAge(root: Element, value: string): Promise<void> {
  const select = root.querySelector('select')!;
  await act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const status = (root: Element) => root.querySelector('[role=status]')?.textContent;
const counts = (root: Element) => root.querySelector('[data-papers]')?.textContent;

describe('options page: forgetting what was only seen', () => {
  const old = Date.now() - 400 * DAY;
  const ids = [0, 1, 2, 3].map((index) => record(index, 0).id);
  beforeEach(async () => {
    const db = await openDatabase();
    try {
      await db.clear('library');
      // Two papers seen over a year ago, one seen today, one seen over a year ago and annotated.
      await putRecords(db, [record(0, old), record(1, old + DAY), record(2, Date.now()), record(3, old)], [
        { id: ids[3] as never, note: 'A note of mine', tags: [], status: 'none', createdAt: old, updatedAt: old },
      ]);
    } finally {
      db.close();
    }
  });

  it('says how many would go, lets the reader keep them, then forgets them', async () => {
    const root = await mount();
    expect(counts(root)).toBe('4 papers remembered; 1 with a note, tags or a status.');
    expect(root.querySelector('select')?.value).toBe('365');

    await click(root, 'button[data-action=ask-forget-history]');
    expect(root.querySelector('.confirm')?.textContent).toContain('Forget 2 papers? Their cards will no longer be marked “seen”.');
    // The safe choice has the focus, and the age cannot change under the question.
    expect(document.activeElement?.textContent).toBe('Keep them');
    expect(root.querySelector('select')?.disabled).toBe(true);
    await click(root, '.confirm button:not([data-action])');
    expect(root.querySelector('.confirm')).toBeNull();
    expect(document.activeElement?.getAttribute('data-action')).toBe('ask-forget-history');
    expect(await storedIds()).toHaveLength(4);

    await click(root, 'button[data-action=ask-forget-history]');
    expect(root.querySelector('button[data-action=forget-history]')?.textContent).toBe('Forget 2 papers');
    await click(root, 'button[data-action=forget-history]');
    expect(status(root)).toBe('Forgot 2 papers.');
    expect(document.activeElement?.getAttribute('data-action')).toBe('ask-forget-history');
    expect(counts(root)).toBe('2 papers remembered; 1 with a note, tags or a status.');
    expect(await storedIds()).toEqual([ids[2], ids[3]]);
  });

  it('keeps them on Escape, the focus back on Forget…', async () => {
    const root = await mount();
    await click(root, 'button[data-action=ask-forget-history]');
    expect(document.activeElement?.textContent).toBe('Keep them');
    await act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));
    await settle();
    expect(root.querySelector('.confirm')).toBeNull();
    expect(document.activeElement?.getAttribute('data-action')).toBe('ask-forget-history');
    expect(await storedIds()).toHaveLength(4);
  });

  it('says when there is nothing to forget in the chosen time, and forgets all on request', async () => {
    const root = await mount();
    await chooseAge(root, 'all');
    await click(root, 'button[data-action=ask-forget-history]');
    await click(root, 'button[data-action=forget-history]');
    expect(status(root)).toBe('Forgot 3 papers.');
    expect(await storedIds()).toEqual([ids[3]]);

    await click(root, 'button[data-action=ask-forget-history]');
    expect(status(root)).toBe('Nothing to forget: no paper you only saw was last shown then.');
    expect(root.querySelector('.confirm')).toBeNull();
  });

  it('counts again when the page is shown again after a note was written elsewhere, not at every autosave', async () => {
    const root = await mount();
    await act(() => callBackground('setAnnotation', { id: ids[0] as never, patch: { tags: ['later'] } }).then(() => undefined));
    await settle();
    expect(counts(root)).toBe('4 papers remembered; 1 with a note, tags or a status.');
    await act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await settle();
    expect(counts(root)).toBe('4 papers remembered; 2 with a note, tags or a status.');
  });
  it('forgets what the question counted, not the papers a tab recorded since', async () => {
    const root = await mount();
    await chooseAge(root, 'all');
    await click(root, 'button[data-action=ask-forget-history]');
    expect(root.querySelector('button[data-action=forget-history]')?.textContent).toBe('Forget 3 papers');
    // A feed loading in another tab records two papers while the reader reads the question.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const found = (n: number) => ({ ...record(10 + n, 0), links: { urls: [], texts: [] } });
    await callBackground('recordPapers', { papers: [found(0), found(1)] as never });
    await click(root, 'button[data-action=forget-history]');
    expect(status(root)).toBe('Forgot 3 papers.');
    expect(await storedIds()).toHaveLength(3);
  });
  it('says what it is doing while the library is read, and keeps the age fixed meanwhile', async () => {
    const root = await mount();
    const ask = root.querySelector<HTMLButtonElement>('button[data-action=ask-forget-history]')!;
    await act(() => ask.click());
    // Answered later: the background is still reading.
    expect(status(root)).toBe('Counting the papers to forget…');
    expect(root.querySelector('select')?.disabled).toBe(true);
    expect(root.querySelector('progress')).not.toBeNull();
    await settle();
    expect(root.querySelector('progress')).toBeNull();
    expect(root.querySelector('.confirm')?.getAttribute('aria-labelledby')).toBe('history-question');
    expect(root.querySelector('#history-question')?.textContent).toBe('Forget 2 papers? Their cards will no longer be marked “seen”. This cannot be undone: a JSON backup (Export, above) keeps them.');
    await act(() => root.querySelector<HTMLButtonElement>('button[data-action=forget-history]')!.click());
    expect(status(root)).toBe('Forgetting…');
    await settle();
    expect(status(root)).toBe('Forgot 2 papers.');
  });

  it('keeps the focus on Forget… while it counts, and after it finds nothing to forget', async () => {
    // Only a paper seen today: nothing last shown more than a year ago.
    const db = await openDatabase();
    try {
      await db.clear('library');
      await putRecords(db, [record(2, Date.now())]);
    } finally {
      db.close();
    }
    const root = await mount();
    const ask = root.querySelector<HTMLButtonElement>('button[data-action=ask-forget-history]')!;
    ask.focus();
    await act(() => ask.click());
    // Counting: said unavailable, not disabled (which drops Chromium's focus); a second click asks nothing more.
    expect(ask.disabled).toBe(false);
    expect(ask.getAttribute('aria-disabled')).toBe('true');
    await act(() => ask.click());
    await settle();
    expect(status(root)).toBe('Nothing to forget: no paper you only saw was last shown then.');
    expect(ask.hasAttribute('aria-disabled')).toBe(false);
    expect(document.activeElement).toBe(ask);
  });

  it('forgets "at any time" also the papers a clock set back dated later than now', async () => {
    const db = await openDatabase();
    try {
      await putRecords(db, [record(9, Date.now() + 30 * DAY)]);
    } finally {
      db.close();
    }
    const root = await mount();
    await chooseAge(root, 'all');
    await click(root, 'button[data-action=ask-forget-history]');
    await click(root, 'button[data-action=forget-history]');
    expect(status(root)).toBe('Forgot 4 papers.');
    expect(await storedIds()).toEqual([ids[3]]);
  });

  it('says when the library was last brought under its limit', async () => {
    extension.storage.set('libraryLimit:pruned', { at: Date.UTC(2026, 10, 30, 12), count: 21_000 });
    try {
      const root = await mount();
      expect(root.querySelector('[data-pruned]')?.textContent).toBe(
        `On ${new Date(Date.UTC(2026, 10, 30, 12)).toLocaleDateString()} the library was full: ${(21_000).toLocaleString()} papers seen longest ago and never annotated were forgotten.`,
      );
    } finally {
      extension.storage.delete('libraryLimit:pruned');
    }
  });
});

describe('the background, asked to forget', () => {
  it('refuses a request without a time or an age, rather than forget everything', async () => {
    const stored = await storedIds();
    for (const before of [undefined, 'all', Number.POSITIVE_INFINITY, Number.NaN]) {
      const answer = (await extension.toBackground({ pm: 'call', name: 'forgetHistory', req: { before } })) as { ok: boolean; error?: string };
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatch(/^Not a time to forget papers before/);
    }
    for (const olderThanDays of ['everything', -1, Number.NaN]) {
      const answer = (await extension.toBackground({ pm: 'call', name: 'getHistory', req: { olderThanDays } })) as { ok: boolean; error?: string };
      expect(answer.error).toMatch(/^Not an age of papers to forget/);
    }
    expect(await storedIds()).toEqual(stored);
  });

  it.each(['getHistory', 'forgetHistory'])('refuses %s from a web page', async (name) => {
    const stored = await storedIds();
    const fromPage = { id: 'paper-margin', url: 'https://huggingface.co/papers', tab: { id: 3 } };
    expect(await extension.toBackground({ pm: 'call', name, req: { olderThanDays: 'all', before: Date.now() } }, fromPage)).toEqual({
      ok: false,
      error: `Not a call a web page's script may make: ${name}`,
    });
    expect(await storedIds()).toEqual(stored);
  });
});
