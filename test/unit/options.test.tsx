// @vitest-environment happy-dom
// The options page against the real background (over fake-indexeddb): the defects a review of the
// page found, each a test that failed on the code before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { Options } = await import('../../src/options/Options');
const { ImportSection } = await import('../../src/options/ImportSection');
const { SitesSection } = await import('../../src/options/SitesSection');
const { COMMAND_ORDER, ShortcutsSection } = await import('../../src/options/ShortcutsSection');
const { default: manifest } = await import('../../manifest.json');
const { TagsSection } = await import('../../src/options/TagsSection');
const { Library } = await import('../../src/popup/Library');
const { PagePapers } = await import('../../src/popup/PagePapers');
const { openDatabase } = await import('../../src/store/db');

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

const paper = (id: string, extra: object = {}) => ({
  id,
  title: `Paper ${id}`,
  authors: [],
  url: `https://arxiv.org/abs/${id.slice(6)}`,
  codeLinks: [],
  source: 'arxiv',
  ...extra,
});
const backup = (annotations: object[], papers: object[] = []) => JSON.stringify({ format: 'paper-margin-backup', version: 1, papers, annotations });
const annotation = (id: string, extra: object = {}) => ({ id, note: 'a note', tags: [], status: 'none', createdAt: 1, updatedAt: 2, ...extra });

async function chooseFile(root: Element, text: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: [new File([text], 'backup.json')], configurable: true });
  await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
  await settle();
}

const section = (root: Element, title: string) => root.querySelector(`section[aria-labelledby=${title}-title]`)!;

/** Exports from the options page's export section; answers its message. */
async function exportAs(root: Element, format: string): Promise<string | null | undefined> {
  await act(() => root.querySelector<HTMLButtonElement>(`button[data-format=${format}]`)!.click());
  await settle();
  return section(root, 'export').querySelector('[role=status]')?.textContent;
}

describe('options page: import', () => {
  it('keeps the file chooser in reach of the keyboard, named by its label', async () => {
    const root = await mount(<ImportSection />);
    const input = root.querySelector<HTMLInputElement>('label.file input[type=file]')!;
    expect(input.hidden).toBe(false);
    expect(input.disabled).toBe(false);
    expect(input.tabIndex).toBe(0);
    input.focus();
    expect(document.activeElement).toBe(input);
    expect(input.closest('label')?.textContent).toMatch(/\S/);
  });

  it('applies a previewed file once, however often Import is clicked', async () => {
    const root = await mount(<ImportSection />);
    await chooseFile(root, backup([annotation('arxiv:2403.00001', { note: 'imported note' }), annotation('arxiv:2403.00002')]));
    const apply = root.querySelector<HTMLButtonElement>('button[data-action=apply-import]')!;
    await act(() => {
      apply.click();
      apply.click();
    });
    // Said unavailable (aria-disabled, which keeps the focus on it; see options-focus.test.tsx).
    expect(apply.getAttribute('aria-disabled')).toBe('true');
    await settle(60);
    expect(root.querySelector('[role=status]')?.textContent).toMatch(/^Imported: 2 new/);
    const db = await openDatabase();
    try {
      expect((await db.get('library', 'arxiv:2403.00001'))?.annotation?.note).toBe('imported note');
    } finally {
      db.close();
    }
  });

  it('says what reading the file left out, before and after the import', async () => {
    const root = await mount(<ImportSection />);
    const hostile = { ...paper('arxiv:2402.00001'), firstSeenAt: 1, lastSeenAt: 1, createdAt: 1, updatedAt: 1, seenOn: [], codeLinks: [{ url: 'javascript:alert(1)', host: 'github', kind: 'code', status: 'available', label: 'x' }] };
    await chooseFile(root, backup([], [hostile]));
    const warnings = () => [...root.querySelectorAll('ul.warnings li')].map((item) => item.textContent);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/codeLinks/);
    await act(() => root.querySelector<HTMLButtonElement>('button[data-action=apply-import]')!.click());
    await settle();
    expect(warnings()).toHaveLength(1);
  });

  it('isolates each tag of a conflict, and lets a note or title in Arabic or Hebrew read right to left', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2402.00002', patch: { note: 'ملاحظتي', tags: ['ترجمة', 'mt'] }, paper: paper('arxiv:2402.00002', { title: 'نماذج اللغة' }) as never });
    const root = await mount(<ImportSection />);
    await chooseFile(root, backup([annotation('arxiv:2402.00002', { note: 'הערה אחרת', tags: ['עברית'] })]));
    const conflict = root.querySelector('.conflict[data-paper-id="arxiv:2402.00002"]')!;
    expect(conflict.querySelector('strong')?.getAttribute('dir')).toBe('auto');
    expect([...conflict.querySelectorAll('pre')].map((note) => note.getAttribute('dir'))).toEqual(['auto', 'auto']);
    expect([...conflict.querySelectorAll('.conflict-meta')].map((meta) => [...meta.querySelectorAll('bdi')].map((tag) => tag.textContent))).toEqual([
      ['#ترجمة', '#mt'],
      ['#עברית'],
    ]);
    expect(conflict.querySelector('.conflict-meta')?.textContent).toBe('Tags: #ترجمة #mt · Reading status: No status');
    // The tags section's tests count on a library without these tags.
    await callBackground('setAnnotation', { id: 'arxiv:2402.00002', patch: { tags: [] } });
  });
});

describe('options page: tags', () => {
  it('offers a renamed tag for export at once, and names each rename button by its tag', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2401.00001', patch: { note: 'my note', tags: ['rl'] } });
    const root = await mount(<Options />);
    const exportTags = () => [...section(root, 'export').querySelectorAll('option')].map((option) => option.value).filter(Boolean);
    expect(exportTags()).toEqual(['rl']);
    // The tag isolated in its row, as in the popup: an Arabic or Hebrew tag keeps its "#" before it.
    expect(root.querySelector('tr[data-tag=rl] label bdi')?.textContent).toBe('#rl');
    const rename = root.querySelector<HTMLButtonElement>('tr[data-tag=rl] button')!;
    expect(rename.getAttribute('aria-label')).toBe('Rename #rl');
    const scope = section(root, 'export').querySelector('select')!;
    scope.value = 'rl';
    await act(() => void scope.dispatchEvent(new Event('change', { bubbles: true })));
    vi.stubGlobal('prompt', () => 'reinforcement-learning');
    await act(() => rename.click());
    await settle();
    expect(section(root, 'tags').querySelector('[role=status]')?.textContent).toBe('1 paper changed.');
    expect(exportTags()).toEqual(['reinforcement-learning']);
    // The chosen tag is gone: the export goes back to all papers, not to a tag no paper has.
    expect(scope.value).toBe('');
    expect(await exportAs(root, 'bibtex')).toMatch(/^Exported /);
  });

  it('does not say "No tags yet" while the tags are still being read', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2401.00004', patch: { tags: ['audio'] } });
    const root = document.createElement('div');
    document.body.append(root);
    // Rendered, the tags asked for and not answered yet (a 10 000-paper library takes seconds).
    await act(() => render(<TagsSection />, root));
    expect(root.textContent).not.toContain('No tags yet');
    expect(root.textContent).toContain('Reading the tags…');
    await settle();
    expect(root.querySelector('tr[data-tag=audio]')).not.toBeNull();
    expect(root.textContent).not.toContain('Reading the tags…');
  });

  it('says so when a tag is renamed to nothing', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2401.00002', patch: { tags: ['vision'] } });
    const root = await mount(<Options />);
    vi.stubGlobal('prompt', () => '   ');
    await act(() => root.querySelector<HTMLButtonElement>('tr[data-tag=vision] button')!.click());
    await settle();
    expect(section(root, 'tags').querySelector('[role=status]')?.textContent).toBe('A tag needs a name: nothing was changed.');
    expect(root.querySelector('tr[data-tag=vision]')).not.toBeNull();
  });

  it('refuses a new name longer than a tag may be, saying so, instead of cutting it unsaid', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2401.00005', patch: { tags: ['speech', 'asr'] } });
    const root = await mount(<Options />);
    vi.stubGlobal('prompt', () => 'y'.repeat(65));
    await act(() => root.querySelector<HTMLButtonElement>('tr[data-tag=speech] button')!.click());
    await settle();
    const status = () => section(root, 'tags').querySelector('[role=status]')?.textContent;
    expect(status()).toBe('A tag holds up to 64 characters: nothing was changed. Choose a shorter name.');
    expect(root.querySelector('tr[data-tag=speech]')).not.toBeNull();
    // Merged into such a name: the same.
    for (const tag of ['speech', 'asr']) {
      const box = root.querySelector<HTMLInputElement>(`tr[data-tag=${tag}] input[type=checkbox]`)!;
      box.checked = true;
      await act(() => void box.dispatchEvent(new Event('change', { bubbles: true })));
    }
    vi.stubGlobal('prompt', () => `#${'z'.repeat(70)}`);
    await act(() => section(root, 'tags').querySelector<HTMLButtonElement>('.buttons button')!.click());
    await settle();
    expect(status()).toBe('A tag holds up to 64 characters: nothing was changed. Choose a shorter name.');
    expect((await callBackground('getTags', {})).map((use) => use.tag)).toEqual(expect.arrayContaining(['speech', 'asr']));
    // 64 characters are taken whole.
    vi.stubGlobal('prompt', () => 'y'.repeat(64));
    await act(() => root.querySelector<HTMLButtonElement>('tr[data-tag=speech] button')!.click());
    await settle();
    expect(root.querySelector(`tr[data-tag=${'y'.repeat(64)}]`)).not.toBeNull();
  });

  it("reaches the popup's library, open beside the options page", async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2401.00003', patch: { note: 'kept', tags: ['nlp'] }, paper: paper('arxiv:2401.00003') as never });
    const popup = await mount(<Library />);
    const options = await mount(<Options />);
    expect(popup.textContent).toContain('#nlp');
    vi.stubGlobal('prompt', () => 'language');
    await act(() => options.querySelector<HTMLButtonElement>('tr[data-tag=nlp] button')!.click());
    await settle();
    expect(popup.textContent).toContain('#language');
    expect(popup.textContent).not.toContain('#nlp');
  });
});

describe("the popup's library, when the database cannot be read", () => {
  it('says why in words, not as the browser names the error', async () => {
    const { t } = await import('../../src/shared/i18n');
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('QuotaExceededError', 'QuotaExceededError');
      },
    });
    const popup = await mount(<Library />);
    expect(popup.querySelector('.error')?.textContent).toBe(t('libraryError', t('errorDiskFull')));
  });
});

describe("the popup's page list beside the options page", () => {
  it('shows a tag renamed there on the page\'s papers', async () => {
    const id = 'arxiv:2401.00004';
    const saved = await callBackground('setAnnotation', { id, patch: { note: 'page note', tags: ['speech'] }, paper: paper(id) as never });
    // The tab answers with its papers and the annotations it last heard of.
    const chrome = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome;
    chrome.tabs = { sendMessage: async () => ({ ok: true, value: { papers: [paper(id)], annotations: { [id]: saved }, complete: true } }) };
    const popup = await mount(<PagePapers tabId={7} onCounts={() => undefined} onPapers={() => undefined} />);
    // The item's tag field holds the tags as typed: comma separated, without #, ending in a separator for one more.
    const tagField = () => [...popup.querySelectorAll<HTMLInputElement>('li.paper input')].map((input) => input.value).find((value) => value !== '');
    expect(tagField()).toBe('speech, ');
    const options = await mount(<Options />);
    vi.stubGlobal('prompt', () => 'audio');
    await act(() => options.querySelector<HTMLButtonElement>('tr[data-tag=speech] button')!.click());
    await settle();
    expect(tagField()).toBe('audio, ');
  });
});

describe('options page: export', () => {
  it('says there is nothing to export instead of writing an empty file, and counts a backup by its papers', async () => {
    const db = await openDatabase();
    await db.clear('library').finally(() => db.close());
    const root = await mount(<Options />);
    const before = extension.downloads.length;
    expect(await exportAs(root, 'bibtex')).toBe('Nothing to export yet: no paper has a note, tags or a status.');
    expect(await exportAs(root, 'json')).toBe('Nothing to export yet: no paper has a note, tags or a status.');
    expect(extension.downloads).toHaveLength(before);
    // Seen, never noted: in the backup, but no paper to export as BibTeX.
    await callBackground('recordPapers', { papers: [{ ...paper('arxiv:2404.00001'), links: { urls: [], texts: [] } }] as never });
    await callBackground('setAnnotation', { id: 'arxiv:2404.00002', patch: { note: 'noted', tags: ['gan'] }, paper: paper('arxiv:2404.00002') as never });
    expect(await exportAs(root, 'json')).toMatch(/^Exported a backup of 2 papers \(1 with notes\) to paper-margin-.*\.json\.$/);
    expect(await exportAs(root, 'bibtex')).toMatch(/^Exported 1 paper to paper-margin-.*\.bib\.$/);
    expect(extension.downloads).toHaveLength(before + 2);
  });
});

describe('options page: export from the keyboard', () => {
  it('keeps the focus on the button while the file is written, and writes one file however often it is pressed', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2404.00004', patch: { note: 'exported' }, paper: paper('arxiv:2404.00004') as never });
    const root = await mount(<Options />);
    const before = extension.downloads.length;
    const button = root.querySelector<HTMLButtonElement>('button[data-format=bibtex]')!;
    button.focus();
    await act(() => {
      button.click();
      button.click();
    });
    // Writing: said unavailable, not disabled (which drops Chromium's focus to the page's body).
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button);
    await settle();
    expect(section(root, 'export').querySelector('[role=status]')?.textContent).toMatch(/^Exported /);
    expect(extension.downloads).toHaveLength(before + 1);
    expect(document.activeElement).toBe(button);
  });
});

describe('options page: status lines', () => {
  it('are live regions in the page from the start, so that what an export or a rename says is read out', async () => {
    await callBackground('setAnnotation', { id: 'arxiv:2404.00003', patch: { tags: ['cv'] } });
    const root = await mount(<Options />);
    const regions = ['export', 'tags'].map((name) => section(root, name).querySelector('[role=status]'));
    expect(regions.map((region) => region?.textContent)).toEqual(['', '']);
    await exportAs(root, 'csv');
    vi.stubGlobal('prompt', () => 'z'.repeat(80));
    await act(() => root.querySelector<HTMLButtonElement>('tr[data-tag=cv] button')!.click());
    await settle();
    // The same elements, now saying what happened: not new ones added with their text.
    expect(['export', 'tags'].map((name) => section(root, name).querySelector('[role=status]'))).toEqual(regions);
    expect(regions[0]?.textContent).toMatch(/^Exported /);
    expect(regions[1]?.textContent).toMatch(/^A tag holds up to 64 characters/);
  });
});

describe('options page: sites', () => {
  it('keeps the switches of two options tabs, and shows each the other', async () => {
    const first = await mount(<SitesSection />);
    const second = await mount(<SitesSection />);
    const boxes = (root: Element) => [...root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    const toggle = async (box: HTMLInputElement) => {
      box.checked = !box.checked;
      await act(() => void box.dispatchEvent(new Event('change', { bubbles: true })));
      await settle();
    };
    await toggle(boxes(first)[0]!);
    await toggle(boxes(second)[1]!);
    const stored = (extension.storage.get('settings') as { enabledSites: Record<string, boolean> }).enabledSites;
    expect(Object.values(stored)).toEqual([false, false]);
    expect(boxes(first).map((box) => box.checked).slice(0, 2)).toEqual([false, false]);
    expect(boxes(second).map((box) => box.checked).slice(0, 2)).toEqual([false, false]);
  });

  it('says when the browser withholds a site, and asks for it on a click', async () => {
    extension.withheld.add('https://arxiv.org/abs/*');
    const root = await mount(<SitesSection />);
    expect(root.querySelector('[data-site=huggingface] .message')).toBeNull();
    const warning = root.querySelector('[data-site=arxiv] .message')!;
    expect(warning.textContent).toMatch(/^The browser does not let Paper Margin read these pages/);
    await act(() => warning.querySelector('button')!.click());
    await settle();
    expect(extension.withheld.size).toBe(0);
    expect(root.querySelector('[data-site=arxiv] .message')).toBeNull();
  });
});

describe('options page: shortcuts', () => {
  it("shows the keys set in the browser's shortcut settings once the reader is back", async () => {
    extension.commands.splice(0, Infinity, { name: 'note-paper', description: 'Note the current paper', shortcut: 'Alt+N' });
    const root = await mount(<ShortcutsSection />);
    const keys = () => [...root.querySelectorAll('tbody kbd')].map((key) => key.textContent);
    expect(keys()).toEqual(['Alt+N']);
    expect([...root.querySelectorAll('th')].map((head) => head.textContent)).toEqual(['Action', 'Keys']);
    extension.commands[0]!.shortcut = 'Ctrl+Shift+N';
    await act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await settle(5);
    expect(keys()).toEqual(['Ctrl+Shift+N']);
  });

  it("lists them as the feed's keys are told, next beside previous, not in the browser's order by name", async () => {
    // As Chromium answers commands.getAll(): sorted by name.
    const names = ['_execute_action', 'next-paper', 'note-paper', 'open-paper-code', 'previous-paper', 'read-paper', 'skip-paper', 'star-paper', 'tags-paper', 'to-read-paper'];
    extension.commands.splice(0, Infinity, ...names.map((name) => ({ name, description: name })));
    const root = await mount(<ShortcutsSection />);
    // The first row is the popup's, named by the extension's title.
    expect([...root.querySelectorAll('tbody tr td:first-child')].map((cell) => cell.textContent).slice(1)).toEqual(COMMAND_ORDER.slice(1));
    // Every command of the manifest has its place.
    expect([...COMMAND_ORDER].sort()).toEqual(Object.keys(manifest.commands).sort());
  });
});

describe('the background, asked by a web page', () => {
  // A content script runs in the page's process: what only the extension's pages ask for is refused.
  const fromPage = { id: 'paper-margin', url: 'https://huggingface.co/papers', tab: { id: 3 } };

  it.each(['getLibrary', 'exportLibrary', 'citation', 'applyImport', 'renameTag', 'findPapersOnTab'])('refuses %s', async (name) => {
    expect(await extension.toBackground({ pm: 'call', name, req: {} }, fromPage)).toEqual({
      ok: false,
      error: `Not a call a web page's script may make: ${name}`,
    });
  });

  it('reads a large import only from a blob: URL of the extension itself', async () => {
    for (const file of ['https://example.org/backup.json', 'blob:https://example.org/1234']) {
      const answer = (await extension.toBackground({ pm: 'call', name: 'previewImport', req: { file, name: 'backup.json' } })) as { ok: boolean; error?: string };
      expect(answer).toEqual({ ok: false, error: `Not a file of this extension: ${file}` });
    }
  });

  it("answers what a card asks: its papers' states and tags", async () => {
    expect(await extension.toBackground({ pm: 'call', name: 'getStates', req: { ids: [] } }, fromPage)).toEqual({ ok: true, value: {} });
    expect(await extension.toBackground({ pm: 'call', name: 'getTags', req: {} }, fromPage)).toMatchObject({ ok: true });
  });
});
