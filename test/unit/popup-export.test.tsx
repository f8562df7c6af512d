// @vitest-environment happy-dom
// The popup's export bar (and so the options page's export, which shares useExport): its counts read
// as the import's do. A defect a probe found; the test failed on the code before its fix.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { ExportBar } = await import('../../src/popup/ExportBar');
const { openDatabase } = await import('../../src/store/db');
const { putRecords } = await import('../helpers/library');

/** Stores noted papers (arXiv, one note each) as the background would, then draws the bar. */
async function noted(papers: Array<{ id: string; title: string; note: string }>, pageIds: string[] = []): Promise<Element> {
  const db = await openDatabase();
  try {
    await putRecords(
      db,
      papers.map(({ id, title }) => ({ id, title, authors: [], url: `https://arxiv.org/abs/${id.slice(6)}`, codeLinks: [], source: 'arxiv', seenOn: ['arxiv'], firstSeenAt: 1, lastSeenAt: 1, createdAt: 1, updatedAt: 1 }) as never),
      papers.map(({ id, note }) => ({ id, note, tags: [], status: 'none', createdAt: 1, updatedAt: 1 }) as never),
    );
  } finally {
    db.close();
  }
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<ExportBar pageIds={pageIds as never[]} />, root));
  return root;
}

describe("the popup's export", () => {
  it('writes a count in thousands as the import does ("1,200")', async () => {
    const ids = Array.from({ length: 1200 }, (_, index) => `arxiv:2408.${String(10000 + index)}`);
    const root = await noted(ids.map((id) => ({ id, title: `Paper ${id}`, note: 'a note' })));
    const format = root.querySelector('select')!;
    format.value = 'bibtex';
    await act(() => void format.dispatchEvent(new Event('change', { bubbles: true })));
    await act(() => root.querySelector<HTMLButtonElement>('button[data-export=library]')!.click());
    await extension.settle(100);
    expect(root.querySelector('[role=status]')?.textContent).toMatch(/^Exported 1,200 papers to paper-margin-.*\.bib\.$/);
  });

  it('says when a CSV has notes longer than a spreadsheet cell holds, and where they are kept whole', async () => {
    const id = 'arxiv:2409.00001';
    const root = await noted([{ id, title: 'Long note', note: 'n'.repeat(40_000) }], [id]);
    const format = root.querySelector('select')!;
    format.value = 'csv';
    await act(() => void format.dispatchEvent(new Event('change', { bubbles: true })));
    await act(() => root.querySelector<HTMLButtonElement>('button[data-export=page]')!.click());
    await extension.settle(100);
    const status = root.querySelector('[role=status]')?.textContent ?? '';
    expect(status).toMatch(/^Exported 1 paper to paper-margin-.*\.csv\. 1 paper has a field longer than 32,767 characters/);
    expect(status).toContain('the JSON backup and the Markdown export keep it whole');
  });

  it('keeps the focus on the button pressed while the file is written, and its status line in place from the start', async () => {
    const id = 'arxiv:2409.00002';
    const root = await noted([{ id, title: 'Focus', note: 'a note' }], [id]);
    const status = root.querySelector('[role=status]')!;
    expect(status.textContent).toBe('');
    const button = root.querySelector<HTMLButtonElement>('button[data-export=page]')!;
    button.focus();
    await act(() => button.click());
    // Unavailable while it runs, but not disabled: a disabled button drops the focus to the body.
    expect([button.disabled, button.getAttribute('aria-disabled'), document.activeElement === button]).toEqual([false, 'true', true]);
    expect(root.querySelector('[role=status]')).toBe(status);
    await extension.settle(100);
    expect([button.hasAttribute('aria-disabled'), document.activeElement === button]).toEqual([false, true]);
    expect(status.textContent).toMatch(/^Exported 1 paper to paper-margin-/);
  });
});
