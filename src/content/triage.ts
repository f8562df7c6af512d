import type { MessageKey } from '../shared/i18n';
import type { CardUi } from './card-ui';
import { helpOverlay } from './help';
import type { Action } from './keyboard';
import { applyTheme } from './theme';
import type { TrackedCard } from './tracked-card';

/** The key list, in the order the help shows it. */
const HELP: ReadonlyArray<readonly [key: string, help: MessageKey]> = [
  ['j', 'keyNext'],
  ['k', 'keyPrevious'],
  ['n', 'keyNote'],
  ['t', 'keyTags'],
  ['r', 'keyRead'],
  ['s', 'keyStar'],
  ['x', 'keySkip'],
  ['u', 'keyToRead'],
  ['o', 'keyOpen'],
  ['?', 'keyHelp'],
];

/** What the triage keys do: a current card moved with j/k, acted on by the others. */
export class Triage {
  #current: TrackedCard | undefined;
  #help: HTMLElement | undefined;

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
      this.#help.remove();
      this.#help = undefined;
      return;
    }
    const host = helpOverlay(HELP, () => this.#toggleHelp());
    applyTheme(host);
    document.body.append(host);
    this.#help = host;
    host.shadowRoot?.querySelector('button')?.focus();
  }
}
