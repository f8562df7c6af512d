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

// Found by a review: after a site was switched off, the browser's shortcuts still moved, opened and starred.
it('runs no browser shortcut on a page Paper Margin does not work on', async () => {
  const load = vi.fn(async () => actionsModule);
  setActionsSource(load);
  const keyboard = new Keyboard(() => []);
  keyboard.off = true;
  keyboard.command('next-paper');
  keyboard.command('star-paper');
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(load).not.toHaveBeenCalled();
  keyboard.off = false;
  keyboard.command('next-paper');
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(load).toHaveBeenCalledTimes(1);
});
