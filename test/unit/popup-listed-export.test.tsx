// @vitest-environment happy-dom
// The popup's "Listed (N)" export: the papers its Library tab lists under a search, a tag or a status,
// and nothing else, in a file named for it. The whole popup against the real background.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { Popup } = await import('../../src/popup/Popup');
const { openDatabase } = await import('../../src/store/db');

const { settle } = extension;

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

async function openLibrary(): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Popup />, root));
  await settle();
  await act(() => root.querySelector<HTMLButtonElement>('#tab-library')!.click());
  await settle();
  return root;
}

async function choose(root: Element, label: string, value: string): Promise<void> {
  const select = root.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)!;
  select.value = value;
  await act(() => void select.dispatchEvent(new Event('change', { bubbles: true })));
  await settle();
}

const listedButton = (root: Element) => root.querySelector<HTMLButtonElement>('button[data-export=listed]');

describe("the popup's export of the papers the Library lists", () => {
  it('exports exactly the papers a tag and a status narrow the list to, in a file named "listed"', async () => {
    await note('arxiv:2407.00011', ['rlhf']);
    await note('arxiv:2407.00012', ['rlhf']);
    await note('arxiv:2407.00013', ['vision']);
    await callBackground('setAnnotation', { id: 'arxiv:2407.00012' as never, patch: { status: 'to-read' } });
    const root = await openLibrary();
    // The whole library is what "All noted" exports: no second button for the same papers.
    expect(listedButton(root)).toBeNull();

    await choose(root, 'Filter by tag', 'rlhf');
    expect(listedButton(root)?.textContent).toBe('Listed (2)');
    await choose(root, 'Export format', 'csv');
    await act(() => listedButton(root)!.click());
    await settle(100);
    let file = await extension.downloaded();
    expect(file.filename).toMatch(/^paper-margin-\d{4}-\d{2}-\d{2}-listed-csv\.csv$/);
    expect(file.text).toContain('2407.00011');
    expect(file.text).toContain('2407.00012');
    expect(file.text).not.toContain('2407.00013');
    expect(root.querySelector('.export-bar [role=status]')?.textContent).toMatch(/^Exported 2 papers to paper-margin-.*-listed-csv\.csv\.$/);

    await choose(root, 'Filter by reading status', 'to-read');
    expect(listedButton(root)?.textContent).toBe('Listed (1)');
    await act(() => listedButton(root)!.click());
    await settle(100);
    file = await extension.downloaded();
    expect(file.text).toContain('2407.00012');
    expect(file.text).not.toContain('2407.00011');
  });

  it('leaves out a row kept in sight that no longer matches: an open row whose tag was changed, a paper emptied', async () => {
    await note('arxiv:2407.00031', ['rlhf']);
    await note('arxiv:2407.00032', ['rlhf']);
    await note('arxiv:2407.00033', ['rlhf']);
    const root = await openLibrary();
    await choose(root, 'Filter by tag', 'rlhf');
    expect(listedButton(root)?.textContent).toBe('Listed (3)');
    // The reader retags one paper in its open row: the row stays in place while it is edited.
    await act(() => root.querySelector<HTMLButtonElement>('li[data-paper-id="arxiv:2407.00031"] button.row')!.click());
    await settle(5);
    const tags = root.querySelector<HTMLInputElement>('li[data-paper-id="arxiv:2407.00031"] input[aria-label^="Tags"]')!;
    tags.value = 'vision';
    await act(() => void tags.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(120);
    expect(root.querySelector('li[data-paper-id="arxiv:2407.00031"]')).not.toBeNull();
    expect(listedButton(root)?.textContent).toBe('Listed (2)');
    // Another paper emptied elsewhere (its tags taken off on a card).
    await callBackground('setAnnotation', { id: 'arxiv:2407.00032' as never, patch: { note: '', tags: [] } });
    await settle();
    expect(listedButton(root)?.textContent).toBe('Listed (1)');
    await choose(root, 'Export format', 'csv');
    await act(() => listedButton(root)!.click());
    await settle(100);
    const file = await extension.downloaded();
    expect(file.text).toContain('2407.00033');
    expect(file.text).not.toContain('2407.00031');
    expect(file.text).not.toContain('2407.00032');
  });

  it('follows the search as it is typed, and is gone on the page tab and once the filters are cleared', async () => {
    await note('arxiv:2407.00021', []);
    await callBackground('setAnnotation', { id: 'arxiv:2407.00022' as never, patch: { note: 'diffusion sampler' }, paper: paper('arxiv:2407.00022') });
    const root = await openLibrary();
    const search = root.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'diffusion';
    await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    await settle();
    expect(listedButton(root)?.textContent).toBe('Listed (1)');

    search.value = 'nothing like it';
    await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    await settle();
    // Nothing listed, nothing to export: the button says so instead of writing an empty file.
    expect(listedButton(root)?.textContent).toBe('Listed (0)');
    expect(listedButton(root)?.disabled).toBe(true);

    await act(() => root.querySelector<HTMLButtonElement>('#tab-page')!.click());
    expect(listedButton(root)).toBeNull();
    await act(() => root.querySelector<HTMLButtonElement>('#tab-library')!.click());
    expect(listedButton(root)?.textContent).toBe('Listed (0)');

    search.value = '';
    await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    await settle();
    expect(listedButton(root)).toBeNull();
  });
});
