// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import * as actionsModule from '../../../src/content/actions';
import { setActionsSource } from '../../../src/content/actions-loader';
import { Keyboard } from '../../../src/content/keyboard';

/** A key the reader presses (trusted, as the browser dispatches it). */
function press(key: string): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  document.body.dispatchEvent(event);
  return event;
}

// Found by a review: after client-side navigation from a feed to a page of the site that is none,
// the keys stayed taken.
it('leaves the keys alone on a page Paper Margin does not work on, and takes them again on one it does', () => {
  setActionsSource(async () => actionsModule);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const keyboard = new Keyboard(() => []);
  keyboard.off = true;
  expect(press('j').defaultPrevented).toBe(false);
  keyboard.off = false;
  expect(press('j').defaultPrevented).toBe(true);
});
