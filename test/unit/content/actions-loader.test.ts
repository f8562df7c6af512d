// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as actionsModule from '../../../src/content/actions';
import { type Actions, actions, onHeldKey, setActionsSource, withActions } from '../../../src/content/actions-loader';
import { CardUi } from '../../../src/content/card-ui';
import type { Annotation, AnnotationPatch } from '../../../src/shared/annotation';
import type { Paper } from '../../../src/shared/paper';

const paper: Paper = { id: 'arxiv:2407.21783', title: 'Llama', authors: [], url: 'https://huggingface.co/papers/2407.21783', codeLinks: [], source: 'huggingface' };

/**
 * A module load the test finishes by hand, as a slow `import()` would. `finish` and `fail` settle the
 * load asked for last, or the next one if the loader has not asked yet (it asks in a microtask).
 */
function slowSource() {
  type Settle = { resolve: (module: Actions) => void; reject: (error: Error) => void };
  let current: Settle | undefined;
  let early: ((load: Settle) => void) | undefined;
  const load = vi.fn(
    () =>
      new Promise<Actions>((resolve, reject) => {
        current = { resolve, reject };
        if (!early) return;
        early(current);
        early = current = undefined;
      }),
  );
  const settleWith = (apply: (load: Settle) => void) => {
    if (!current) return void (early = apply);
    apply(current);
    current = undefined;
  };
  setActionsSource(load);
  return { load, finish: () => settleWith((next) => next.resolve(actionsModule)), fail: (error: Error) => settleWith((next) => next.reject(error)) };
}

/** A key pressed where the page has focus, as the browser dispatches it (trusted), or as a page's script makes one. */
function press(key: string, trusted = true, repeat = false): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, repeat, bubbles: true, cancelable: true, composed: true });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  (document.activeElement ?? document.body).dispatchEvent(event);
  return event;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function mount(save = vi.fn(async (patch: AnnotationPatch): Promise<Annotation> => ({ id: paper.id, note: '', tags: [], status: 'none', createdAt: 1, updatedAt: 2, ...patch }))) {
  const ui = new CardUi({ paper, save, loadTags: async () => [], openPanel: () => undefined });
  document.body.append(ui.host);
  return { ui, root: ui.host.shadowRoot!, save };
}

beforeEach(() => onHeldKey(() => undefined));
afterEach(() => document.body.replaceChildren());

describe('loading the actions module on first use', () => {
  it('opens the editor once the module is there and types the keys pressed meanwhile into it', async () => {
    const source = slowSource();
    const { ui, root, save } = mount();
    ui.openEditor();
    expect(root.querySelector('textarea')).toBeNull();
    // The reader types at once: the page (and our triage keys) must not see these.
    const keys = ['j', 'o', 'x', 'Backspace', 'b', ' ', '!'].map((key) => press(key));
    expect(keys.every((event) => event.defaultPrevented)).toBe(true);
    source.finish();
    await settle();
    const textarea = root.querySelector('textarea')!;
    expect(root.activeElement).toBe(textarea);
    expect(textarea.value).toBe('job !');
    await ui.flush();
    expect(save).toHaveBeenCalledWith({ note: 'job !', base: { note: '', tags: [] } });
    // Loaded: later keys are the page's again.
    expect(press('j').defaultPrevented).toBe(false);
    expect(source.load).toHaveBeenCalledTimes(1);
  });

  it('drops the auto-repeats of the key that opened the editor, still held down, and keeps them from the page', async () => {
    const source = slowSource();
    const { ui, root } = mount();
    ui.openEditor();
    const repeats = [press('n', true, true), press('n', true, true), press('n', true, true)];
    expect(repeats.every((event) => event.defaultPrevented)).toBe(true);
    press('o');
    press('k');
    source.finish();
    await settle();
    expect(root.querySelector('textarea')!.value).toBe('ok');
  });

  it('types the repeats of a key pressed after the opener and held, before and after the module is there', async () => {
    const source = slowSource();
    const { ui, root } = mount();
    ui.openEditor();
    press('n', true, true);
    press('a');
    press('a', true, true);
    press('a', true, true);
    source.finish();
    await settle();
    const textarea = root.querySelector('textarea')!;
    expect(textarea.value).toBe('aaa');
    // Still held once the editor is there: the repeats are the reader's, typed as the browser types them.
    const repeat = new KeyboardEvent('keydown', { key: 'a', repeat: true, bubbles: true, composed: true, cancelable: true });
    textarea.dispatchEvent(repeat);
    expect(repeat.defaultPrevented).toBe(false);
  });

  it('leaves alone the keys typed into a field of the page meanwhile', async () => {
    const source = slowSource();
    const { ui, root } = mount();
    const search = document.createElement('input');
    document.body.prepend(search);
    ui.openEditor();
    search.focus();
    const typed = press('q');
    expect(typed.defaultPrevented).toBe(false);
    source.finish();
    await settle();
    expect(root.querySelector('textarea')!.value).toBe('');
  });

  it('puts a newline for Enter in the note, and nothing in the tag field', async () => {
    const source = slowSource();
    const { ui, root } = mount();
    ui.openEditor('tags');
    ['a', 'Enter', 'b'].forEach((key) => press(key));
    source.finish();
    await settle();
    expect(root.querySelector<HTMLInputElement>('input[role="combobox"]')!.value).toBe('ab');

    const again = slowSource();
    const note = mount();
    note.ui.openEditor('note');
    ['a', 'Enter', 'b'].forEach((key) => press(key));
    again.finish();
    await settle();
    expect(note.root.querySelector('textarea')!.value).toBe('a\nb');
  });

  it('hands keys that land in no field to the keyboard, in order, after the waiting actions ran', async () => {
    const source = slowSource();
    const order: string[] = [];
    onHeldKey((key) => order.push(`key ${key}`));
    withActions(() => order.push('first'), () => undefined);
    press('j');
    withActions(() => order.push('second'), () => undefined);
    press('k');
    source.finish();
    await settle();
    expect(order).toEqual(['first', 'second', 'key j', 'key k']);
  });

  // Found by a security review: a page's script could press the triage keys for the reader.
  it('leaves alone the keys a page\'s script makes', async () => {
    const source = slowSource();
    const held: string[] = [];
    onHeldKey((key) => held.push(key));
    withActions(() => undefined, () => undefined);
    expect(press('x', false).defaultPrevented).toBe(false);
    press('j');
    source.finish();
    await settle();
    expect(held).toEqual(['j']);
  });

  it('says on the card when the module cannot load, lets the keys go, and tries again next time', async () => {
    const source = slowSource();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ui, root } = mount();
    ui.openEditor();
    source.fail(new Error('Failed to fetch dynamically imported module'));
    await settle();
    expect(root.querySelector('.note')!.textContent).toContain('Failed to fetch dynamically imported module');
    expect(root.querySelector<HTMLElement>('.note')!.hidden).toBe(false);
    expect(press('a').defaultPrevented).toBe(false);
    expect(actions()).toBeUndefined();

    ui.openEditor();
    source.finish();
    await settle();
    expect(root.querySelector('textarea')).not.toBeNull();
    expect(source.load).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('lets every key go and tells every waiting card when the module cannot even be asked for', async () => {
    setActionsSource(() => {
      throw new TypeError('Extension context invalidated.');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const first = mount();
    const second = mount();
    expect(() => first.ui.openEditor()).not.toThrow();
    second.ui.openEditor();
    await settle();
    for (const { root } of [first, second]) expect(root.querySelector('.note')!.textContent).toContain('Extension context invalidated.');
    expect(press('a').defaultPrevented).toBe(false);
    warn.mockRestore();
  });

  it('runs the other waiting actions and replays the keys when one of them throws', async () => {
    const source = slowSource();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const order: string[] = [];
    onHeldKey((key) => order.push(`key ${key}`));
    withActions(() => {
      throw new Error('broken action');
    }, () => undefined);
    withActions(() => order.push('second'), () => undefined);
    press('j');
    source.finish();
    await settle();
    expect(order).toEqual(['second', 'key j']);
    warn.mockRestore();
  });

  it('starts loading when the pointer reaches a note button, before any click', async () => {
    const source = slowSource();
    const { root } = mount();
    root.querySelector('button')!.dispatchEvent(new Event('pointerenter'));
    await settle();
    expect(source.load).toHaveBeenCalledTimes(1);
    source.finish();
    await settle();
    expect(actions()).toBe(actionsModule);
  });
});
