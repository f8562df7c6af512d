// @vitest-environment happy-dom
// The popup's "This page" tab against the real background, its tab answering with the page's papers:
// defects a probe of the popup found, each a test that failed on the code before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { PagePapers } = await import('../../src/popup/PagePapers');

const { settle } = extension;

afterEach(() => {
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
});

const paper = (id: string, url = `https://arxiv.org/abs/${id.slice(6)}`) => ({ id, title: `Paper ${id}`, authors: [], url, codeLinks: [], source: 'arxiv' });

/** The page tab of a page showing `ids`, in that order; `urls` gives some of them another address. */
async function mount(ids: string[], urls: Record<string, string> = {}): Promise<HTMLElement> {
  const chrome = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome;
  const papers = ids.map((id) => paper(id, urls[id]));
  chrome.tabs = { sendMessage: async () => ({ ok: true, value: { papers, annotations: {}, complete: true } }) };
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<PagePapers tabId={7} onCounts={() => undefined} onPapers={() => undefined} />, root));
  await settle();
  return root;
}

const key = (target: Element, name: string) => act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true })));

describe("the popup's page tab: keys", () => {
  it('does not skip a paper whose page gave it no safe address: ↓ lands on its title, which is no link', async () => {
    const root = await mount(['arxiv:2407.00001', 'arxiv:2407.00002', 'arxiv:2407.00003'], { 'arxiv:2407.00002': 'javascript:alert(1)' });
    const titles = [...root.querySelectorAll<HTMLAnchorElement>('li.paper h2 a')];
    expect(titles[1]!.hasAttribute('href')).toBe(false);
    titles[0]!.focus();
    await key(titles[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(titles[1]);
    await key(titles[1]!, 'ArrowDown');
    expect(document.activeElement).toBe(titles[2]);
    await key(titles[2]!, 'ArrowUp');
    expect(document.activeElement).toBe(titles[1]);
  });

  it("moves between the papers' titles with ↓ and ↑, as the Library does between its rows, and leaves the fields' arrows alone", async () => {
    const root = await mount(['arxiv:2407.00001', 'arxiv:2407.00002', 'arxiv:2407.00003']);
    const titles = [...root.querySelectorAll<HTMLAnchorElement>('li.paper h2 a')];
    expect(titles).toHaveLength(3);
    titles[0]!.focus();
    await key(titles[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(titles[1]);
    await key(titles[1]!, 'ArrowDown');
    await key(titles[2]!, 'ArrowDown');
    expect(document.activeElement).toBe(titles[2]);
    await key(titles[2]!, 'ArrowUp');
    expect(document.activeElement).toBe(titles[1]);
    const note = root.querySelectorAll('li.paper textarea')[1]!;
    (note as HTMLElement).focus();
    await key(note, 'ArrowDown');
    expect(document.activeElement).toBe(note);
  });
});
