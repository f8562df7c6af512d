// @vitest-environment happy-dom
// The popup's Library tab against the real background: its tag filter, its keys and its counts.
// Defects a probe of the popup found, each a test that failed on the code before its fix.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { Library } = await import('../../src/popup/Library');
const { openDatabase } = await import('../../src/store/db');
const { putRecords } = await import('../helpers/library');

const { settle } = extension;

async function mount(): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Library />, root));
  await settle();
  return root;
}

beforeEach(async () => {
  const db = await openDatabase();
  await db.clear('library').finally(() => db.close());
});

afterEach(() => {
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
});

const paper = (id: string) => ({ id, title: `Paper ${id}`, authors: [], url: `https://arxiv.org/abs/${id.slice(6)}`, codeLinks: [], source: 'arxiv' }) as never;
const note = (id: string, tags: string[]) => callBackground('setAnnotation', { id: id as never, patch: { note: `note of ${id}`, tags }, paper: paper(id) });

const results = (root: Element) => root.querySelector('p.results')?.textContent;
const rowIds = (root: Element) => [...root.querySelectorAll('ol.papers > li')].map((row) => row.getAttribute('data-paper-id'));

async function chooseTag(root: Element, tag: string): Promise<HTMLSelectElement> {
  const filter = root.querySelector<HTMLSelectElement>('select')!;
  filter.value = tag;
  await act(() => void filter.dispatchEvent(new Event('change', { bubbles: true })));
  return filter;
}

describe("the popup's library: a filtered tag renamed elsewhere", () => {
  it('falls back to all papers when it cannot know the new name, instead of "0 of 0 papers"', async () => {
    await note('arxiv:2406.00001', ['rlhf']);
    await note('arxiv:2406.00002', ['vision']);
    const root = await mount();
    const filter = await chooseTag(root, 'rlhf');
    expect(rowIds(root)).toEqual(['arxiv:2406.00001']);
    // Renamed by another page that says nothing about it: the library only hears that many papers changed.
    await callBackground('renameTag', { from: 'rlhf', to: 'preference' });
    await settle();
    expect(filter.value).toBe('');
    expect(filter.selectedIndex).toBe(0);
    expect(results(root)).toBe('2 of 2 papers');
    expect(rowIds(root).sort()).toEqual(['arxiv:2406.00001', 'arxiv:2406.00002']);
  });
});

describe("the popup's library: the reading list", () => {
  it('lists the papers of one reading status, as marked on cards, and all again', async () => {
    await note('arxiv:2406.00051', []);
    await note('arxiv:2406.00052', []);
    await note('arxiv:2406.00053', []);
    await callBackground('setAnnotation', { id: 'arxiv:2406.00051' as never, patch: { status: 'to-read' } });
    await callBackground('setAnnotation', { id: 'arxiv:2406.00053' as never, patch: { status: 'starred' } });
    const root = await mount();
    const filter = root.querySelector<HTMLSelectElement>('select[aria-label="Filter by reading status"]')!;
    expect([...filter.options].map((option) => option.textContent)).toEqual(['Any status', 'To read', 'Starred', 'Read', 'Skip', 'No status']);
    const choose = async (value: string) => {
      filter.value = value;
      await act(() => void filter.dispatchEvent(new Event('change', { bubbles: true })));
    };
    await choose('to-read');
    expect(rowIds(root)).toEqual(['arxiv:2406.00051']);
    expect(results(root)).toBe('1 of 1 paper');
    await choose('starred');
    expect(rowIds(root)).toEqual(['arxiv:2406.00053']);
    await choose('none');
    expect(rowIds(root)).toEqual(['arxiv:2406.00052']);
    await choose('');
    expect(rowIds(root).sort()).toEqual(['arxiv:2406.00051', 'arxiv:2406.00052', 'arxiv:2406.00053']);
  });
});

describe("the popup's library: its count", () => {
  it('reads "1 of 1 paper" in the singular', async () => {
    await note('arxiv:2406.00005', ['solo']);
    const root = await mount();
    expect(results(root)).toBe('1 of 1 paper');
  });
});

describe("the popup's library: keys", () => {
  it('goes back from the first row to the search box with ↑, as ↓ went from there', async () => {
    await note('arxiv:2406.00003', []);
    await note('arxiv:2406.00004', []);
    const root = await mount();
    const search = root.querySelector<HTMLInputElement>('input[type=search]')!;
    const key = (target: Element, name: string) => act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true })));
    search.focus();
    await key(search, 'ArrowDown');
    const rows = [...root.querySelectorAll<HTMLButtonElement>('button.row')];
    expect(document.activeElement).toBe(rows[0]);
    await key(rows[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(rows[1]);
    await key(rows[1]!, 'ArrowUp');
    await key(rows[0]!, 'ArrowUp');
    expect(document.activeElement).toBe(search);
  });

  it('gives the focus to the first new row after "Show more", not to the page when the button goes', async () => {
    const ids = Array.from({ length: 60 }, (_, index) => `arxiv:2406.${String(10000 + index)}` as never);
    const db = await openDatabase();
    try {
      await putRecords(
        db,
        ids.map((id) => ({ ...(paper(id) as object), seenOn: ['arxiv'], firstSeenAt: 1, lastSeenAt: 1, createdAt: 1, updatedAt: 1 }) as never),
        ids.map((id, index) => ({ id, note: `note ${index}`, tags: [], status: 'none', createdAt: 1, updatedAt: 1 + index })),
      );
    } finally {
      db.close();
    }
    const root = await mount();
    expect(results(root)).toBe('50 of 60 papers');
    const more = root.querySelector<HTMLButtonElement>('button.more')!;
    more.focus();
    await act(() => more.click());
    await settle(5);
    expect(root.querySelector('button.more')).toBeNull();
    expect(document.activeElement).toBe(root.querySelectorAll('ol.papers > li')[50]!.querySelector('button.row'));
  });
});

describe("the popup's library: edits made while it is open", () => {
  const options = (root: Element) => [...root.querySelectorAll('select')[0]!.options].map((option) => option.textContent);
  /** Types into a field as the reader does, and waits past the autosave and the tag list's reread. */
  async function type(field: HTMLTextAreaElement | HTMLInputElement, value: string): Promise<void> {
    field.value = value;
    await act(() => void field.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(160);
  }
  async function openRow(root: Element, id: string): Promise<HTMLElement> {
    await act(() => root.querySelector<HTMLButtonElement>(`li[data-paper-id="${id}"] button.row`)!.click());
    await settle(5);
    return root.querySelector<HTMLElement>(`li[data-paper-id="${id}"]`)!;
  }
  /** Opens a paper's row and clears its note and tags, as a reader does to retype them; answers the note field. */
  async function emptyRow(root: Element, id: string): Promise<HTMLTextAreaElement> {
    const row = await openRow(root, id);
    const field = row.querySelector('textarea')!;
    await type(field, '');
    await type(row.querySelector('input')!, '');
    return field;
  }
  /** Closes the row a field is in with Escape. */
  async function closeRow(field: HTMLElement): Promise<void> {
    await act(() => void field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await settle(40);
  }

  it('lists a tag added in a row or on a card in the tag filter, and drops one removed from its last paper', async () => {
    await note('arxiv:2406.00021', ['rl']);
    await note('arxiv:2406.00022', ['solo']);
    const root = await mount();
    expect(options(root)).toEqual(['All tags', '#rl (1)', '#solo (1)']);
    const row = await openRow(root, 'arxiv:2406.00021');
    await type(row.querySelector('input')!, 'rl, fresh');
    expect(options(root)).toContain('#fresh (1)');
    // On a card, in a page: the popup hears the background's broadcast.
    await callBackground('setAnnotation', { id: 'arxiv:2406.00022' as never, patch: { tags: ['rl'], base: { tags: ['solo'] } } });
    await settle(160);
    expect(options(root)).toEqual(['All tags', '#rl (2)', '#fresh (1)']);
  });

  it('reads the tags again once after an edit of tags, and not for a note typed (a read passes over the whole library)', async () => {
    await note('arxiv:2406.00023', ['rl']);
    const root = await mount();
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime;
    const send = vi.spyOn(runtime, 'sendMessage');
    const tagReads = () => send.mock.calls.filter(([message]) => (message as { name?: string }).name === 'getTags').length;
    try {
      const row = await openRow(root, 'arxiv:2406.00023');
      await type(row.querySelector('textarea')!, 'typed on');
      await type(row.querySelector('textarea')!, 'typed on and on');
      expect(tagReads()).toBe(0);
      await type(row.querySelector('input')!, 'rl, more');
      expect(tagReads()).toBe(1);
    } finally {
      send.mockRestore();
    }
  });

  // Found by a review: under "Last edited" each save moved the row being typed in to the top of the list.
  it('keeps the row being edited in its place, and sorts it by its edit once it closes', async () => {
    for (const id of ['arxiv:2406.00061', 'arxiv:2406.00062', 'arxiv:2406.00063']) {
      await note(id, []);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const root = await mount();
    expect(rowIds(root)).toEqual(['arxiv:2406.00063', 'arxiv:2406.00062', 'arxiv:2406.00061']);
    const field = (await openRow(root, 'arxiv:2406.00061')).querySelector('textarea')!;
    await type(field, 'note of arxiv:2406.00061, read again');
    await type(field, 'note of arxiv:2406.00061, read again and again');
    expect(rowIds(root)).toEqual(['arxiv:2406.00063', 'arxiv:2406.00062', 'arxiv:2406.00061']);
    expect(root.querySelector('li[data-paper-id="arxiv:2406.00061"] textarea')).toBe(field);
    await closeRow(field);
    expect(rowIds(root)).toEqual(['arxiv:2406.00061', 'arxiv:2406.00063', 'arxiv:2406.00062']);
    // The focus follows the row it left.
    expect(document.activeElement).toBe(root.querySelector('li[data-paper-id="arxiv:2406.00061"] button.row'));
  });

  it('keeps a paper emptied in its open row until the row closes, then leaves it out of the list and the count', async () => {
    await note('arxiv:2406.00031', []);
    await note('arxiv:2406.00032', []);
    const root = await mount();
    expect(results(root)).toBe('2 of 2 papers');
    const row = await openRow(root, 'arxiv:2406.00031');
    const field = row.querySelector('textarea')!;
    await type(field, '');
    // Cleared to be retyped: the row stays under the cursor.
    expect(root.querySelector('li[data-paper-id="arxiv:2406.00031"] textarea')).toBe(field);
    await closeRow(field);
    expect(rowIds(root)).toEqual(['arxiv:2406.00032']);
    expect(results(root)).toBe('1 of 1 paper');
  });

  it('keeps a paper emptied in its open row when many papers change meanwhile (a tag renamed on the options page)', async () => {
    await note('arxiv:2406.00033', ['old']);
    await note('arxiv:2406.00034', ['other']);
    const root = await mount();
    const field = await emptyRow(root, 'arxiv:2406.00033');
    // The options page renames a tag: every open popup reads the library again (its tags too).
    await callBackground('renameTag', { from: 'other', to: 'another' });
    await settle(160);
    expect(options(root)).toEqual(['All tags', '#another (1)']);
    // Cleared to be retyped, the row is still under the cursor.
    expect(root.querySelector('li[data-paper-id="arxiv:2406.00033"] textarea')).toBe(field);
    await closeRow(field);
    expect(rowIds(root)).toEqual(['arxiv:2406.00034']);
    expect(results(root)).toBe('1 of 1 paper');
  });

  it('keeps a paper emptied in its open row that the library gives content again meanwhile (an import)', async () => {
    await note('arxiv:2406.00036', ['old']);
    await note('arxiv:2406.00037', ['other']);
    const root = await mount();
    const field = await emptyRow(root, 'arxiv:2406.00036');
    // An import's write (no broadcast per paper), then its one broadcast: the library is read again.
    const db = await openDatabase();
    try {
      await putRecords(db, [paper('arxiv:2406.00036')], [{ id: 'arxiv:2406.00036', note: 'restored', tags: [], status: 'none', createdAt: 1, updatedAt: Date.now() }]);
    } finally {
      db.close();
    }
    await callBackground('renameTag', { from: 'other', to: 'another' });
    await settle(160);
    await closeRow(field);
    expect(rowIds(root)).toContain('arxiv:2406.00036');
    expect(results(root)).toBe('2 of 2 papers');
  });

  it('gives the focus to the next row when a paper emptied in its row leaves on Escape, the one before when it was the last', async () => {
    for (const [id, date] of [['arxiv:2406.00051', '2024-06-01'], ['arxiv:2406.00052', '2024-06-02'], ['arxiv:2406.00053', '2024-06-03']] as const) {
      await callBackground('setAnnotation', { id: id as never, patch: { note: `note of ${id}` }, paper: { ...(paper(id) as object), date } as never });
    }
    const root = await mount();
    // By paper date: the rows keep their order when one closes (by last edit, the row edited goes first then).
    const sort = root.querySelectorAll('select')[2]!;
    sort.value = 'date';
    await act(() => void sort.dispatchEvent(new Event('change', { bubbles: true })));
    expect(rowIds(root)).toEqual(['arxiv:2406.00053', 'arxiv:2406.00052', 'arxiv:2406.00051']);
    await closeRow(await emptyRow(root, 'arxiv:2406.00052'));
    expect(rowIds(root)).toEqual(['arxiv:2406.00053', 'arxiv:2406.00051']);
    // Before the fix the focus went to the leaving row's button, and with it to the page's body.
    expect(document.activeElement).toBe(root.querySelector('li[data-paper-id="arxiv:2406.00051"] button.row'));
    await closeRow(await emptyRow(root, 'arxiv:2406.00051'));
    expect(document.activeElement).toBe(root.querySelector('li[data-paper-id="arxiv:2406.00053"] button.row'));
  });

  it('gives the focus to the search box when the last paper listed leaves, and to what says the library is empty when none is left', async () => {
    await note('arxiv:2406.00054', ['t']);
    await note('arxiv:2406.00055', ['t']);
    const root = await mount();
    const search = root.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'note of arxiv:2406.00055';
    await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(5);
    expect(rowIds(root)).toEqual(['arxiv:2406.00055']);
    await closeRow(await emptyRow(root, 'arxiv:2406.00055'));
    expect(document.activeElement).toBe(search);
    search.value = '';
    await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(5);
    await closeRow(await emptyRow(root, 'arxiv:2406.00054'));
    expect(document.activeElement).toBe(root.querySelector('p.empty'));
    expect(document.activeElement?.textContent).toMatch(/^Your library is empty/);
  });

  it('leaves out at once a paper emptied elsewhere', async () => {
    await note('arxiv:2406.00041', ['gone']);
    await note('arxiv:2406.00042', []);
    const root = await mount();
    await callBackground('setAnnotation', { id: 'arxiv:2406.00041' as never, patch: { note: '', tags: [] } });
    await settle(160);
    expect(rowIds(root)).toEqual(['arxiv:2406.00042']);
    expect(results(root)).toBe('1 of 1 paper');
    expect(options(root)).toEqual(['All tags']);
  });
});
