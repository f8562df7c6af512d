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

const status = (root: Element) => root.querySelector('li.paper .saved')?.textContent;

describe('Copy BibTeX in the popup', () => {
  it('copies the entry the export of the library writes, with the key that tells it from a paper of the same key', async () => {
    // Same first author, year and first title word: the library's export keys both apart.
    await note('arxiv:2407.00001', 'Deep Nets');
    await note('arxiv:2407.00002', 'Deep Trees');
    const exported = await callBackground('exportLibrary', { format: 'bibtex' });
    expect(exported.count).toBe(2);
    const root = await openRow('arxiv:2407.00002');
    await act(() => root.querySelector<HTMLButtonElement>('li.paper button[data-action="copy-bibtex"]')!.click());
    await settle(20);
    expect(status(root)).toBe('BibTeX entry copied.');
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
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Document is not focused.', 'NotAllowedError'));
    await act(() => root.querySelector<HTMLButtonElement>('li.paper button[data-action="copy-bibtex"]')!.click());
    await settle(20);
    expect(status(root)).toBe('Not copied: Document is not focused.');
    expect(root.querySelector('li.paper .saved')!.classList.contains('error')).toBe(true);
    await expect(callBackground('citation', { id: 'arxiv:2999.00001' as never })).rejects.toThrow('The library has no record of this paper yet.');
  });
});
