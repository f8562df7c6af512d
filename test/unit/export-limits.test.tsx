// @vitest-environment happy-dom
// A backup over what an import reads is still written, and the reader is told: the limits are made
// tiny here, as a real one would take 300 MB.
import { expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));
vi.mock('../../src/store/backup', async (original) => ({ ...(await original<typeof import('../../src/store/backup')>()), MAX_IMPORT_RECORDS: 1 }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { ExportSection } = await import('../../src/options/ExportSection');

it('writes a backup larger than an import reads, and says it cannot bring the library back', async () => {
  const paper = (id: string) => ({ id, title: `Paper ${id}`, authors: [], url: `https://arxiv.org/abs/${id.slice(6)}`, codeLinks: [], source: 'arxiv' });
  await callBackground('setAnnotation', { id: 'arxiv:2405.00001', patch: { note: 'one' }, paper: paper('arxiv:2405.00001') as never });
  await callBackground('setAnnotation', { id: 'arxiv:2405.00002', patch: { note: 'two' }, paper: paper('arxiv:2405.00002') as never });
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<ExportSection />, root));
  const before = extension.downloads.length;
  await act(() => root.querySelector<HTMLButtonElement>('button[data-format=json]')!.click());
  await extension.settle();
  const message = root.querySelector('[role=status]')!;
  expect(message.textContent).toMatch(/^Exported a backup of 2 papers \(2 with notes\) to .*\.json\. It is larger than an import reads/);
  expect(message.classList.contains('error')).toBe(true);
  expect(extension.downloads).toHaveLength(before + 1);
  // A list format has no such limit: nothing more is said.
  await act(() => root.querySelector<HTMLButtonElement>('button[data-format=bibtex]')!.click());
  await extension.settle();
  expect(root.querySelector('[role=status]')!.textContent).toMatch(/^Exported 2 papers to .*\.bib\.$/);
});
