import { type MessageKey, STATUS_MESSAGES, t } from '../shared/i18n';
import type { CardUi } from './card-ui';
import { type HelpOverlay, helpOverlay } from './help';
import { type Action, KEYS } from './keyboard';
import { h, shadow } from './dom';
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
  #help: HelpOverlay | undefined;
  // What had the focus when the key list opened.
  #returnFocus: HTMLElement | undefined;
  // The page's live region for what the keys did (in a shadow root of its own).
  #live: HTMLElement | undefined;
  #said = '';
  // The focus as the last key found it.
  #focusSeen: Element | null = null;

  readonly #cards: () => TrackedCard[];

  constructor(cards: () => TrackedCard[]) {
    this.#cards = cards;
    // Focus that leaves a card and comes back to it is news too.
    addEventListener('focusin', () => (this.#focusSeen = null), true);
  }

  /** Follows the page's theme switch while the key list is open. */
  setTheme(theme: 'dark' | 'light' | undefined): void {
    if (this.#help) applyTheme(this.#help.host, theme);
  }

  closeHelp(): void {
    if (this.#help) this.#toggleHelp();
  }

  run(action: Action): void {
    if (action === 'help') return this.#toggleHelp();
    // A card the reader has tabbed into (its note button took the focus since the last key) is the one
    // the keys act on. Only a new focus: j/k move the current card and leave the focus where it is.
    const active = document.activeElement;
    if (active !== this.#focusSeen) {
      this.#focusSeen = active;
      const focused = this.#cardOf(active);
      if (focused && focused !== this.#current) this.#setCurrent(focused);
    }
    if (action === 'next' || action === 'previous') {
      this.#move(action === 'next' ? 1 : -1);
      return;
    }
    const card = this.#current?.live ? this.#current.ensureUi() : this.#move(1);
    if (!card) return;
    if (action === 'note') card.openEditor('note');
    else if (action === 'tags') card.openEditor('tags');
    else if (action === 'open') card.openFirstLink();
    else
      void card.toggleStatus(action).then((status) => {
        if (status) this.#announce(t('announceStatus', t(STATUS_MESSAGES[status]), card.paper.title));
      });
  }

  /** Says it to screen readers, through one polite live region of the page's (made on first use). */
  #announce(text: string): void {
    let delay = 0;
    let region = this.#live;
    if (!region?.isConnected) {
      const host = h('div', { 'data-paper-margin-ui': 'announce' });
      region = this.#live = h('div', { role: 'status', 'aria-live': 'polite' });
      shadow(host).append(
        h('style', {}, ':host{all:initial;position:fixed;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}'),
        region,
      );
      document.body.append(host);
      // A region is heard from once it is known: what is put into it as it is added may not be said.
      delay = 100;
    }
    // The latest wins, also over a first one still waiting for its region.
    this.#said = text;
    // Emptied first: the same words again (j on the last card) are said again.
    region.textContent = '';
    setTimeout(() => (region.textContent = this.#said), delay || 50);
  }

  #setCurrent(entry: TrackedCard): CardUi {
    this.#current?.ui?.setCurrent(false);
    this.#current = entry;
    const ui = entry.ensureUi();
    ui.setCurrent(true);
    return ui;
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
    const ui = this.#setCurrent(cards[index]!);
    ui.host.scrollIntoView({ block: 'center', behavior: 'smooth' });
    this.#announce(t('announceCurrent', ui.paper.title));
    return ui;
  }

  #toggleHelp(): void {
    if (this.#help) {
      // Back to where the reader was: the list's own Close button, which had the focus, is gone.
      const inside = this.#help.root.activeElement;
      this.#help.host.remove();
      this.#help = undefined;
      if (inside || document.activeElement === document.body) this.#returnFocus?.focus();
      this.#returnFocus = undefined;
      return;
    }
    this.#returnFocus = this.#deepActiveElement();
    const help = helpOverlay(
      Object.entries(KEYS).map(([key, action]) => [key, HELP[action]] as const),
      () => this.#toggleHelp(),
    );
    applyTheme(help.host);
    document.body.append(help.host);
    this.#help = help;
    help.root.querySelector('button')?.focus();
  }

  /** The card whose UI `element` hosts, if any. */
  #cardOf(element: Element | null): TrackedCard | undefined {
    return element ? this.#cards().find((entry) => entry.ui?.host === element) : undefined;
  }

  /** The focused element, inside a card's UI (a closed root: the card UI knows) or the page's open roots. */
  #deepActiveElement(): HTMLElement | undefined {
    let active = document.activeElement;
    const inCard = this.#cardOf(active)?.ui?.focused;
    if (inCard) active = inCard;
    else while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active instanceof HTMLElement && active !== document.body ? active : undefined;
  }
}
