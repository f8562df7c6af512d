// @vitest-environment happy-dom
// Editing a paper in the popup (PaperItem, as the Library's open row) against the real background:
// defects a probe of the popup found, each a test that failed on the code before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));
vi.mock('../../src/content/card.css', () => ({ default: '' }));

const extension = await import('../helpers/extension');
await extension.startBackground();
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { callBackground } = await import('../../src/shared/call');
const { MAX_NOTE_LENGTH, MAX_TAGS } = await import('../../src/shared/annotation');
const { Library } = await import('../../src/popup/Library');
const { openDatabase } = await import('../../src/store/db');
const { storedAnnotation } = await import('../helpers/library');

const { settle } = extension;

afterEach(() => {
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
});

const paper = (id: string, title = `Paper ${id}`) => ({ id, title, authors: [], url: `https://arxiv.org/abs/${id.slice(6)}`, codeLinks: [], source: 'arxiv' }) as never;

/** The popup's Library with one paper's row open, as a reader opens it (Enter or a click on the row). */
async function openRow(id: string): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<Library />, root));
  await settle();
  await act(() => root.querySelector<HTMLButtonElement>(`li[data-paper-id="${id}"] button.row`)!.click());
  await settle(5);
  return root;
}

/** Types into a field as the reader does, and waits past the autosave. */
async function type(field: HTMLTextAreaElement | HTMLInputElement, value: string): Promise<void> {
  field.value = value;
  await act(() => void field.dispatchEvent(new Event('input', { bubbles: true })));
  await settle(120);
}

async function pressEscape(root: Element): Promise<void> {
  await act(() => void root.querySelector('li.paper textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
  await settle(40);
}

const status = (root: Element) => root.querySelector('li.paper .saved')?.textContent;

async function stored(id: string) {
  const db = await openDatabase();
  try {
    return await storedAnnotation(db, id);
  } finally {
    db.close();
  }
}

describe('the popup: an open row whose save failed', () => {
  it('stays open with its text and the reason on Escape, and closes once the text is saved', async () => {
    const id = 'arxiv:2405.00001';
    await callBackground('setAnnotation', { id, patch: { note: 'old note' }, paper: paper(id) });
    const root = await openRow(id);
    const tooLong = 'x'.repeat(MAX_NOTE_LENGTH + 1);
    await type(root.querySelector('li.paper textarea')!, tooLong);
    expect(status(root)).toMatch(/^Not saved: A note must be text of at most 100,000 characters/);

    await pressEscape(root);
    // Before the fix the row closed here, and the typed text was gone.
    expect(root.querySelector<HTMLTextAreaElement>('li.paper textarea')?.value).toBe(tooLong);
    expect(status(root)).toMatch(/^Not saved/);

    await type(root.querySelector('li.paper textarea')!, 'new note');
    await pressEscape(root);
    expect(root.querySelector('li.paper textarea')).toBeNull();
    expect((await stored(id))?.note).toBe('new note');
  });
  it('stays open with its text when another row is opened, or a search leaves it out', async () => {
    const id = 'arxiv:2405.00011';
    const other = 'arxiv:2405.00012';
    await callBackground('setAnnotation', { id, patch: { note: 'first' }, paper: paper(id, 'First paper') });
    await callBackground('setAnnotation', { id: other, patch: { note: 'second' }, paper: paper(other, 'Second paper') });
    const root = await openRow(id);
    const tooLong = 'y'.repeat(MAX_NOTE_LENGTH + 1);
    await type(root.querySelector(`li[data-paper-id="${id}"] textarea`)!, tooLong);
    await act(() => root.querySelector<HTMLButtonElement>(`li[data-paper-id="${other}"] button.row`)!.click());
    await settle(5);
    const search = root.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'Second';
    await act(() => void search.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(5);
    expect(root.querySelector<HTMLTextAreaElement>(`li[data-paper-id="${id}"] textarea`)?.value).toBe(tooLong);
    expect(root.querySelector(`li[data-paper-id="${id}"] .saved`)?.textContent).toMatch(/^Not saved/);
    expect(root.querySelector(`li[data-paper-id="${other}"] textarea`)).not.toBeNull();
  });
});

describe('the popup: more tags than a paper holds', () => {
  it(`says a paper holds at most ${MAX_TAGS} tags instead of "Saved", and keeps what was typed`, async () => {
    const id = 'arxiv:2405.00002';
    const fifty = Array.from({ length: MAX_TAGS }, (_, index) => `tag${index}`);
    await callBackground('setAnnotation', { id, patch: { tags: fifty }, paper: paper(id) });
    const root = await openRow(id);
    const tags = root.querySelector<HTMLInputElement>('li.paper input')!;
    await type(tags, `${fifty.join(', ')}, important`);
    expect(status(root)).toBe(`Tags not saved: a paper holds at most ${MAX_TAGS} tags, of up to 64 characters each. Remove or shorten one.`);
    expect(tags.value).toMatch(/, important$/);
    expect((await stored(id))?.tags).toEqual(fifty);
    // A note saved meanwhile does not make it "Saved" either: the tags still are not.
    await type(root.querySelector('li.paper textarea')!, 'a note');
    expect(status(root)).toMatch(/^Tags not saved/);
    await pressEscape(root);
    expect(root.querySelector('li.paper input')).not.toBeNull();

    await type(tags, `${fifty.slice(1).join(', ')}, important`);
    expect(status(root)).toBe('Saved');
    expect((await stored(id))?.tags).toEqual([...fifty.slice(1), 'important']);
  });
});

describe('the popup: a tag longer than a paper holds', () => {
  // Found by a review: it was cut to 64 characters and "Saved" said, the field still showing it whole.
  it('says so instead of "Saved", and saves the tags once it is shortened', async () => {
    const id = 'arxiv:2405.00003';
    await callBackground('setAnnotation', { id, patch: { tags: ['rl'] }, paper: paper(id) });
    const root = await openRow(id);
    const tags = root.querySelector<HTMLInputElement>('li.paper input')!;
    await type(tags, `rl, ${'direct-preference-'.repeat(4)}optimisation`);
    expect(status(root)).toMatch(/^Tags not saved: .* of up to 64 characters each\./);
    expect((await stored(id))?.tags).toEqual(['rl']);
    await type(tags, 'rl, direct-preference-optimisation');
    expect(status(root)).toBe('Saved');
    expect((await stored(id))?.tags).toEqual(['rl', 'direct-preference-optimisation']);
  });
});

describe('the popup: right-to-left text', () => {
  it('lets the browser find the direction of titles, notes and the fields', async () => {
    const id = 'arxiv:2405.00003';
    await callBackground('setAnnotation', { id, patch: { note: 'ملاحظة باللغة العربية مع English words في الوسط' }, paper: paper(id, 'عنوان الورقة') });
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Library />, root));
    await settle();
    const row = root.querySelector(`li[data-paper-id="${id}"]`)!;
    expect(row.querySelector('.title')?.getAttribute('dir')).toBe('auto');
    expect(row.querySelector('.excerpt')?.getAttribute('dir')).toBe('auto');
    await act(() => row.querySelector<HTMLButtonElement>('button.row')!.click());
    await settle(5);
    const item = root.querySelector(`li[data-paper-id="${id}"]`)!;
    expect(['h2', 'textarea', 'input'].map((selector) => item.querySelector(selector)?.getAttribute('dir'))).toEqual(['auto', 'auto', 'auto']);
  });
});

describe("the popup: right-to-left tags in a library row", () => {
  it('isolates each tag, so that its "#" and the separators stay in place around Arabic or Hebrew', async () => {
    const id = 'arxiv:2405.00008';
    await callBackground('setAnnotation', { id, patch: { note: 'n', tags: ['عربي', 'rl', 'עברית'] }, paper: { ...(paper(id) as object), date: '2024-05-01' } as never });
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Library />, root));
    await settle();
    const meta = root.querySelector(`li[data-paper-id="${id}"] .meta`)!;
    expect(meta.textContent).toBe('2024-05-01 · #عربي · #rl · #עברית');
    // Before the fix the line was one text, and the bidirectional algorithm reordered it.
    expect([...meta.querySelectorAll('bdi')].map((tag) => tag.textContent)).toEqual(['#عربي', '#rl', '#עברית']);
  });
});

describe('the popup: a tag respelt in another case', () => {
  it('saves the new spelling for the paper instead of turning the field back under the cursor', async () => {
    const id = 'arxiv:2405.00004';
    await callBackground('setAnnotation', { id, patch: { tags: ['rl', 'vision'] }, paper: paper(id) });
    const root = await openRow(id);
    const tags = root.querySelector<HTMLInputElement>('li.paper input')!;
    tags.focus();
    await type(tags, 'RL, vision');
    expect(tags.value).toBe('RL, vision');
    expect(status(root)).toBe('Saved');
    expect((await stored(id))?.tags).toEqual(['RL', 'vision']);
  });
});

describe('the popup: the tag field tabbed into', () => {
  /** Focuses a field as Tab does in Chromium and Firefox: its whole text selected first, no pointer down. */
  async function tabInto(field: HTMLInputElement): Promise<void> {
    field.select();
    await act(() => field.focus());
  }
  /** Types at the caret, replacing the selection, as a key does. */
  async function typeAtCaret(field: HTMLInputElement, text: string): Promise<void> {
    field.setRangeText(text, field.selectionStart ?? 0, field.selectionEnd ?? 0, 'end');
    await act(() => void field.dispatchEvent(new Event('input', { bubbles: true })));
    await settle(120);
  }

  it('adds what is typed to the tags instead of replacing them all', async () => {
    const id = 'arxiv:2405.00005';
    await callBackground('setAnnotation', { id, patch: { note: 'a note', tags: ['alpha', 'beta'] }, paper: paper(id) });
    const root = await openRow(id);
    const tags = root.querySelector<HTMLInputElement>('li.paper input')!;
    await tabInto(tags);
    expect([tags.value, tags.selectionStart, tags.selectionEnd]).toEqual(['alpha, beta, ', 13, 13]);
    await typeAtCaret(tags, 'gamma');
    expect((await stored(id))?.tags).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('puts a separator after tags typed without one before the caret', async () => {
    const id = 'arxiv:2405.00006';
    await callBackground('setAnnotation', { id, patch: { tags: ['alpha'] }, paper: paper(id) });
    const root = await openRow(id);
    const tags = root.querySelector<HTMLInputElement>('li.paper input')!;
    tags.focus();
    await type(tags, 'alpha, beta');
    await act(() => root.querySelector<HTMLTextAreaElement>('li.paper textarea')!.focus());
    await tabInto(tags);
    expect([tags.value, tags.selectionStart]).toEqual(['alpha, beta, ', 13]);
    await typeAtCaret(tags, 'gamma');
    expect((await stored(id))?.tags).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('leaves the caret where a click puts it', async () => {
    const id = 'arxiv:2405.00007';
    await callBackground('setAnnotation', { id, patch: { tags: ['alpha', 'beta'] }, paper: paper(id) });
    const root = await openRow(id);
    const tags = root.querySelector<HTMLInputElement>('li.paper input')!;
    tags.setSelectionRange(3, 3);
    await act(() => void tags.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
    await act(() => tags.focus());
    expect([tags.value, tags.selectionStart, tags.selectionEnd]).toEqual(['alpha, beta, ', 3, 3]);
  });
});
