// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Actions, holdKey, setActionsSource, withActions } from '../../../src/content/actions-loader';
import { DELIVER, deliver, onField } from '../../../src/content/field-events';

// The shield listens on `window` first, as at document_start; the page's listeners come after it.
const world = globalThis as { pmHold?: unknown; [DELIVER]?: unknown };
const heard: string[] = [];
beforeAll(async () => {
  await import('../../../src/content/shield');
  for (const type of ['keydown', 'keyup', 'input']) addEventListener(type, (event) => heard.push(`${type}:${(event as KeyboardEvent).key ?? ''}`), true);
});

let finish: (() => void) | undefined;
afterEach(() => {
  finish?.();
  finish = undefined;
  heard.length = 0;
  world.pmHold = holdKey;
  world[DELIVER] = deliver;
});

/** The editor's module starts loading and stays so until `finish()`: keys pressed meanwhile are held. */
function loading(): void {
  const module = new Promise<Actions>((resolve) => (finish = () => resolve({ typeHeld: () => true } as unknown as Actions)));
  setActionsSource(() => module);
  withActions(
    () => undefined,
    () => undefined,
  );
}

/** A key event as the browser makes it (`isTrusted`: the shield and the holder act on no other). */
function press(type: 'keydown' | 'keyup', key: string, init: KeyboardEventInit = {}, trusted = true): KeyboardEvent {
  const event = new KeyboardEvent(type, { key, code: `Key${key.toUpperCase()}`, bubbles: true, cancelable: true, composed: true, ...init });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  document.body.dispatchEvent(event);
  return event;
}

describe('the key shield and the keys held while an editor loads', () => {
  it('keeps a held key and its keyup from the page’s listeners', () => {
    world.pmHold = holdKey;
    loading();
    expect(press('keydown', 'r').defaultPrevented).toBe(true);
    press('keyup', 'r');
    expect(heard).toEqual([]);
  });

  it('leaves the page every key when nothing loads', () => {
    world.pmHold = holdKey;
    press('keydown', 'r');
    press('keyup', 'r');
    expect(heard).toEqual(['keydown:r', 'keyup:r']);
  });

  it('leaves the page the keyup of a press it heard, when a repeat of that key is held', () => {
    world.pmHold = holdKey;
    press('keydown', 'j');
    loading();
    press('keydown', 'j', { repeat: true });
    press('keyup', 'j');
    expect(heard).toEqual(['keydown:j', 'keyup:j']);
  });

  it('forgets a held key whose keyup went elsewhere once the same key is pressed and not held', async () => {
    world.pmHold = holdKey;
    loading();
    press('keydown', 'e');
    finish?.();
    finish = undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
    const again = press('keydown', 'e');
    press('keyup', 'e');
    expect(again.defaultPrevented).toBe(false);
    expect(heard).toEqual(['keydown:e', 'keyup:e']);
  });

  it('takes no mark from a key event the page made and prevented itself', () => {
    world.pmHold = holdKey;
    press('keydown', 'x');
    // While the reader holds x down, the page dispatches an x of its own, prevented before it is sent.
    const made = new KeyboardEvent('keydown', { key: 'x', code: 'KeyX', bubbles: true, cancelable: true });
    made.preventDefault();
    document.body.dispatchEvent(made);
    press('keyup', 'x');
    expect(heard).toEqual(['keydown:x', 'keydown:x', 'keyup:x']);
  });

  it('calls no element a page named as the holder (named access), and leaves the page its keys', () => {
    world.pmHold = document.createElement('div');
    loading();
    press('keydown', 'r');
    press('keyup', 'r');
    expect(heard).toEqual(['keydown:r', 'keyup:r']);
  });

  it('runs once in a world however often it is injected (a page read on request again), and keeps the UIs there', async () => {
    const ui = document.createElement('div');
    ui.setAttribute('data-paper-margin-ui', 'arxiv:2401.00003');
    document.body.append(ui);
    const held: string[] = [];
    // The page is read on request again before its script set the holder: the UIs are its own all the same.
    world.pmHold = undefined;
    vi.resetModules();
    await import('../../../src/content/shield');
    expect(ui.isConnected).toBe(true);
    world.pmHold = (event: KeyboardEvent) => held.push(event.key);
    press('keydown', 'r');
    expect(held).toEqual(['r']);
    ui.remove();
  });
});

/** A card UI with its editor's field focused, in a closed root that only Firefox's extension property opens. */
function focusedEditor() {
  const host = document.createElement('div');
  host.setAttribute('data-paper-margin-ui', 'arxiv:2401.00001');
  const root = host.attachShadow({ mode: 'closed' });
  Object.defineProperty(host, 'openOrClosedShadowRoot', { value: root });
  const field = document.createElement('textarea');
  root.append(field);
  document.body.append(host);
  field.focus();
  return { host, field };
}

/**
 * A real key or input event aimed at the focused field, dispatched at its host: what a listener outside
 * a closed root sees as its target (happy-dom does not retarget an event dispatched inside the root).
 */
function type(host: Element, event: Event): Event {
  Object.defineProperty(event, 'isTrusted', { value: true });
  host.dispatchEvent(event);
  return event;
}

describe('the key shield and what the reader types into a card', () => {
  it('stops keys and input before the page’s listeners and runs our field’s listeners with them, once', () => {
    const { host, field } = focusedEditor();
    const ours: string[] = [];
    onField(field, 'keydown', (event) => ours.push(`keydown:${event.key}`));
    onField(field, 'input', () => ours.push('input'));
    type(host, new KeyboardEvent('keydown', { key: 'q', bubbles: true, composed: true }));
    type(host, new InputEvent('input', { data: 'q', bubbles: true, composed: true }));
    type(host, new KeyboardEvent('keyup', { key: 'q', bubbles: true, composed: true }));
    expect(heard).toEqual([]);
    expect(ours).toEqual(['keydown:q', 'input']);
    host.remove();
  });

  it('keeps from the page the keyup of a key typed into our field, after it moved the focus out', () => {
    const { host, field } = focusedEditor();
    // As Escape does: the editor closes and gives the focus to a button.
    onField(field, 'keydown', () => (document.activeElement as HTMLElement | null)?.blur());
    type(host, new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true, composed: true }));
    type(document.body, new KeyboardEvent('keyup', { key: 'Escape', code: 'Escape', bubbles: true, composed: true }));
    // A key the page heard go down, it hears come up.
    type(document.body, new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', bubbles: true, composed: true }));
    type(document.body, new KeyboardEvent('keyup', { key: 'j', code: 'KeyJ', bubbles: true, composed: true }));
    expect(heard).toEqual(['keydown:j', 'keyup:j']);
    host.remove();
  });

  it('lets the keys through when our listeners could not be run: the page hears them, and the field gets them as usual', () => {
    const { host } = focusedEditor();
    world[DELIVER] = undefined;
    type(host, new KeyboardEvent('keydown', { key: 'q', bubbles: true, composed: true }));
    expect(heard).toEqual(['keydown:q']);
    host.remove();
  });

  it('leaves alone an event a script made', () => {
    const { host, field } = focusedEditor();
    const ours: string[] = [];
    onField(field, 'input', () => ours.push('input'));
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(ours).toEqual(['input']);
    expect(heard).toEqual(['input:']);
    host.remove();
  });

  it('finds the field through Chrome’s chrome.dom where the browser has it', () => {
    const host = document.createElement('div');
    host.setAttribute('data-paper-margin-ui', 'arxiv:2401.00002');
    const root = host.attachShadow({ mode: 'closed' });
    const field = document.createElement('input');
    root.append(field);
    document.body.append(host);
    field.focus();
    const chrome = { dom: { openOrClosedShadowRoot: (element: Element) => (element === host ? root : null) } };
    (globalThis as { chrome?: unknown }).chrome = chrome;
    try {
      const ours: string[] = [];
      onField(field, 'keydown', (event) => ours.push(event.key));
      type(host, new KeyboardEvent('keydown', { key: 'w', bubbles: true, composed: true }));
      expect(ours).toEqual(['w']);
      expect(heard).toEqual([]);
    } finally {
      delete (globalThis as { chrome?: unknown }).chrome;
      host.remove();
    }
  });
});
