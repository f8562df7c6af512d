import browser, { type Runtime } from '../shared/browser';
import { type BackgroundCalls, type Events, type Reply, type Request, errorMessage, isEnvelope } from '../shared/messages';
import { type PaperMarginDB, openDatabase } from '../store/db';
import * as library from '../store/library';
import { type ParsedBackup, parseImport } from '../store/backup';
import { applyImport, checkShown, planImport } from '../store/import';
import { listLibrary } from '../store/query';
import { mergeTags, renameTag } from '../store/tags';
import { countForgettable, forgetSeen, historyCounts } from '../store/history';
import { countAdded, lastPruned } from './library-limit';
import { TagList } from './tag-list';
import { CiteRoster } from './cite-roster';
import { citation, exportLibrary } from './exports';
import { createMenus, onMenuClick } from './menus';
import type { HistoryAge, ImportFile, ImportPreview } from '../shared/messages';
import type { ImportPlan } from '../store/import';
import { messageTemplates, t } from '../shared/i18n';
import { validatePapers } from '../store/validate';
import { findLinks, linkFound } from './links';
import { clearRecordProblem, pageOf, recordProblem, reportRecordProblem, showRecordProblem } from './record-problems';
import CARD_CSS from '../content/card.css';
// Its keys only: build.mjs bundles the catalog without its texts (getMessage gives them, translated).
import MESSAGES from '../../_locales/en/messages.json';

let opening: Promise<PaperMarginDB> | undefined;
// Every string in the user's language, made once per worker life for the pages' first answers.
let pageStrings: Record<string, string> | undefined;
const tagList = new TagList();
const citeRoster = new CiteRoster();

/** The database, opened once per service-worker life; a failed open is retried on the next call. */
function database(): Promise<PaperMarginDB> {
  // Closed for a newer version waiting to upgrade (blocking), or by the browser: reopened next time.
  opening ??= openDatabase(undefined, undefined, () => (opening = undefined)).then((db) => {
    // The browser can close the connection (storage cleared, quota eviction): reopen next time.
    db.addEventListener('close', () => (opening = undefined));
    return db;
  });
  opening.catch(() => (opening = undefined));
  return opening;
}

/** A page's papers were not recorded: the console has the details, the reader the reason (record-problems.ts). */
function reportFailedRecord(sender: Runtime.MessageSender, page: number, error: unknown): void {
  const message = errorMessage(error);
  console.warn('[paper-margin] the papers of a page were not stored:', message);
  void reportRecordProblem(sender.tab?.id, page, message).catch((failure: unknown) => console.warn('[paper-margin]', errorMessage(failure)));
}

/** What a page draws its cards with, as far as it asks: card.css, and every string with marks for substitutions. */
function pageAssets(req: { style?: boolean; strings?: boolean } | undefined): { style?: string; messages?: Record<string, string> } {
  const assets: { style?: string; messages?: Record<string, string> } = {};
  if (req?.style === true) assets.style = CARD_CSS;
  if (req?.strings === true) {
    try {
      pageStrings ??= messageTemplates(Object.keys(MESSAGES));
      assets.messages = pageStrings;
    } catch (error) {
      // The page then asks the browser for each string itself.
      console.warn('[paper-margin] strings for the page', error);
    }
  }
  return assets;
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

async function showCounts(sender: Runtime.MessageSender, total: number, noted: number): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return;
  // The counts do not hide that the page's papers were not saved.
  const problem = await recordProblem(tabId);
  if (problem !== undefined) return showRecordProblem(tabId, problem);
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#b45309' });
  await browser.action.setBadgeText({ tabId, text: total > 0 ? String(total) : '' });
  await browser.action.setTitle({ tabId, title: total > 0 ? t('badgeTitle', total, noted) : t('actionTitle') });
}

// The file of the last preview, parsed and checked: the apply that follows names the same file (its
// text, or its blob: URL), and parsing 15 MB again was a tenth of an import. Used once; nothing else
// is kept (the plan is made again), and a restarted worker simply parses again.
let previewed: { source: string; parsed: ParsedBackup } | undefined;

/**
 * The text of a large file to import, which comes as a `blob:` URL that one of the extension's own
 * pages made: read here, never a URL of any other origin (that would be a network request).
 */
async function blobText(url: string): Promise<string> {
  const origin = browser.runtime.getURL('').replace(/\/$/, '');
  if (!url.startsWith(`blob:${origin}/`)) throw new Error(`Not a file of this extension: ${url.slice(0, 80)}`);
  return (await fetch(url)).text();
}

/** Parses a file (its text, or its blob: URL), or takes the preview's parse of the same file. */
async function parsedImport(req: Partial<ImportFile> | undefined): Promise<{ source: string; parsed: ParsedBackup }> {
  const file = typeof req?.file === 'string' ? req.file : undefined;
  const source = file ?? String(req?.text ?? '');
  if (previewed?.source === source) return previewed;
  return { source, parsed: parseImport(file === undefined ? source : await blobText(file)) };
}

function preview(plan: ImportPlan): ImportPreview {
  return {
    added: plan.added.length,
    updated: plan.updated.length,
    unchanged: plan.unchanged,
    conflicts: plan.conflicts.map((conflict) => ({
      id: conflict.id,
      title: conflict.title,
      local: conflict.localAnnotation,
      incoming: conflict.incomingAnnotation,
    })),
    warnings: plan.warnings,
  };
}

/**
 * Injects the generic content script into a tab. It works only where the reader granted access just
 * now (activeTab: the toolbar button or the context menu), which is the point. The key shield goes
 * first, so that the page's listeners do not hear what is typed into the cards' editors.
 */
async function findPapersOnTab(tabId: number): Promise<void> {
  if (!Number.isInteger(tabId)) throw new Error(t('errorNoTab'));
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['content-shield.js', 'content-generic.js'] });
  } catch (error) {
    throw new Error(t('errorCannotReadPage', errorMessage(error)), {
      cause: error,
    });
  }
}

const DAY_MS = 86_400_000;

/** The time before which the papers to forget were last shown: `all` is all shown until now. */
function forgetBefore(age: HistoryAge | undefined): number {
  if (age === 'all') return Date.now();
  if (typeof age === 'number' && Number.isFinite(age) && age >= 0) return Date.now() - age * DAY_MS;
  throw new Error(`Not an age of papers to forget: ${String(age).slice(0, 40)}`);
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
    const linked = linkFound(req?.papers);
    const codeLinks = linked.map((paper) => paper?.codeLinks ?? []);
    const page = pageOf(sender.tab?.id);
    let assets: ReturnType<typeof pageAssets> | undefined;
    try {
      const since = typeof req?.since === 'number' && Number.isFinite(req.since) ? req.since : undefined;
      const db = await database();
      const papers = validatePapers(linked);
      const recording = library.startRecording(db, papers, Date.now(), since);
      // Made while the database works (its requests are out): the answer the page draws its cards
      // with brings their styles and strings, which the page's script would otherwise fetch or ask
      // the browser for, blocking the page (3 ms for card.css, 7–9 ms for the first string).
      // It never throws, so `recording` is always awaited.
      assets = pageAssets(req);
      const recorded = await recording;
      const { states, stored } = recorded;
      // The page is answered once the states are read; a write that fails after that (a full disk)
      // is shown on the tab's toolbar button and in the popup. The papers are recorded again on the next visit.
      stored.then(
        () => countAdded(db, recorded.added, () => void broadcast('libraryChanged', {})),
        (error: unknown) => reportFailedRecord(sender, page, error),
      );
      return { states, codeLinks, ...assets };
    } catch (error) {
      // The cards still show their links when the library cannot be read (no database).
      reportFailedRecord(sender, page, error);
      return { states: {}, codeLinks, error: errorMessage(error), ...(assets ?? pageAssets(req)) };
    }
  },
  async findLinks(req) {
    return findLinks(req);
  },
  async getStates(req) {
    const ids = Array.isArray(req?.ids) ? req.ids.slice(0, 50_000) : [];
    return library.getStates(await database(), ids);
  },
  async setAnnotation(req) {
    const paper = req?.paper ? validatePapers([req.paper])[0] : undefined;
    const annotation = await tagList.changing(library.setAnnotation(await database(), req?.id, req?.patch, paper));
    void broadcast('annotationChanged', { annotation });
    return annotation;
  },
  async getRecordProblem(req) {
    return Number.isInteger(req?.tabId) ? ((await recordProblem(req.tabId)) ?? null) : null;
  },
  async showCounts(req, sender) {
    await showCounts(sender, Math.max(0, Number(req?.total) || 0), Math.max(0, Number(req?.noted) || 0));
  },
  async getTags(_req, sender) {
    const db = await database();
    const tags = tagList.get(db);
    // The popup's Library tab asks as it opens, and lists papers to copy citations of: the roster
    // joins the tag list's read. Pages' tag inputs and the options page copy none.
    if (sender.url?.startsWith(browser.runtime.getURL('popup.html')) === true) citeRoster.prepare(db);
    return tags;
  },
  async getLibrary() {
    // The list shows and searches titles, authors, notes and tags: abstracts would only make the
    // message (serialised whole) several times larger.
    const entries = await listLibrary(await database(), { annotatedOnly: true });
    return entries.map(({ paper, annotation }) => {
      const { abstract: _abstract, ...lean } = paper;
      return annotation ? { paper: lean, annotation } : { paper: lean };
    });
  },
  async renameTag(req) {
    const changed = await tagList.changing(renameTag(await database(), String(req?.from ?? ''), String(req?.to ?? '')));
    void broadcast('libraryChanged', {});
    return changed;
  },
  async mergeTags(req) {
    const sources = Array.isArray(req?.sources) ? req.sources.map(String) : [];
    const changed = await tagList.changing(mergeTags(await database(), sources, String(req?.target ?? '')));
    void broadcast('libraryChanged', {});
    return changed;
  },
  async getHistory(req) {
    const db = await database();
    const [counts, pruned] = await Promise.all([historyCounts(db), lastPruned()]);
    const answer = pruned ? { ...counts, pruned } : counts;
    if (req?.olderThanDays === undefined) return answer;
    // The time is fixed with the question: the forget that confirms it takes the same papers, not
    // the ones a tab recorded meanwhile. "All" is all shown until now, or until the latest time one
    // was shown where a clock set back left a later one.
    let before = forgetBefore(req.olderThanDays);
    if (req.olderThanDays !== 'all') return { ...answer, before, forgettable: (await countForgettable(db, before)).count };
    const { count, latest } = await countForgettable(db);
    before = Math.max(before, latest + 1);
    return { ...answer, before, forgettable: count };
  },
  async forgetHistory(req) {
    const before = req?.before;
    // A request without a time is refused, never read as "everything".
    if (typeof before !== 'number' || !Number.isFinite(before)) throw new Error(`Not a time to forget papers before: ${String(before).slice(0, 40)}`);
    const forgotten = await forgetSeen(await database(), before);
    // Open pages keep their cards' marks for the visit; the popup and other options pages count again.
    if (forgotten > 0) void broadcast('libraryChanged', {});
    return forgotten;
  },
  async exportLibrary(req) {
    return exportLibrary(await database(), req, citeRoster);
  },
  async citation(req) {
    return citation(await database(), citeRoster, req?.id, req?.paper ? validatePapers([req.paper])[0] : undefined);
  },
  async previewImport(req) {
    previewed = undefined;
    previewed = await parsedImport(req);
    return preview(await planImport(await database(), previewed.parsed));
  },
  async applyImport(req) {
    // Planned again: no plan is kept between preview and apply, so a restarted service worker cannot
    // lose it, and a library changed meanwhile is planned afresh.
    const db = await database();
    const start = performance.now();
    const { parsed } = await parsedImport(req);
    previewed = undefined;
    const plan = await planImport(db, parsed);
    const resolution = req?.resolution ?? {};
    checkShown(plan, resolution, req?.shown ?? {});
    await tagList.changing(applyImport(db, plan, resolution));
    performance.measure('paper-margin:import', { start, detail: { added: plan.added.length, updated: plan.updated.length } });
    void broadcast('libraryChanged', {});
    // Imported papers count toward the library's limit as papers a page showed do.
    void countAdded(db, plan.added.length, () => void broadcast('libraryChanged', {}), false);
    return preview(plan);
  },
  async findPapersOnTab(req) {
    await findPapersOnTab(Number(req?.tabId));
  },
  async openPanel(_req, sender) {
    const tabId = sender.tab?.id;
    const query = tabId === undefined ? '' : `?tab=${tabId}`;
    await browser.tabs.create({ url: browser.runtime.getURL(`popup.html${query}`), index: (sender.tab?.index ?? -2) + 1 });
  },
};

// Calls only the extension's own pages make (the popup, the options page): the whole library, its
// tags, imports and exports. A content script runs in a web page's process, and a page that took it
// over could make them; it only records, reads and edits the papers it shows.
const EXTENSION_PAGE_CALLS = new Set<string>([
  'getRecordProblem',
  'getLibrary',
  'renameTag',
  'mergeTags',
  'getHistory',
  'forgetHistory',
  'exportLibrary',
  'citation',
  'previewImport',
  'applyImport',
  'findPapersOnTab',
] satisfies Array<keyof BackgroundCalls>);

const fromExtensionPage = (sender: Runtime.MessageSender): boolean => sender.url?.startsWith(browser.runtime.getURL('')) === true;

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Only our own content scripts and pages may talk to the database.
  if (sender.id !== browser.runtime.id || !isEnvelope(message) || message.pm !== 'call') return undefined;
  if (!Object.hasOwn(handlers, message.name)) {
    return Promise.resolve({ ok: false, error: `Unknown call: ${message.name}` });
  }
  if (EXTENSION_PAGE_CALLS.has(message.name) && !fromExtensionPage(sender)) {
    return Promise.resolve({ ok: false, error: `Not a call a web page's script may make: ${message.name}` });
  }
  const handler = handlers[message.name as keyof Handlers] as (req: unknown, sender: Runtime.MessageSender) => Promise<unknown>;
  return handler(message.req, sender).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: errorMessage(error) }),
  );
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  // A new page in the tab: its content script will report its own count, and its own problems.
  if (change.status !== 'loading') return;
  void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
  void clearRecordProblem(tabId).catch(() => undefined);
});
browser.tabs.onRemoved.addListener((tabId) => void clearRecordProblem(tabId, true).catch(() => undefined));

// Browser-level shortcuts (rebindable in the browser's settings) go to the content script of the tab.
browser.commands.onCommand.addListener((command, tab) => {
  void (async () => {
    const target = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (target !== undefined) await browser.tabs.sendMessage(target, { pm: 'event', name: 'commandTriggered', data: { command } });
  })().catch(() => undefined);
});

// "Find papers on this page" in the page's and the toolbar button's context menu (and Options, in Firefox).
browser.runtime.onInstalled.addListener(({ reason }) => {
  createMenus();
  // After an update, the database's upgrade runs here at once, rather than in the first popup
  // opened (which, closed early, would abort it; it would then run again on the next open).
  if (reason === 'update') void database().catch((error) => console.warn('[paper-margin]', errorMessage(error)));
});
browser.contextMenus.onClicked.addListener((info, tab) => {
  void onMenuClick(info.menuItemId, tab?.id, findPapersOnTab).catch((error) => console.warn('[paper-margin]', errorMessage(error)));
});
