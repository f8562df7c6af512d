import browser from '../shared/browser';
import { callBackground } from '../shared/call';
import { type ContentCalls, errorMessage, isEnvelope } from '../shared/messages';
import type { Paper, PaperId } from '../shared/paper';
import { findAdapter } from '../sites/index';
import { scanCards } from '../sites/scan';
import type { SiteAdapter } from '../sites/types';
import { CardUi } from './card-ui';
import { watchPage } from './lifecycle';

/** The attribute every detected card carries: the public test contract. */
const ID_ATTRIBUTE = 'data-paper-margin-id';

interface Tracked {
  card: Element;
  paper: Paper;
  ui: CardUi;
}

// Cards in detection order; a card replaced by the page's own re-render is dropped when found disconnected.
const tracked: Tracked[] = [];
const done = new WeakSet<Element>();
const visitStartedAt = Date.now();

function uisFor(id: PaperId): CardUi[] {
  return tracked.filter((entry) => entry.paper.id === id).map((entry) => entry.ui);
}

function pagePapers(): Paper[] {
  return tracked.filter((entry) => entry.card.isConnected).map((entry) => entry.paper);
}

function applyTheme(ui: CardUi): void {
  // Hugging Face switches themes with a class on <html>; the OS preference covers other sites.
  const pageDark = document.documentElement.classList.contains('dark');
  if (pageDark) ui.host.setAttribute('data-theme', 'dark');
}

function mount(adapter: SiteAdapter, card: Element, paper: Paper): Tracked {
  const ui = new CardUi({
    paper,
    save: (patch) => callBackground('setAnnotation', { id: paper.id, patch, paper }),
    openPanel: () => void callBackground('openPanel', {}).catch((error) => console.warn('[paper-margin]', errorMessage(error))),
  });
  applyTheme(ui);
  card.setAttribute(ID_ATTRIBUTE, paper.id);
  (adapter.mountPoint?.(card) ?? card).append(ui.host);
  return { card, paper, ui };
}

/** Finds the cards not processed yet, marks and decorates them, then asks the background for their state. */
async function scan(adapter: SiteAdapter, signal: AbortSignal): Promise<void> {
  const url = new URL(location.href);
  const page = adapter.readPage(document, url);
  const found = scanCards(document, adapter, page, url, (card) => done.has(card));
  if (found.length === 0 || signal.aborted) return;
  const fresh = found.map(({ card, paper }) => {
    done.add(card);
    return mount(adapter, card, paper);
  });
  tracked.push(...fresh);
  try {
    const states = await callBackground('recordPapers', {
      papers: fresh.map((entry) => entry.paper),
      pageTotal: pagePapers().length,
    });
    for (const entry of fresh) entry.ui.setState(states[entry.paper.id], visitStartedAt);
  } catch (error) {
    console.warn('[paper-margin] could not load saved notes:', errorMessage(error));
  }
}

const handlers: { [K in keyof ContentCalls]: (req: Parameters<ContentCalls[K]>[0]) => ReturnType<ContentCalls[K]> } = {
  getPagePapers: () => pagePapers(),
};

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isEnvelope(message)) return undefined;
  if (message.pm === 'event' && message.name === 'annotationChanged') {
    const { annotation } = message.data;
    for (const ui of uisFor(annotation.id)) ui.setAnnotation(annotation);
    return undefined;
  }
  if (message.pm === 'call' && message.name in handlers) {
    const value = handlers[message.name as keyof ContentCalls]({});
    return Promise.resolve({ ok: true, value });
  }
  return undefined;
});

// A note typed just before leaving the page is saved, not dropped with the autosave timer.
addEventListener('pagehide', () => {
  for (const entry of tracked) void entry.ui.flush();
});

watchPage((url, signal) => {
  const adapter = findAdapter(url);
  if (!adapter) return undefined;
  return () => scan(adapter, signal).catch((error) => console.warn('[paper-margin] scan failed:', error));
});
