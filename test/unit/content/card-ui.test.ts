// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as actions from '../../../src/content/actions';
import { provideActions } from '../../../src/content/actions-loader';
import { CardUi } from '../../../src/content/card-ui';
import type { Annotation, AnnotationPatch } from '../../../src/shared/annotation';
import { errorMessage } from '../../../src/shared/messages';
import type { Paper } from '../../../src/shared/paper';

const paper: Paper = {
  id: 'arxiv:2407.21783',
  title: '<img src=x onerror=alert(1)> Llama',
  authors: [],
  url: 'https://huggingface.co/papers/2407.21783',
  codeLinks: [
    { url: 'https://github.com/meta-llama/llama3', host: 'github', kind: 'code', status: 'available', label: 'meta-llama/llama3' },
    { url: 'javascript:alert(1)', host: 'other', kind: 'project', status: 'available', label: 'evil' },
  ],
  source: 'huggingface',
};

function annotation({ base: _base, ...patch }: AnnotationPatch): Annotation {
  return { id: paper.id, note: '', tags: [], status: 'none', createdAt: 1, updatedAt: 2, ...patch };
}

// The actions module as the feed scripts have it once loaded (actions-loader.test.ts loads it late).
provideActions(actions);

// happy-dom has no popovers (the tag suggestions are one): a stand-in that marks them shown.
Object.assign(HTMLElement.prototype, {
  showPopover(this: HTMLElement) {
    this.setAttribute('data-popover-open', '');
  },
  hidePopover(this: HTMLElement) {
    this.removeAttribute('data-popover-open');
  },
});

function mount(save: (patch: AnnotationPatch) => Promise<Annotation>) {
  const ui = new CardUi({ paper, save, loadTags: async () => [], openPanel: () => undefined });
  document.body.append(ui.host);
  return { ui, root: ui.host.shadowRoot! };
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('card UI', () => {
  it('shows the code links alone, not ready, when the library could not be read', () => {
    const ui = new CardUi({ paper: { ...paper, codeLinks: [] }, save: async (patch) => annotation(patch), loadTags: async () => [], openPanel: () => undefined });
    ui.setState(undefined, 'unknown', paper.codeLinks);
    const root = ui.host.shadowRoot!;
    // Only the http(s) link becomes one.
    expect([...root.querySelectorAll('a.link')].map((link) => link.getAttribute('href'))).toEqual(['https://github.com/meta-llama/llama3']);
    expect(ui.host.hasAttribute('data-state')).toBe(false);
    expect(root.querySelector('[data-marker]')).toBeNull();
  });

  it('is drawn once, complete, when built with the library’s answer', () => {
    const noted = annotation({ note: 'Read §3', tags: ['llm'], status: 'starred' });
    const ui = new CardUi({
      paper,
      save: async (patch) => annotation(patch),
      loadTags: async () => [],
      openPanel: () => undefined,
      start: { known: true, state: { seenOn: ['huggingface.co'], lastSeenAt: 1, annotation: noted }, freshness: 'seen', annotation: noted },
    });
    const root = ui.host.shadowRoot!;
    expect(ui.host.getAttribute('data-state')).toBe('ready');
    // The reader's marks are inside the UI's root, never on its host in the page's DOM.
    expect(root.querySelector('.pm')!.hasAttribute('data-noted')).toBe(true);
    expect(root.querySelector('.pm')!.getAttribute('data-status')).toBe('starred');
    expect(ui.host.getAttributeNames().sort()).toEqual(['data-paper-margin-ui', 'data-state']);
    expect(root.querySelector('[data-marker="noted"]')).not.toBeNull();
    expect([...root.querySelectorAll('.chip.tag')].map((chip) => chip.textContent)).toEqual(['#llm']);
    expect(root.querySelector('.note')?.textContent).toBe('Read §3');
    // Without an answer yet, the card is not ready: the library's answer completes it later.
    const bare = new CardUi({ paper, save: async (patch) => annotation(patch), loadTags: async () => [], openPanel: () => undefined });
    expect(bare.host.hasAttribute('data-state')).toBe(false);
  });

  it('draws page text as text and only http(s) links', () => {
    const { root } = mount(async (patch) => annotation(patch));
    expect(root.querySelector('img')).toBeNull();
    const links = [...root.querySelectorAll('a')].map((link) => link.getAttribute('href'));
    expect(links).toEqual(['https://github.com/meta-llama/llama3']);
    expect(root.querySelector('button')?.getAttribute('aria-label')).toContain('<img src=x onerror=alert(1)> Llama');
  });

  it('saves typed text after a pause, and at once on flush (page hide)', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'first thoughts';
    textarea.dispatchEvent(new Event('input'));
    expect(save).not.toHaveBeenCalled();
    // Screen readers hear the outcome, not "Saving…" after every keystroke: the region is busy meanwhile.
    const status = root.querySelector('.saved[role="status"]')!;
    expect([status.textContent, status.getAttribute('aria-busy')]).toEqual(['Saving…', 'true']);
    await ui.flush();
    // With what the editor started from, so that an edit made elsewhere meanwhile is merged, not overwritten.
    expect(save).toHaveBeenCalledWith({ note: 'first thoughts', base: { note: '', tags: [] } });
    expect([status.textContent, status.getAttribute('aria-busy')]).toEqual(['Saved', 'false']);
  });

  it('shows a note merged with an edit made elsewhere, and edits on from it', async () => {
    const merged = 'from the popup\n\n--- also written elsewhere ---\n\nfrom the card';
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch.note === 'from the card' ? { note: merged } : patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'from the card';
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(textarea.value).toBe(merged);
    textarea.value = `${merged}!`;
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save).toHaveBeenLastCalledWith({ note: `${merged}!`, base: { note: merged, tags: [] } });
  });

  it('tells the reader a full disk stopped the save, and keeps the edit to retry', async () => {
    const quota = new DOMException('quota', 'QuotaExceededError');
    const save = vi.fn<(patch: AnnotationPatch) => Promise<Annotation>>().mockRejectedValueOnce(new Error(errorMessage(quota)));
    save.mockImplementation(async (patch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'do not lose me';
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    const status = root.querySelector('.saved')!;
    expect(status.hasAttribute('data-error')).toBe(true);
    expect(status.textContent).toContain('no room');
    // The next attempt sends the same edit again.
    await ui.flush();
    expect(save).toHaveBeenLastCalledWith({ note: 'do not lose me', base: { note: '', tags: [] } });
    expect(status.textContent).toBe('Saved');
  });

  it('sends one save at a time: what is typed meanwhile goes on the base that save came back with', async () => {
    let answerFirst: (saved: Annotation) => void = () => undefined;
    const save = vi.fn<(patch: AnnotationPatch) => Promise<Annotation>>();
    save.mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)));
    save.mockImplementation(async (patch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'abc';
    textarea.dispatchEvent(new Event('input'));
    const first = ui.flush();
    // The reader deletes a letter while the first save is on its way (a slow worker).
    textarea.value = 'ab';
    textarea.dispatchEvent(new Event('input'));
    const second = ui.flush();
    await Promise.resolve();
    expect(save).toHaveBeenCalledTimes(1);
    answerFirst(annotation({ note: 'abc' }));
    await Promise.all([first, second]);
    // Sent on the stored 'abc', the deletion is one edit, not a concurrent one the library would undo.
    expect(save).toHaveBeenLastCalledWith({ note: 'ab', base: { note: 'abc', tags: [] } });
    expect(textarea.value).toBe('ab');
  });

  it('keeps unsaved text when the editor opens again after a failed save, or is asked to open while open', async () => {
    const save = vi.fn<(patch: AnnotationPatch) => Promise<Annotation>>().mockRejectedValueOnce(new Error('The service worker restarted'));
    save.mockImplementation(async (patch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'typed, not saved';
    textarea.dispatchEvent(new Event('input'));
    // The note command while typing only focuses the editor.
    ui.openEditor();
    expect(textarea.value).toBe('typed, not saved');
    // Escape: the save fails and the editor opens again, with the text and its base.
    ui.closeEditor();
    await vi.waitFor(() => expect(root.querySelector('.saved')?.hasAttribute('data-error')).toBe(true));
    expect(ui.isEditing).toBe(true);
    expect(textarea.value).toBe('typed, not saved');
    textarea.value = 'typed, not saved, and more';
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save).toHaveBeenLastCalledWith({ note: 'typed, not saved, and more', base: { note: '', tags: [] } });
  });

  it('shows an edit saved elsewhere when the reader comes back to an open editor, so typing on goes on it', async () => {
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'Hello';
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    // Changed in another tab while this editor stayed open.
    ui.setAnnotation(annotation({ note: 'Hello world', tags: ['rl'] }));
    textarea.dispatchEvent(new Event('focus'));
    expect(textarea.value).toBe('Hello world');
    expect(root.querySelector<HTMLInputElement>('input[role="combobox"]')!.value).toBe('rl, ');
    textarea.value = 'Hello world!';
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save).toHaveBeenLastCalledWith({ note: 'Hello world!', base: { note: 'Hello world', tags: ['rl'] } });
  });

  it('leaves what is typed alone when the reader comes back to it', async () => {
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'not saved yet';
    textarea.dispatchEvent(new Event('input'));
    ui.setAnnotation(annotation({ note: 'from elsewhere' }));
    textarea.dispatchEvent(new Event('focus'));
    expect(textarea.value).toBe('not saved yet');
  });

  /** A card's editor open on fake timers, with its tag field, its status line and the saves it makes. */
  function openTagEditor() {
    vi.useFakeTimers();
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const tags = root.querySelector<HTMLInputElement>('input[aria-label="Tags"]')!;
    const status = root.querySelector('.saved')!;
    return { save, ui, root, tags, status };
  }
  const OVER_LIMITS = 'Tags not saved: a paper holds at most 50 tags, of up to 64 characters each. Remove or shorten one.';

  it('refuses more tags than a paper keeps, in words, and stays open until some are taken out', async () => {
    const { save, ui, root, tags, status } = openTagEditor();
    tags.value = Array.from({ length: 51 }, (_, i) => `tag${i}`).join(', ');
    tags.dispatchEvent(new Event('input'));
    // A note typed meanwhile is saved; the tags are not (they were cut to 50 unsaid), and no "Saved" says otherwise.
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'kept';
    textarea.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save.mock.calls.map(([patch]) => patch.tags)).toEqual([undefined]);
    expect(status.textContent).toBe(OVER_LIMITS);
    expect(status.hasAttribute('data-error')).toBe(true);
    // Escape would drop them: the editor stays open, with the focus on the tags.
    tags.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(ui.isEditing).toBe(true);
    expect(root.activeElement).toBe(tags);
    tags.value = Array.from({ length: 50 }, (_, i) => `tag${i}`).join(', ');
    tags.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save.mock.lastCall?.[0].tags).toHaveLength(50);
    expect(status.textContent).toBe('Saved');
    tags.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(ui.isEditing).toBe(false);
  });

  // Found by a review: a tag over 64 characters was cut and "Saved" said, the field still showing it whole.
  it('refuses a tag longer than a paper keeps, in words, until it is shortened', async () => {
    const { save, ui, tags, status } = openTagEditor();
    tags.value = `rl, ${'direct-preference-'.repeat(4)}optimisation`;
    tags.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save).not.toHaveBeenCalled();
    expect(status.textContent).toBe(OVER_LIMITS);
    tags.value = 'rl, direct-preference-optimisation';
    tags.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save.mock.lastCall?.[0].tags).toEqual(['rl', 'direct-preference-optimisation']);
    expect(status.textContent).toBe('Saved');
  });

  it('gives the focus back to the note button when the editor closes with Done, and leaves Escape to an input method', () => {
    const { ui, root } = mount(async (patch) => annotation(patch));
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    // Escape that ends a composition (an IME) is the input method's.
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true, composed: true }));
    expect(ui.isEditing).toBe(true);
    const done = [...root.querySelectorAll('.editor button')].find((button) => button.textContent === 'Done') as HTMLButtonElement;
    done.focus();
    done.click();
    expect(ui.isEditing).toBe(false);
    expect(root.activeElement?.textContent).toMatch(/Note/);
  });

  it('does not type the auto-repeats of a key held down since before the editor opened', () => {
    const { ui, root } = mount(async (patch) => annotation(patch));
    const key = (field: Element, name: string, repeat: boolean) => {
      const event = new KeyboardEvent('keydown', { key: name, repeat, bubbles: true, composed: true, cancelable: true });
      field.dispatchEvent(event);
      return event.defaultPrevented;
    };
    // `n` opened the editor and is still down: its repeats reach the note.
    ui.openEditor();
    const textarea = root.querySelector('textarea')!;
    expect([key(textarea, 'n', true), key(textarea, 'n', true)]).toEqual([true, true]);
    // A key pressed in the editor, and held, is the reader's: typed, repeats and all.
    expect([key(textarea, 'a', false), key(textarea, 'a', true)]).toEqual([false, false]);
    // So in the tag field, opened by `t`.
    ui.closeEditor();
    ui.openEditor('tags');
    const tags = root.querySelector('input[aria-label="Tags"]')!;
    expect([key(tags, 't', true), key(tags, 'x', false), key(tags, 'x', true)]).toEqual([true, false, false]);
    // Only until the focus leaves the editor: a Tab held through the page goes on through an open note.
    ui.closeEditor();
    ui.openEditor();
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    textarea.focus();
    expect(key(textarea, 'Tab', true)).toBe(false);
  });

  it('puts the caret after the last tag when the tag field is tabbed into, so what is typed adds a tag', async () => {
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.setAnnotation(annotation({ tags: ['alpha', 'beta'] }));
    ui.openEditor();
    const tags = root.querySelector<HTMLInputElement>('input[aria-label="Tags"]')!;
    // Tab (or Shift+Tab) into a text field selects its whole value before the focus event (Chromium, Firefox).
    tags.setSelectionRange(0, tags.value.length);
    tags.dispatchEvent(new FocusEvent('focus'));
    expect([tags.selectionStart, tags.selectionEnd]).toEqual([13, 13]);
    tags.setRangeText('gamma', tags.selectionStart!, tags.selectionEnd!, 'end');
    tags.dispatchEvent(new Event('input'));
    await ui.flush();
    expect(save.mock.lastCall?.[0].tags).toEqual(['alpha', 'beta', 'gamma']);
    // A part the reader selected is theirs to type over.
    tags.setSelectionRange(7, 11);
    tags.dispatchEvent(new FocusEvent('focus'));
    expect([tags.selectionStart, tags.selectionEnd]).toEqual([7, 11]);
    // Tags typed without a separator after the last get one, so the next is not glued to it.
    tags.value = 'alpha, beta, gamma';
    tags.setSelectionRange(0, tags.value.length);
    tags.dispatchEvent(new FocusEvent('focus'));
    expect([tags.value, tags.selectionStart]).toEqual(['alpha, beta, gamma, ', 20]);
  });

  /** A card's tag field, with `typed` in it and the suggestions for it open. */
  async function suggesting(tag: string, count: number, typed: string) {
    const ui = new CardUi({
      paper,
      save: async (patch) => annotation(patch),
      loadTags: async () => [{ tag, key: tag, count, lastUsedAt: 1 }],
      openPanel: () => undefined,
    });
    document.body.append(ui.host);
    const root = ui.host.shadowRoot!;
    ui.openEditor('tags');
    const input = root.querySelector<HTMLInputElement>('input[aria-label="Tags"]')!;
    await vi.waitFor(async () => {
      input.value = typed;
      input.dispatchEvent(new Event('input'));
      expect(input.getAttribute('aria-expanded')).toBe('true');
    });
    return { ui, root, input };
  }

  it('leaves Shift+Tab, Ctrl+Enter and an input method’s Enter to the field while tag suggestions are open', async () => {
    const { ui, root, input } = await suggesting('mlops', 3, 'ml');
    // Shown in the top layer, where neither the card's box nor the page's cut it or cover it.
    const list = root.querySelector('[role="listbox"]')!;
    expect([list.getAttribute('popover'), list.hasAttribute('data-popover-open')]).toEqual(['manual', true]);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    for (const init of [{ key: 'Tab', shiftKey: true }, { key: 'Enter', isComposing: true }, { key: 'Enter', ctrlKey: true }]) {
      input.dispatchEvent(new KeyboardEvent('keydown', { ...init, bubbles: true, composed: true, cancelable: true }));
      expect(input.value, JSON.stringify(init)).toBe('ml');
    }
    // Ctrl+Enter reached the editor, which closed; plain Enter on a suggestion still takes it.
    expect(ui.isEditing).toBe(false);
    input.dispatchEvent(new Event('blur'));
    expect(list.hasAttribute('data-popover-open')).toBe(false);
  });

  it('isolates each suggested tag from its count, so a right-to-left tag reads before it', async () => {
    const { root } = await suggesting('ملاحظة', 12, 'م');
    const option = root.querySelector('[role="option"]')!;
    expect([option.querySelector('bdi')?.textContent, option.querySelector('.count')?.textContent]).toEqual(['ملاحظة', ' 12']);
  });

  it('shows a status set from the keyboard in the open editor’s status menu', async () => {
    const save = vi.fn(async (patch: AnnotationPatch) => annotation(patch));
    const { ui, root } = mount(save);
    ui.openEditor();
    const status = root.querySelector<HTMLSelectElement>('select[aria-label="Reading status"]')!;
    expect(await ui.toggleStatus('starred')).toBe('starred');
    expect(save).toHaveBeenLastCalledWith({ status: 'starred' });
    expect(status.value).toBe('starred');
    // The same key again clears it, in the menu too.
    expect(await ui.toggleStatus('starred')).toBe('none');
    expect(status.value).toBe('none');
  });

  it('lets the note and tag fields take the direction of what is written in them (Arabic, Hebrew)', () => {
    const { ui, root } = mount(async (patch) => annotation(patch));
    ui.openEditor();
    expect([root.querySelector('textarea')!.dir, root.querySelector('input[aria-label="Tags"]')!.getAttribute('dir')]).toEqual(['auto', 'auto']);
  });

  it('marks noted, seen and new cards', () => {
    const { ui, root } = mount(async (patch) => annotation(patch));
    ui.setState({ seenOn: [] }, 'new');
    expect(root.querySelector('[data-marker]')?.getAttribute('data-marker')).toBe('new');
    ui.setState({ seenOn: ['arxiv'], lastSeenAt: 1 }, 'seen');
    expect(root.querySelector('[data-marker]')?.getAttribute('data-marker')).toBe('seen');
    ui.setAnnotation(annotation({ tags: ['rl'] }));
    expect(root.querySelector('[data-marker]')?.getAttribute('data-marker')).toBe('noted');
    expect(ui.host.getAttribute('data-state')).toBe('ready');
  });
});
