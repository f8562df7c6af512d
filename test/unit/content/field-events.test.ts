// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { type FieldEvent, deliver, onField } from '../../../src/content/field-events';

/** An editor as the card's root holds it: a box around a field. */
function editor() {
  const box = document.createElement('div');
  const field = document.createElement('input');
  box.append(field);
  document.createElement('div').attachShadow({ mode: 'open' }).append(box);
  return { box, field };
}

describe('field events', () => {
  it('are real listeners too: an event dispatched on the field reaches them once', () => {
    const { field } = editor();
    const keys: string[] = [];
    onField(field, 'keydown', (event) => keys.push(event.key));
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(keys).toEqual(['a']);
  });

  it('run from the field up, in the order a dispatch would, until one stops the propagation', () => {
    const { box, field } = editor();
    const order: string[] = [];
    onField(box, 'keydown', (event) => order.push(`box ${event.key}`));
    onField(field, 'keydown', (event) => order.push(`field ${event.key}`));
    onField(field, 'keydown', (event) => {
      order.push('field, second');
      if (event.key === 'Enter') event.stopPropagation();
    });
    deliver(field, new KeyboardEvent('keydown', { key: 'a', ctrlKey: true }));
    deliver(field, new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(order).toEqual(['field a', 'field, second', 'box a', 'field Enter', 'field, second']);
  });

  it('give the listeners the key, its modifiers and composition, and a preventDefault of the event itself', () => {
    const { field } = editor();
    const seen: Array<Omit<FieldEvent, 'preventDefault' | 'stopPropagation'>> = [];
    onField(field, 'keydown', (event) => {
      const { key, repeat, isComposing, shiftKey, ctrlKey, metaKey, altKey } = event;
      seen.push({ key, repeat, isComposing, shiftKey, ctrlKey, metaKey, altKey });
      event.preventDefault();
    });
    const event = new KeyboardEvent('keydown', { key: 'Tab', repeat: true, shiftKey: true, altKey: true, isComposing: true, cancelable: true });
    deliver(field, event);
    expect(seen).toEqual([{ key: 'Tab', repeat: true, isComposing: true, shiftKey: true, ctrlKey: false, metaKey: false, altKey: true }]);
    expect(event.defaultPrevented).toBe(true);
  });

  it('run input listeners, and no listener for an event of another kind', () => {
    const { field } = editor();
    const kinds: string[] = [];
    onField(field, 'input', () => kinds.push('input'));
    onField(field, 'keydown', () => kinds.push('keydown'));
    deliver(field, new InputEvent('input', { data: 'x' }));
    deliver(field, new KeyboardEvent('keyup', { key: 'x' }));
    expect(kinds).toEqual(['input']);
  });

  it('share one registry between copies of the module: the on-request script bundles its own', async () => {
    // @ts-expect-error: a second instance of the same module, as a second bundle holds it.
    const copy = (await import('../../../src/content/field-events?copy')) as typeof import('../../../src/content/field-events');
    expect(copy.onField).not.toBe(onField);
    const { field } = editor();
    const keys: string[] = [];
    onField(field, 'keydown', (event) => keys.push(`first ${event.key}`));
    copy.onField(field, 'keydown', (event) => keys.push(`second ${event.key}`));
    copy.deliver(field, new KeyboardEvent('keydown', { key: 'a' }));
    deliver(field, new KeyboardEvent('keydown', { key: 'b' }));
    expect(keys).toEqual(['first a', 'second a', 'first b', 'second b']);
  });
});
