// @vitest-environment happy-dom
// "Copy BibTeX" on a paper of the popup, against the real background: the entry the library's export
// writes for the paper, key included, on the clipboard; a failure said, never a silent nothing.
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

const { settle } = extension;

beforeEach(async () => {
  const db = await openDatabase();
  await db.clear('library').finally(() => db.close());
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
});

const paper = (id: string, title: string) =>
  ({ id, title, authors: ['Ada Smith'], date: '2024-07-31', arxivId: id.slice(6), url: `https://arxiv.org/abs/${id.slice(6)}`, codeLinks: [], source: 'arxiv' }) as never;
const note = (id: string, title: string) => callBackground('setAnnotation', { id: id as never, patch: { note: 'read this' }, paper: paper(id, title) });

async function openRow(id: string): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Library />, root));
  await settle();
  await act(() => root.querySelector<HTMLButtonElement>(`li[data-paper-id="${id}"] button.row`)!.click());
  await settle(5);
  return root;
}

const copyStatus = (root: Element) => root.querySelector('li.paper .copied')?.textContent;
const runtime = () => (globalThis as unknown as { chrome: typeof extension.fakeBrowser }).chrome.runtime;
const copyButton = (root: Element) => root.querySelector<HTMLButtonElement>('li.paper button[data-action="copy-bibtex"]')!;

describe('Copy BibTeX in the popup', () => {
  it('copies the entry the export of the library writes, with the key that tells it from a paper of the same key', async () => {
    // Same first author, year and first title word: the library's export keys both apart.
    await note('arxiv:2407.00001', 'Deep Nets');
    await note('arxiv:2407.00002', 'Deep Trees');
    const exported = await callBackground('exportLibrary', { format: 'bibtex' });
    expect(exported.count).toBe(2);
    const root = await openRow('arxiv:2407.00002');
    await act(() => copyButton(root).click());
    await settle(20);
    expect(copyStatus(root)).toBe('BibTeX entry copied.');
    expect(copyButton(root).getAttribute('aria-label')).toBe('Copy the BibTeX entry of Deep Trees');
    const copied = await navigator.clipboard.readText();
    expect(copied.match(/^@/gm)).toHaveLength(1);
    expect(copied).toMatch(/^@misc\{smith2024deep-[a-z]{3},\n {2}title = \{Deep Trees\},/);
    expect(copied).toContain('  eprint = {2407.00002},');
    // No note, tags or status: a citation is for sharing.
    expect(copied).not.toContain('read this');
  });

  it('keys a paper the reader has not noted as the library would once it is', async () => {
    await note('arxiv:2407.00011', 'Deep Nets');
    await callBackground('recordPapers', { papers: [{ ...(paper('arxiv:2407.00012', 'Deep Seen') as object), links: { urls: [], texts: [] } }] as never });
    const entry = await callBackground('citation', { id: 'arxiv:2407.00012' as never });
    expect(entry).toMatch(/^@misc\{smith2024deep-[a-z]{3},$/m);
    const alone = await callBackground('citation', { id: 'arxiv:2407.00011' as never });
    expect(alone).toMatch(/^@misc\{smith2024deep,$/m);
  });

  it('says why when the clipboard refuses, or the library has no such paper', async () => {
    await note('arxiv:2407.00021', 'Deep Nets');
    const root = await openRow('arxiv:2407.00021');
    const write = vi.spyOn(navigator.clipboard, 'write').mockRejectedValueOnce(new DOMException('Document is not focused.', 'NotAllowedError'));
    await act(() => copyButton(root).click());
    await settle(20);
    expect(copyStatus(root)).toBe('Not copied: Document is not focused.');
    expect(root.querySelector('li.paper .copied')!.classList.contains('error')).toBe(true);
    await expect(callBackground('citation', { id: 'arxiv:2999.00001' as never })).rejects.toThrow('The library has no record of this paper yet.');
    // The library's refusal is the reason given, not the clipboard's report of the entry that never came.
    write.mockImplementationOnce(async (items) => {
      await items[0]!.getType('text/plain');
    });
    vi.spyOn(runtime(), 'sendMessage').mockImplementationOnce((async () => ({ ok: false, error: 'The library could not be read.' })) as never);
    await act(() => copyButton(root).click());
    await settle(20);
    expect(copyStatus(root)).toBe('Not copied: The library could not be read.');
  });

  it('starts the clipboard write inside the click, before the library answers', async () => {
    // A browser lets a page write the clipboard only while the click counts as the reader's (Firefox:
    // 5 s); a worker woken on a large library may answer later than that.
    await note('arxiv:2407.00031', 'Deep Nets');
    const root = await openRow('arxiv:2407.00031');
    const entry = await callBackground('citation', { id: 'arxiv:2407.00031' as never });
    let answer!: (reply: unknown) => void;
    vi.spyOn(runtime(), 'sendMessage').mockImplementationOnce((() => new Promise((resolve) => (answer = resolve))) as never);
    const write = vi.spyOn(navigator.clipboard, 'write');
    await act(() => copyButton(root).click());
    expect(write).toHaveBeenCalledTimes(1);
    expect(copyStatus(root)).toBe('');
    answer({ ok: true, value: entry });
    await settle(20);
    expect(copyStatus(root)).toBe('BibTeX entry copied.');
    expect(await navigator.clipboard.readText()).toBe(entry);
  });

  it('keys the paper as a tag\'s export and the whole library\'s export do, whichever the reader cites from', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2407.00041' as never, patch: { tags: ['mine'] }, paper: paper('arxiv:2407.00041', 'Deep Nets') });
    await callBackground('setAnnotation', { id: 'arxiv:2407.00042' as never, patch: { tags: ['other'] }, paper: paper('arxiv:2407.00042', 'Deep Trees') });
    const keyOf = (bib: string) => /^@misc\{([^,]+),$/m.exec(bib)?.[1];
    const copied = keyOf(await callBackground('citation', { id: 'arxiv:2407.00041' as never }));
    expect(copied).toMatch(/^smith2024deep-[a-z]{3}$/);
    for (const request of [{ tag: 'mine' }, { ids: ['arxiv:2407.00041' as never] }, {}]) {
      await callBackground('exportLibrary', { format: 'bibtex', ...request });
      const { text } = await extension.downloaded();
      expect(text).toContain(`@misc{${copied},\n  title = {Deep Nets},`);
    }
  });

  it('copies a paper the page shows that the library has no record of, and keeps a note that could not be saved in sight', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const { PaperItem } = await import('../../src/popup/PaperItem');
    await act(() => render(<PaperItem paper={paper('arxiv:2407.00051', 'Unrecorded Paper')} annotation={undefined} onSaved={() => undefined} />, root));
    const saveError = root.querySelector('li.paper .saved')!;
    // A save that failed says so: copying must not hide it.
    vi.spyOn(runtime(), 'sendMessage').mockImplementationOnce((async () => ({ ok: false, error: 'The disk is full.' })) as never);
    const field = root.querySelector('textarea')!;
    field.value = 'a note';
    await act(() => void field.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(120);
    expect(saveError.textContent).toMatch(/^Not saved: The disk is full\./);
    await act(() => copyButton(root).click());
    await settle(20);
    expect(copyStatus(root)).toBe('BibTeX entry copied.');
    expect(saveError.textContent).toMatch(/^Not saved: The disk is full\./);
    expect(await navigator.clipboard.readText()).toMatch(/^@misc\{smith2024unrecorded,\n {2}title = \{Unrecorded Paper\},/);
  });
});
