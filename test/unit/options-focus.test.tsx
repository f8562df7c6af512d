// @vitest-environment happy-dom
// Where the keyboard focus goes after the options page's actions remove the focused button, a tag
// renamed there as the popup's Library sees it, and how a tag's papers are counted. Defects a probe
// found, each a test that failed on the code before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { ImportSection } = await import('../../src/options/ImportSection');
const { TagsSection } = await import('../../src/options/TagsSection');
const { Library } = await import('../../src/popup/Library');

const { settle } = extension;

async function mount(node: preact.VNode): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(node, root));
  await settle();
  return root;
}

afterEach(() => {
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

const paper = (id: string) => ({ id, title: `Paper ${id}`, authors: [], url: `https://arxiv.org/abs/${id.slice(6)}`, codeLinks: [], source: 'arxiv' }) as never;
const backup = (id: string) =>
  JSON.stringify({ format: 'paper-margin-backup', version: 1, papers: [], annotations: [{ id, note: 'imported', tags: [], status: 'none', createdAt: 1, updatedAt: 2 }] });

async function chooseFile(root: Element, text: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: [new File([text], 'backup.json')], configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
  await settle();
}

/** Clicks a button that has the focus, as Enter on it does. */
async function press(button: HTMLButtonElement): Promise<void> {
  button.focus();
  await act(() => button.click());
  await settle();
}

describe('options page: focus after import', () => {
  it('goes to what the import said after Import', async () => {
    const root = await mount(<ImportSection />);
    await chooseFile(root, backup('arxiv:2407.00001'));
    await press(root.querySelector<HTMLButtonElement>('button[data-action=apply-import]')!);
    const status = root.querySelector<HTMLElement>('[role=status]')!;
    expect(status.textContent).toMatch(/^Imported: 1 new/);
    expect(document.activeElement).toBe(status);
  });

  it("goes to what the file holds once it is read, not to the page's start", async () => {
    const root = await mount(<ImportSection />);
    root.querySelector<HTMLInputElement>('input[type=file]')!.focus();
    await chooseFile(root, backup('arxiv:2407.00007'));
    const summary = root.querySelector<HTMLElement>('.preview [role=status]')!;
    expect(summary.textContent).toBe('backup.json: 1 new, 0 updated, 0 in conflict');
    expect(document.activeElement).toBe(summary);
  });

  it('goes to the reason a file is refused', async () => {
    const root = await mount(<ImportSection />);
    root.querySelector<HTMLInputElement>('input[type=file]')!.focus();
    await chooseFile(root, '{"name": "another app", "version": "1.0.0"}');
    const status = root.querySelector<HTMLElement>('[role=status]')!;
    expect(status.textContent).toMatch(/^Not imported: This is not a Paper Margin backup/);
    expect(document.activeElement).toBe(status);
  });

  it('goes back to the file chooser after Escape, which cancels the preview', async () => {
    const root = await mount(<ImportSection />);
    await chooseFile(root, backup('arxiv:2407.00008'));
    const apply = root.querySelector<HTMLButtonElement>('button[data-action=apply-import]')!;
    apply.focus();
    await act(() => void apply.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));
    await settle();
    expect(root.querySelector('.preview')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('input[type=file]'));
    expect((await callBackground('getLibrary', {})).map((entry) => entry.paper.id)).not.toContain('arxiv:2407.00008');
  });

  it('stays on Import while the file is imported, the button said unavailable rather than disabled', async () => {
    const root = await mount(<ImportSection />);
    await chooseFile(root, backup('arxiv:2407.00009'));
    const apply = root.querySelector<HTMLButtonElement>('button[data-action=apply-import]')!;
    apply.focus();
    // Not settled: the import is under way.
    await act(() => apply.click());
    expect(root.querySelector('progress')).not.toBeNull();
    expect(apply.disabled).toBe(false);
    expect(apply.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(apply);
    await act(() => apply.click());
    await settle();
    expect(root.querySelector('[role=status]')?.textContent).toMatch(/^Imported: 1 new/);
  });

  it('goes back to the file chooser after Cancel', async () => {
    const root = await mount(<ImportSection />);
    await chooseFile(root, backup('arxiv:2407.00002'));
    const cancel = [...root.querySelectorAll<HTMLButtonElement>('.preview button')].find((button) => button.textContent === 'Cancel')!;
    await press(cancel);
    expect(root.querySelector('.preview')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('input[type=file]'));
  });
});

describe('options page: focus after a tag is renamed or merged', () => {
  it('goes to what the rename did', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2407.00003', patch: { tags: ['speech'] } });
    const root = await mount(<TagsSection />);
    vi.stubGlobal('prompt', () => 'audio');
    await press(root.querySelector<HTMLButtonElement>('tr[data-tag=speech] button')!);
    expect(root.querySelector('tr[data-tag=speech]')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('[role=status]'));
  });

  it('goes to what the merge did', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2407.00004', patch: { tags: ['gan', 'gans'] } });
    const root = await mount(<TagsSection />);
    for (const tag of ['gan', 'gans']) {
      const box = root.querySelector<HTMLInputElement>(`tr[data-tag=${tag}] input[type=checkbox]`)!;
      box.checked = true;
      await act(() => void box.dispatchEvent(new Event('change', { bubbles: true })));
    }
    vi.stubGlobal('prompt', () => 'gan');
    await press(root.querySelector<HTMLButtonElement>('.buttons button')!);
    expect(root.querySelector('.buttons button')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('[role=status]'));
  });
});

describe("options page: a tag renamed under the popup Library's filter", () => {
  it('is followed by the filter to its new name', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2407.00005', patch: { note: 'a', tags: ['rlhf'] }, paper: paper('arxiv:2407.00005') });
    await callBackground('setAnnotation', { id: 'arxiv:2407.00006', patch: { note: 'b', tags: ['other'] }, paper: paper('arxiv:2407.00006') });
    const popup = await mount(<Library />);
    const options = await mount(<TagsSection />);
    const filter = popup.querySelector<HTMLSelectElement>('select')!;
    filter.value = 'rlhf';
    await act(() => void filter.dispatchEvent(new Event('change', { bubbles: true })));
    vi.stubGlobal('prompt', () => 'Preference');
    await press(options.querySelector<HTMLButtonElement>('tr[data-tag=rlhf] button')!);
    await settle();
    expect(filter.value).toBe('Preference');
    expect(popup.querySelector('p.results')?.textContent).toBe('1 of 1 paper');
    expect([...popup.querySelectorAll('ol.papers > li')].map((row) => row.getAttribute('data-paper-id'))).toEqual(['arxiv:2407.00005']);
  });
});

describe('options page: a tag on a thousand papers', () => {
  it('counts them as every other count of the page is written: 1,200', async () => {
    const ids = Array.from({ length: 1200 }, (_, index) => `arxiv:2408.${String(10000 + index)}`);
    const annotations = ids.map((id) => ({ id, note: '', tags: ['survey'], status: 'none', createdAt: 1, updatedAt: 2 }));
    const text = JSON.stringify({ format: 'paper-margin-backup', version: 1, papers: [], annotations });
    await callBackground('applyImport', { text, name: 'survey.json', resolution: {}, shown: {} });
    const root = await mount(<TagsSection />);
    expect(root.querySelector('tr[data-tag=survey] td:nth-child(2)')?.textContent).toBe('1,200');
    vi.stubGlobal('prompt', () => 'surveys');
    await press(root.querySelector<HTMLButtonElement>('tr[data-tag=survey] button')!);
    expect(root.querySelector('[role=status]')?.textContent).toBe('1,200 papers changed.');
  });
});

describe('options page: a tag found among many', () => {
  it('narrows the rows to the tags that hold the search, keeps the ticked ones in sight, and merges them', async () => {
    const tagged = (id: string, tags: string[]) => ({ id, note: '', tags, status: 'none', createdAt: 1, updatedAt: 2 });
    const annotations = [
      tagged('arxiv:2409.00001', ['qq-diffusion']),
      tagged('arxiv:2409.00002', ['QQ-Diffusion-Video']),
      tagged('arxiv:2409.00003', ['qq-speech']),
    ];
    await callBackground('applyImport', { text: JSON.stringify({ format: 'paper-margin-backup', version: 1, papers: [], annotations }), name: 'qq.json', resolution: {}, shown: {} });
    const root = await mount(<TagsSection />);
    const search = root.querySelector<HTMLInputElement>('input[type=search]')!;
    expect(search.closest('label')?.textContent).toBe('Find a tag');
    const rows = () => [...root.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-tag')).filter((tag) => tag?.startsWith('qq'));
    const find = async (text: string) => {
      search.value = text;
      await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    };
    expect(rows()).toEqual(['qq-diffusion', 'qq-diffusion-video', 'qq-speech']);
    await find('nothing-like-it');
    expect(root.querySelector('[data-no-match]')?.textContent).toBe('No tag holds “nothing-like-it”.');
    expect(root.querySelector('table')?.hidden).toBe(true);
    await find('#qq-speech');
    expect([...root.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-tag'))).toEqual(['qq-speech']);
    const tick = async (tag: string) => {
      const box = root.querySelector<HTMLInputElement>(`tr[data-tag=${tag}] input[type=checkbox]`)!;
      box.checked = true;
      await act(() => void box.dispatchEvent(new Event('change', { bubbles: true })));
    };
    await tick('qq-speech');
    // Another search: the ticked tag stays in sight, with the new matches (case aside).
    await find('diffusion');
    expect(rows()).toEqual(['qq-diffusion', 'qq-diffusion-video', 'qq-speech']);
    await tick('qq-diffusion-video');
    await find('nothing-like-it');
    // Ticked rows show whatever the search: here the two chosen, and Merge after them.
    expect(rows()).toEqual(['qq-diffusion-video', 'qq-speech']);
    expect(root.querySelector('[data-no-match]')).toBeNull();
    vi.stubGlobal('prompt', () => 'qq-speech');
    await press(root.querySelector<HTMLButtonElement>('.buttons button')!);
    expect(root.querySelector('[role=status]')?.textContent).toBe('1 paper changed.');
    expect((await callBackground('getTags', {})).map((use) => use.key).filter((key) => key.startsWith('qq'))).toEqual(['qq-speech', 'qq-diffusion']);
  });
});
