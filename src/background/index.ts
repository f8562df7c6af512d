import browser, { type Runtime } from '../shared/browser';
import { type BackgroundCalls, type Events, type Reply, type Request, errorMessage, isEnvelope } from '../shared/messages';
import { type PaperMarginDB, openDatabase } from '../store/db';
import * as library from '../store/library';
import { validatePapers } from '../store/validate';

let opening: Promise<PaperMarginDB> | undefined;

/** The database, opened once per service-worker life; a failed open is retried on the next call. */
function database(): Promise<PaperMarginDB> {
  opening ??= openDatabase().then((db) => {
    // The browser can close the connection (storage cleared, quota eviction): reopen next time.
    db.addEventListener('close', () => (opening = undefined));
    return db;
  });
  opening.catch(() => (opening = undefined));
  return opening;
}

/** Tells every tab and extension page; a tab without our content script just does not answer. */
async function broadcast<K extends keyof Events>(name: K, data: Events[K]): Promise<void> {
  const message = { pm: 'event', name, data };
  const tabs = await browser.tabs.query({});
  await Promise.allSettled([
    browser.runtime.sendMessage(message),
    ...tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message))),
  ]);
}

async function showCount(sender: Runtime.MessageSender, total: number): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return;
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#b45309' });
  await browser.action.setBadgeText({ tabId, text: total > 0 ? String(total) : '' });
}

type Handlers = {
  [K in keyof BackgroundCalls]: (
    req: Request<BackgroundCalls, K>,
    sender: Runtime.MessageSender,
  ) => Promise<Reply<BackgroundCalls, K>>;
};

// Typed so that a call added to BackgroundCalls without a handler fails to compile.
const handlers: Handlers = {
  async recordPapers(req, sender) {
    const papers = validatePapers(req?.papers);
    void showCount(sender, Number(req?.pageTotal) || papers.length).catch(() => undefined);
    return library.recordPapers(await database(), papers);
  },
  async getStates(req) {
    const ids = Array.isArray(req?.ids) ? req.ids.slice(0, 50_000) : [];
    return library.getStates(await database(), ids);
  },
  async setAnnotation(req) {
    const paper = req?.paper ? validatePapers([req.paper])[0] : undefined;
    const annotation = await library.setAnnotation(await database(), req?.id, req?.patch, paper);
    void broadcast('annotationChanged', { annotation });
    return annotation;
  },
  async openPanel(_req, sender) {
    const tabId = sender.tab?.id;
    const query = tabId === undefined ? '' : `?tab=${tabId}`;
    await browser.tabs.create({ url: browser.runtime.getURL(`popup.html${query}`), index: (sender.tab?.index ?? -2) + 1 });
  },
};

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Only our own content scripts and pages may talk to the database.
  if (sender.id !== browser.runtime.id || !isEnvelope(message) || message.pm !== 'call') return undefined;
  if (!Object.hasOwn(handlers, message.name)) {
    return Promise.resolve({ ok: false, error: `Unknown call: ${message.name}` });
  }
  const handler = handlers[message.name as keyof Handlers] as (req: unknown, sender: Runtime.MessageSender) => Promise<unknown>;
  return handler(message.req, sender).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: errorMessage(error) }),
  );
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  // A new page in the tab: its content script will report its own count.
  if (change.status === 'loading') void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
});
