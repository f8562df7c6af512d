import type { MessageKey } from '../shared/i18n';
import type { CardUi } from './card-ui';
import { helpOverlay } from './help';
import { type Action, KEYS } from './keyboard';
import { applyTheme } from './theme';
import type { TrackedCard } from './tracked-card';

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

/** The action of a manifest command, or undefined for one we do not know. */
export function commandAction(name: string): Action | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** What each action's line in the key list says; the keys themselves are keyboard.ts's KEYS. */
const HELP: Record<Action, MessageKey> = {
  next: 'keyNext',
  previous: 'keyPrevious',
  note: 'keyNote',
  tags: 'keyTags',
  read: 'keyRead',
  starred: 'keyStar',
  skip: 'keySkip',
  'to-read': 'keyToRead',
  open: 'keyOpen',
  help: 'keyHelp',
};

/** What the triage keys do: a current card moved with j/k, acted on by the others. */
export class Triage {
  #current: TrackedCard | undefined;
  #help: HTMLElement | undefined;
  // What had the focus when the key list opened.
  #returnFocus: HTMLElement | undefined;

  readonly #cards: () => TrackedCard[];

  constructor(cards: () => TrackedCard[]) {
    this.#cards = cards;
  }

  /** Follows the page's theme switch while the key list is open. */
  setTheme(theme: 'dark' | 'light' | undefined): void {
    if (this.#help) applyTheme(this.#help, theme);
  }

  run(action: Action): void {
    if (action === 'help') return this.#toggleHelp();
    if (action === 'next' || action === 'previous') {
      this.#move(action === 'next' ? 1 : -1);
      return;
    }
    const card = this.#current?.card.isConnected ? this.#current.ensureUi() : this.#move(1);
    if (!card) return;
    if (action === 'note') card.openEditor('note');
    else if (action === 'tags') card.openEditor('tags');
    else if (action === 'open') card.openFirstLink();
    else void card.toggleStatus(action);
  }

  #move(step: 1 | -1): CardUi | undefined {
    const cards = this.#cards();
    if (cards.length === 0) return undefined;
    const at = this.#current ? cards.indexOf(this.#current) : -1;
    // With no current card yet, start from the first one on screen rather than the top of the page.
    const index =
      at >= 0
        ? Math.min(cards.length - 1, Math.max(0, at + step))
        : Math.max(0, cards.findIndex((entry) => entry.card.getBoundingClientRect().bottom > 0));
    this.#current?.ui?.setCurrent(false);
    this.#current = cards[index]!;
    const ui = this.#current.ensureUi();
    ui.setCurrent(true);
    ui.host.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return ui;
  }

  #toggleHelp(): void {
    if (this.#help) {
      // Back to where the reader was: the list's own Close button, which had the focus, is gone.
      const inside = this.#help.shadowRoot?.activeElement;
      this.#help.remove();
      this.#help = undefined;
      if (inside || document.activeElement === document.body) this.#returnFocus?.focus();
      this.#returnFocus = undefined;
      return;
    }
    this.#returnFocus = deepActiveElement();
    const host = helpOverlay(
      Object.entries(KEYS).map(([key, action]) => [key, HELP[action]] as const),
      () => this.#toggleHelp(),
    );
    applyTheme(host);
    document.body.append(host);
    this.#help = host;
    host.shadowRoot?.querySelector('button')?.focus();
  }
}

/** The focused element, inside shadow roots too (a card's note button is in the card UI's). */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}
