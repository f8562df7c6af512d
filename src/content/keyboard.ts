import type { ReadingStatus } from '../shared/annotation';
import { type Actions, onHeldKey, withActions } from './actions-loader';
import { notOurKey } from './dom';
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

/** The action of a key, or undefined for one that is no triage key. */
function keyAction(key: string): Action | undefined {
  return Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
}

export type Action = 'next' | 'previous' | 'note' | 'tags' | 'open' | 'help' | Exclude<ReadingStatus, 'none'>;

/**
 * Keyboard triage over the page's cards. Never takes a key the reader types into a field, nor one
 * with a modifier (those belong to the browser and the page), nor one the page's script made. What a
 * key does is in the actions module (`triage.ts`), loaded by the first key.
 */
export class Keyboard {
  #triage: InstanceType<Actions['Triage']> | undefined;
  readonly #cards: () => TrackedCard[];
  /** Set on a page Paper Margin does not work on (client-side navigation away from a feed): its keys are its own. */
  off?: boolean;

  constructor(cards: () => TrackedCard[]) {
    this.#cards = cards;
    addEventListener('keydown', (event) => {
      if (this.off || notOurKey(event)) return;
      const action = keyAction(event.key);
      if (!action) return;
      event.preventDefault();
      this.#run(action);
    });
    // Keys pressed while the actions module loaded, and typed into no field.
    onHeldKey((key) => {
      const action = keyAction(key);
      if (action) this.#run(action);
    });
  }

  /** Follows the page's theme switch while the key list is open. */
  setTheme(theme: 'dark' | 'light' | undefined): void {
    this.#triage?.setTheme(theme);
  }

  /** Closes the key list, if it is open (the page's site was just switched off). */
  closeHelp(): void {
    this.#triage?.closeHelp();
  }

  /** Runs a manifest command (triage.ts maps them to actions); unknown ones are ignored, and all are while off. */
  command(name: string): void {
    this.#withTriage((triage, module) => {
      const action = module.commandAction(name);
      if (action) triage.run(action);
    });
  }

  #run(action: Action): void {
    this.#withTriage((triage) => triage.run(action));
  }

  /** The triage of the actions module, once it is loaded (see actions-loader.ts). */
  #withTriage(use: (triage: InstanceType<Actions['Triage']>, module: Actions) => void): void {
    // The browser's shortcuts and the held keys come here too: none acts on a page that is off.
    if (this.off) return;
    withActions(
      (module) => use((this.#triage ??= new module.Triage(this.#cards)), module),
      (error) => console.warn('[paper-margin]', error),
    );
  }
}
