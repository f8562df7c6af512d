import type { ReadingStatus } from '../shared/annotation';
import { type Actions, onHeldKey, withActions } from './actions-loader';
import type { TrackedCard } from './tracked-card';

/** Single-key triage, as in mail readers (the key list is in `triage.ts`). */
export const KEYS: Record<string, Action> = {
  j: 'next',
  k: 'previous',
  n: 'note',
  t: 'tags',
  r: 'read',
  s: 'starred',
  x: 'skip',
  u: 'to-read',
  o: 'open',
  '?': 'help',
};

export type Action = 'next' | 'previous' | 'note' | 'tags' | 'open' | 'help' | Exclude<ReadingStatus, 'none'>;

/** Manifest `commands` map onto the same actions, so the browser can rebind them. */
export const COMMANDS: Record<string, Action> = {
  'next-paper': 'next',
  'previous-paper': 'previous',
  'note-paper': 'note',
  'tags-paper': 'tags',
  'star-paper': 'starred',
  'read-paper': 'read',
  'skip-paper': 'skip',
  'to-read-paper': 'to-read',
  'open-paper-code': 'open',
};

function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Keyboard triage over the page's cards. Never takes a key the reader types into a field, nor one
 * with a modifier (those belong to the browser and the page). What a key does is in the actions
 * module (`triage.ts`), loaded by the first key.
 */
export class Keyboard {
  #triage: InstanceType<Actions['Triage']> | undefined;
  readonly #cards: () => TrackedCard[];

  constructor(cards: () => TrackedCard[]) {
    this.#cards = cards;
    addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      const action = Object.hasOwn(KEYS, event.key) ? KEYS[event.key] : undefined;
      if (!action) return;
      event.preventDefault();
      this.#run(action);
    });
    // Keys pressed while the actions module loaded, and typed into no field.
    onHeldKey((key) => {
      if (Object.hasOwn(KEYS, key)) this.#run(KEYS[key]!);
    });
  }

  /** Follows the page's theme switch while the key list is open. */
  setTheme(theme: 'dark' | 'light' | undefined): void {
    this.#triage?.setTheme(theme);
  }

  /** Runs a manifest command; unknown ones are ignored. */
  command(name: string): void {
    const action = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (action) this.#run(action);
  }

  #run(action: Action): void {
    withActions(
      (module) => {
        this.#triage ??= new module.Triage(this.#cards);
        this.#triage.run(action);
      },
      (error) => console.warn('[paper-margin]', error),
    );
  }
}
