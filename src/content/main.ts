import type { TagUse } from '../shared/annotation';
import { callBackground } from '../shared/call';
import { type ContentCalls, type PaperStates, errorMessage, isEnvelope } from '../shared/messages';
import { onMessage } from '../shared/runtime';
import type { Paper, PaperId } from '../shared/paper';
import { isSiteEnabled, readSettings } from '../shared/settings';
import { scanCards } from '../sites/scan';
import type { SiteAdapter } from '../sites/types';
import { CardUi, type Freshness } from './card-ui';
import { Keyboard } from './keyboard';
import { watchPage } from './lifecycle';

/** The attribute every detected card carries: the public test contract. */
const ID_ATTRIBUTE = 'data-paper-margin-id';
const TAGS_TTL_MS = 5000;

interface Tracked {
  card: Element;
  paper: Paper;
  ui: CardUi;
}

// Cards in detection order; a card replaced by the page's own re-render is dropped when found disconnected.
const tracked: Tracked[] = [];
const done = new WeakSet<Element>();
const visitStartedAt = Date.now();
// True once any card on this page was shown before: the page is a feed the reader came back to,
// so the cards never seen before are news.
let isReturnVisit = false;

const live = () => tracked.filter((entry) => entry.card.isConnected);
const warn = (error: unknown) => console.warn('[paper-margin]', errorMessage(error));

let tags: { at: number; value: Promise<TagUse[]> } | undefined;
function loadTags(): Promise<TagUse[]> {
  if (!tags || Date.now() - tags.at > TAGS_TTL_MS) tags = { at: Date.now(), value: callBackground('getTags', {}) };
  return tags.value;
}

function mount(adapter: SiteAdapter, card: Element, paper: Paper): Tracked {
  const ui = new CardUi({
    paper,
    save: (patch) => callBackground('setAnnotation', { id: paper.id, patch, paper }),
    loadTags,
    openPanel: () => void callBackground('openPanel', {}).catch(warn),
  });
  // Hugging Face switches themes with a class on <html>; the OS preference covers other sites.
  if (document.documentElement.classList.contains('dark')) ui.host.setAttribute('data-theme', 'dark');
  card.setAttribute(ID_ATTRIBUTE, paper.id);
  (adapter.mountPoint?.(card) ?? card).append(ui.host);
  return { card, paper, ui };
}

function freshness(states: PaperStates, id: PaperId): Freshness {
  const lastSeenAt = states[id]?.lastSeenAt;
  if (lastSeenAt !== undefined && lastSeenAt < visitStartedAt) return 'seen';
  return isReturnVisit ? 'new' : 'unknown';
}

function showCounts(): void {
  const cards = live();
  const noted = cards.filter((entry) => entry.ui.host.hasAttribute('data-paper-margin-noted')).length;
  void callBackground('showCounts', { total: cards.length, noted }).catch(() => undefined);
}

/** Finds the cards not processed yet, marks and decorates them, then asks the background for their state. */
async function scan(adapter: SiteAdapter, signal: AbortSignal): Promise<void> {
  const start = performance.now();
  const url = new URL(location.href);
  const page = adapter.readPage(document, url);
  const found = scanCards(document, adapter, page, url, (card) => done.has(card));
  if (found.length === 0 || signal.aborted) return;
  const fresh = found.map(({ card, paper }) => {
    done.add(card);
    return mount(adapter, card, paper);
  });
  tracked.push(...fresh);
  // The page's performance timeline is shared with content scripts: `npm run bench` reads these.
  performance.measure('paper-margin:scan', { start, detail: { cards: fresh.length } });
  try {
    const states = await callBackground('recordPapers', { papers: fresh.map((entry) => entry.paper), pageTotal: live().length });
    isReturnVisit ||= fresh.some((entry) => freshness(states, entry.paper.id) === 'seen');
    for (const entry of fresh) entry.ui.setState(states[entry.paper.id], freshness(states, entry.paper.id));
    showCounts();
  } catch (error) {
    warn(error);
  }
}

/** After an import or a tag rename, every card asks again what the library knows of it. */
async function refreshStates(): Promise<void> {
  const cards = live();
  if (cards.length === 0) return;
  try {
    const states = await callBackground('getStates', { ids: cards.map((entry) => entry.paper.id) });
    for (const entry of cards) {
      const annotation = states[entry.paper.id]?.annotation;
      if (annotation) entry.ui.setAnnotation(annotation);
    }
    showCounts();
  } catch (error) {
    warn(error);
  }
}

const handlers: { [K in keyof ContentCalls]: (req: Parameters<ContentCalls[K]>[0]) => ReturnType<ContentCalls[K]> } = {
  getPagePapers: () => live().map((entry) => entry.paper),
};

let keyboard: Keyboard | undefined;

function listen(): void {
  onMessage((message: unknown) => {
    if (!isEnvelope(message)) return undefined;
    if (message.pm === 'event') {
      if (message.name === 'annotationChanged') {
        const { annotation } = message.data as { annotation: Parameters<CardUi['setAnnotation']>[0] };
        const cards = tracked.filter((entry) => entry.paper.id === annotation.id);
        for (const entry of cards) entry.ui.setAnnotation(annotation);
        tags = undefined;
        if (cards.length) showCounts();
      } else if (message.name === 'libraryChanged') {
        tags = undefined;
        void refreshStates();
      } else if (message.name === 'commandTriggered') {
        keyboard?.command((message.data as { command: string }).command);
      }
      return undefined;
    }
    if (message.pm === 'call' && Object.hasOwn(handlers, message.name)) {
      return Promise.resolve({ ok: true, value: handlers[message.name as keyof ContentCalls]({}) });
    }
    return undefined;
  });
}

const flushAll = () => tracked.forEach((entry) => void entry.ui.flush());

/**
 * Starts Paper Margin on this page with the adapters of its site: marks and decorates every card,
 * now and whenever new ones appear, and answers the popup. Runs once per page.
 */
export function startContent(adapters: readonly SiteAdapter[]): void {
  // One instance per page, even if the on-request script is injected where a feed script already runs.
  if (document.documentElement.hasAttribute('data-paper-margin-active')) return;
  document.documentElement.setAttribute('data-paper-margin-active', '');
  keyboard = new Keyboard(() => live().map((entry) => entry.ui));
  listen();
  // A note typed just before leaving the page is saved, not dropped with the autosave timer.
  addEventListener('pagehide', flushAll);
  void readSettings()
    .catch(() => undefined)
    .then((settings) =>
      watchPage((url, signal) => {
        // Client-side navigation: save what is being typed before the page's router replaces the cards.
        flushAll();
        const adapter = adapters.find((candidate) => candidate.isFeed(url) || candidate.isPaper(url));
        if (!adapter || (settings && !isSiteEnabled(settings, adapter.id))) return undefined;
        return () => scan(adapter, signal).catch(warn);
      }),
    );
}
