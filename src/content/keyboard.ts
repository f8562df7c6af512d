import type { ReadingStatus } from '../shared/annotation';
import { type MessageKey, t } from '../shared/i18n';
import type { CardUi } from './card-ui';
import type { TrackedCard } from './tracked-card';
import { h } from './dom';
import { applyTheme } from './theme';

/** Single-key triage, as in mail readers: the key, what it does, and its help text. */
const KEYS: Array<[key: string, action: Action, help: MessageKey]> = [
  ['j', 'next', 'keyNext'],
  ['k', 'previous', 'keyPrevious'],
  ['n', 'note', 'keyNote'],
  ['t', 'tags', 'keyTags'],
  ['r', 'read', 'keyRead'],
  ['s', 'starred', 'keyStar'],
  ['x', 'skip', 'keySkip'],
  ['u', 'to-read', 'keyToRead'],
  ['o', 'open', 'keyOpen'],
  ['?', 'help', 'keyHelp'],
];

type Action = 'next' | 'previous' | 'note' | 'tags' | 'open' | 'help' | Exclude<ReadingStatus, 'none'>;

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
 * with a modifier (those belong to the browser and the page).
 */
export class Keyboard {
  private current: TrackedCard | undefined;
  private help: HTMLElement | undefined;

  constructor(private readonly cards: () => TrackedCard[]) {
    addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      const entry = KEYS.find(([key]) => key === event.key);
      if (!entry) return;
      event.preventDefault();
      this.run(entry[1]);
    });
  }

  /** Follows the page's theme switch while the key list is open. */
  setTheme(theme: 'dark' | 'light' | undefined): void {
    if (this.help) applyTheme(this.help, theme);
  }

  /** Runs a manifest command; unknown ones are ignored. */
  command(name: string): void {
    const action = COMMANDS[name];
    if (action) this.run(action);
  }

  private run(action: Action): void {
    if (action === 'help') return this.toggleHelp();
    if (action === 'next' || action === 'previous') {
      this.move(action === 'next' ? 1 : -1);
      return;
    }
    const card = this.current?.card.isConnected ? this.current.ensureUi() : this.move(1);
    if (!card) return;
    if (action === 'note') card.openEditor('note');
    else if (action === 'tags') card.openEditor('tags');
    else if (action === 'open') card.openFirstLink();
    else void card.toggleStatus(action);
  }

  private move(step: 1 | -1): CardUi | undefined {
    const cards = this.cards();
    if (cards.length === 0) return undefined;
    const at = this.current ? cards.indexOf(this.current) : -1;
    // With no current card yet, start from the first one on screen rather than the top of the page.
    const index =
      at >= 0
        ? Math.min(cards.length - 1, Math.max(0, at + step))
        : Math.max(0, cards.findIndex((entry) => entry.card.getBoundingClientRect().bottom > 0));
    this.current?.ui?.setCurrent(false);
    this.current = cards[index]!;
    const ui = this.current.ensureUi();
    ui.setCurrent(true);
    ui.host.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return ui;
  }

  private toggleHelp(): void {
    if (this.help) {
      this.help.remove();
      this.help = undefined;
      return;
    }
    const host = h('div', { 'data-paper-margin-ui': 'help' });
    applyTheme(host);
    const root = host.attachShadow({ mode: 'open' });
    const close = h('button', { type: 'button' }, t('close'));
    close.addEventListener('click', () => this.toggleHelp());
    root.append(
      h('style', {}, HELP_CSS),
      h(
        'div',
        { class: 'help', role: 'dialog', 'aria-label': t('helpTitle') },
        h('h2', {}, t('helpTitle')),
        h('dl', {}, ...KEYS.flatMap(([key, , help]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, t(help))])),
        h('p', {}, t('helpFooter')),
        close,
      ),
    );
    root.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape') this.toggleHelp();
    });
    document.body.append(host);
    this.help = host;
    close.focus();
  }
}

const HELP_CSS = `
:host { all: initial; position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; }
.help { font: 13px/1.45 system-ui, sans-serif; color: #1f2937; background: #fffbeb; border: 1px solid #fcd34d;
  border-left: 4px solid #d97706; border-radius: 8px; padding: 12px 16px; width: 300px; box-shadow: 0 8px 24px rgb(0 0 0 / 20%); }
:host([data-theme="dark"]) .help { color: #e5e7eb; background: #292524; border-color: #d97706; }
@media (prefers-color-scheme: dark) { :host(:not([data-theme="light"])) .help { color: #e5e7eb; background: #292524; border-color: #d97706; } }
h2 { font-size: 14px; margin: 0 0 8px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0 0 8px; }
dt, dd { margin: 0; }
kbd { font: 12px ui-monospace, monospace; border: 1px solid currentColor; border-radius: 4px; padding: 0 5px; }
p { font-size: 12px; opacity: 0.8; margin: 0 0 8px; }
button { font: inherit; cursor: pointer; border: 1px solid #d97706; border-radius: 999px; background: transparent; color: inherit; padding: 1px 10px; }
`;
