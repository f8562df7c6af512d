import type { TagUse } from '../shared/annotation';
import { callBackground } from '../shared/call';
import { type ContentCalls, type PagePapersReply, errorMessage, isEnvelope } from '../shared/messages';
import { onMessage, storageLocal } from '../shared/runtime';
import { askForMessages, provideMessages } from '../shared/i18n';
import type { FoundPaper } from '../shared/paper';
import { isSiteEnabled, readSettings } from '../shared/settings';
import { pageCards, readCard } from '../sites/read';
import type { SiteAdapter } from '../sites/types';
import { CardUi, prepareCardUi } from './card-ui';
import { askForCardStyle, loadCardStyle, provideCardStyle } from './card-style';
import { actions, holdKey, loadActions } from './actions-loader';
import { NearViewport } from './near-viewport';
import { Keyboard } from './keyboard';
import { TrackedCard } from './tracked-card';
import { watchPage } from './lifecycle';
import { Visit } from './visit';
import { applyTheme, pageTheme, watchTheme } from './theme';

/** The attribute every detected card carries: the public test contract. */
const ID_ATTRIBUTE = 'data-paper-margin-id';
const TAGS_TTL_MS = 5000;

// Up to this many cards (a daily feed has 10 to 50) every card's UI is built as soon as the library
// answers for it; on longer pages only the cards near the viewport get theirs, as the reader scrolls.
const EAGER_LIMIT = 60;
let nearViewport: NearViewport | undefined;
// Until the library's first answer (or its failure), long pages build no card UI either: drawn then,
// a UI is drawn once, with its state and in the strings that answer brings.
let answered = false;

function heardFromLibrary(): void {
  if (answered) return;
  answered = true;
  nearViewport?.release();
}

// Cards in detection order; a card replaced by the page's own re-render is dropped when found disconnected.
const tracked: TrackedCard[] = [];
// Every card element processed, with what was found in it.
const done = new WeakMap<Element, TrackedCard | undefined>();
// The page (its navigation's signal) whose cards were last scanned.
let scanned: AbortSignal | undefined;
const visit = new Visit();

const live = () => tracked.filter((entry) => entry.live);
const warn = (error: unknown) => console.warn('[paper-margin]', errorMessage(error));

let tags: { at: number; value: Promise<TagUse[]> } | undefined;
function loadTags(): Promise<TagUse[]> {
  if (!tags || Date.now() - tags.at > TAGS_TTL_MS) tags = { at: Date.now(), value: callBackground('getTags', {}) };
  return tags.value;
}

const reattached = new WeakMap<TrackedCard, number>();
const MAX_REATTACH = 3;

/**
 * Puts back the UIs the page took out of cards it kept: a framework's re-render or late hydration
 * may drop what it did not render. Runs only after such a removal; the UI keeps its state.
 */
function reattach(adapter: SiteAdapter): void {
  for (const entry of tracked) {
    const host = entry.ui?.host;
    if (!host || host.isConnected || !entry.live) continue;
    // A page that drops it on each of its renders would be fought forever: a few times, then no more.
    const times = reattached.get(entry) ?? 0;
    if (times >= MAX_REATTACH) continue;
    reattached.set(entry, times + 1);
    entry.card.setAttribute(ID_ATTRIBUTE, entry.id);
    place(adapter, entry.card, host);
  }
}

/** Puts a card's UI host where the adapter wants it in the card (its end, by default). */
function place(adapter: SiteAdapter, card: Element, host: HTMLElement): void {
  (adapter.mountPoint?.(card) ?? card).append(host);
}

/**
 * Highlights the links written in a card's own text. The code comes with the actions module, after
 * the card is drawn: bundled in, it put arXiv's script over its size budget.
 */
function highlight(texts: readonly Element[]): void {
  void loadActions()
    .then((actions) => Promise.all(texts.map((element) => actions.highlightLinks(element))))
    .catch(warn);
}

// Set while the page's site is switched off (or the page is no feed): the card UIs stay, hidden, the
// page's highlighted links lose their style, and the texts to highlight meanwhile wait.
let hidden = false;
const unlit: Element[] = [];

function hideUis(hide: boolean): void {
  if (hide === hidden) return;
  hidden = hide;
  for (const entry of tracked) if (entry.ui) entry.ui.host.style.display = hide ? 'none' : '';
  actions()?.styleLinks(!hide);
  if (!hide && unlit.length) highlight(unlit.splice(0));
  // The toolbar button's count and the popup's page list leave the page too.
  if (tracked.length) showCounts();
}

function makeUi(adapter: SiteAdapter, entry: TrackedCard, page: unknown): CardUi {
  const { card } = entry;
  const ui = new CardUi({
    paper: entry.paper,
    save: (patch) => callBackground('setAnnotation', { id: entry.id, patch, paper: entry.paper }),
    loadTags,
    openPanel: () => void callBackground('openPanel', {}).catch(warn),
    start: entry.uiStart,
  });
  // Hugging Face switches themes with a class on <html>; the OS preference covers other sites.
  applyTheme(ui.host);
  if (hidden) ui.host.style.display = 'none';
  place(adapter, card, ui.host);
  const texts = adapter.linkableText?.(card, page) ?? [];
  if (hidden) unlit.push(...texts);
  else if (texts.length) highlight(texts);
  return ui;
}

// Cards whose UI is built as soon as the library has answered for them (short feeds): built then, it
// is laid out once, with its markers and code links, instead of once bare and again when they come.
const uiOnAnswer = new WeakSet<TrackedCard>();

function buildAnswered(entries: readonly TrackedCard[]): void {
  for (const entry of entries) if (uiOnAnswer.has(entry) && entry.live) entry.ensureUi();
}

function mount(adapter: SiteAdapter, card: Element, found: FoundPaper, page: unknown, eager: boolean): TrackedCard {
  const entry = new TrackedCard(card, found, (tracked) => makeUi(adapter, tracked, page));
  card.setAttribute(ID_ATTRIBUTE, found.id);
  if (eager) uiOnAnswer.add(entry);
  return entry;
}

/** The cards the page shows as ours: none while the site is switched off. */
const shown = () => (hidden ? [] : live());

/** How many papers (not cards: a feed may show one paper twice, as the popup lists it once). */
const papers = (cards: TrackedCard[]) => new Set(cards.map((entry) => entry.id)).size;

function showCounts(): void {
  const cards = shown();
  void callBackground('showCounts', { total: papers(cards), noted: papers(cards.filter((entry) => entry.isNoted)) }).catch(() => undefined);
}

// Work in slices of about half a frame, yielding to the page between them: a 5 000-card feed never
// blocks input, and the cards at the top of the page (processed first) are ready first.
const SLICE_MS = 8;

/** Lets the page run: `scheduler.yield` where there is one, else a message-channel turn (not clamped like timers). */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

// Papers found but not yet sent to the background, in messages of at most RECORD_BATCH papers, each
// in a task of its own: sending serialises the batch, and a 10 000-paper message was a 400 ms task.
// A long scan sends one batch (the top of the page, what the reader sees first) after it has found
// FIRST_BATCH cards, and the rest when it ends or stops, so that sending never slows it down.
const unrecorded: TrackedCard[] = [];
// Per scan: set when its first batch has gone.
let sentFirst = false;
let sending = false;
const RECORD_BATCH = 200;
// A feed short enough to be scanned in a slice or two is recorded in one message, when its scan ends.
const FIRST_BATCH = 60;
// Cards of short feeds get their UI without the library's answer if it has not come by then.
const ANSWER_WAIT_MS = 3000;

/** Between a long scan's slices: its first batch, once. */
function sendFirstRecords(): void {
  if (sentFirst || unrecorded.length < FIRST_BATCH) return;
  sentFirst = true;
  void record(unrecorded.splice(0, RECORD_BATCH));
}

/** Everything waiting, a batch per task. */
async function sendRecords(): Promise<void> {
  if (sending) return;
  sending = true;
  try {
    while (unrecorded.length) {
      void record(unrecorded.splice(0, RECORD_BATCH));
      if (unrecorded.length) await yieldToPage();
    }
  } finally {
    sending = false;
  }
}

// The page's timeline entries that `npm run bench` reads: sending a batch, and drawing its answer.
const RECORD_MEASURE = 'paper-margin:record';

/** Stores a batch's papers and draws what the library knows about them. */
async function record(fresh: TrackedCard[]): Promise<void> {
  const unanswered = () => {
    heardFromLibrary();
    buildAnswered(fresh);
    loadCardStyle(warn);
  };
  const waited = setTimeout(unanswered, ANSWER_WAIT_MS);
  const askedStyle = askForCardStyle();
  const askedStrings = askForMessages();
  try {
    // Measured like the scan (`npm run bench`): sending serialises the batch in this task.
    let start = performance.now();
    const papers = fresh.map((entry) => entry.found);
    const reply = callBackground('recordPapers', { papers, since: visit.startedAt, ...(askedStyle && { style: true }), ...(askedStrings && { strings: true }) });
    // What the first drawing needs is made while the library answers, not before the page is scanned.
    prepareCardUi();
    performance.measure(RECORD_MEASURE, { start, detail: { sent: fresh.length } });
    const { states, codeLinks, error, style, messages } = await reply;
    start = performance.now();
    if (askedStrings) provideMessages(messages);
    if (style !== undefined) provideCardStyle(style);
    else if (askedStyle) loadCardStyle(warn);
    const wasReturn = visit.isReturn;
    const heard = fresh.map((entry) => visit.hear(entry.id, states[entry.id]));
    // The page just turned out to be a revisit: cards answered earlier that were not seen are news.
    if (visit.isReturn && !wasReturn) for (const entry of tracked) if (entry.isKnown && entry.freshness === 'unknown') entry.setFreshness('new');
    // A paper without a state (the library could not be read) shows its links and stays unknown, rather
    // than look as if the library knew nothing of it: its notes would seem gone, and the popup would not ask.
    fresh.forEach((entry, index) => entry.setState(heard[index], visit.freshness(heard[index]), codeLinks[index] ?? []));
    heardFromLibrary();
    buildAnswered(fresh);
    showCounts();
    performance.measure(RECORD_MEASURE, { start, detail: { drawn: fresh.length } });
    // The links came, but the library could not be read: say so, as for any failed call.
    if (error) warn(error);
  } catch (error) {
    // No answer (the extension was reloaded, the background failed): the cards still get their UI,
    // whose editor says why a note cannot be saved.
    warn(error);
    if (askedStrings) provideMessages(undefined);
    unanswered();
  } finally {
    clearTimeout(waited);
  }
}

/** Reads what the whole page knows, in steps when the adapter offers them; `undefined` when aborted. */
async function readPage(adapter: SiteAdapter, url: URL, signal: AbortSignal, slice: Slice): Promise<{ page: unknown } | undefined> {
  try {
    const steps = adapter.readPageInSteps?.(document, url);
    if (!steps) return { page: adapter.readPage(document, url) };
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return { page: step.value };
      if (slice.over(8)) await slice.end(0);
      if (signal.aborted) return undefined;
    }
  } catch (error) {
    // Adapters are written not to throw; the cards' markup alone still gives their papers.
    warn(error);
    return { page: undefined };
  }
}

/** A stretch of work of about SLICE_MS, ended by a measure on the page's timeline and a turn for the page. */
class Slice {
  #start = performance.now();
  #calls = 0;
  /**
   * True once the slice has lasted SLICE_MS, with the clock read on every `every`th call only: a read
   * costs about as much as a small card's reading (~1 µs), so the card and step loops pass 8.
   */
  over(every = 1): boolean {
    return ++this.#calls % every === 0 && performance.now() - this.#start >= SLICE_MS;
  }
  /** Records the slice (`npm run bench` reads these measures: the page's timeline is shared with content scripts). */
  measure(cards: number): void {
    performance.measure('paper-margin:scan', { start: this.#start, detail: { cards } });
  }
  /** Ends the slice and lets the page run; `between` runs after that, outside any slice. */
  async end(cards: number, between?: () => void): Promise<void> {
    this.measure(cards);
    await yieldToPage();
    between?.();
    this.#start = performance.now();
  }
}

/** Finds the cards not processed yet, marks and decorates them slice by slice, and records them. */
async function scan(adapter: SiteAdapter, signal: AbortSignal): Promise<void> {
  const url = new URL(location.href);
  const slice = new Slice();
  sentFirst = false;
  const read = await readPage(adapter, url, signal, slice);
  if (!read) return;
  // Walked in place and claimed card by card, inside the slices: copying and claiming 10 000 cards
  // up front was a task of its own (80 ms). Scans of one page never overlap (see requestScan).
  const all = pageCards(adapter, read.page, document);
  const eager = all.length <= EAGER_LIMIT;
  // On a page of 10 000 cards the query alone is a 40 ms task: the cards wait for the next one.
  if (slice.over()) await slice.end(0);
  // A page's router may keep a card element and fill it with another paper (new text, new links:
  // no node added). The first scan after a navigation reads the cards found before again.
  const again = scanned !== signal;
  scanned = signal;
  let index = 0;
  while (!signal.aborted) {
    const fresh: TrackedCard[] = [];
    while (index < all.length && !slice.over(8)) {
      const card = all[index++]!;
      const before = done.get(card);
      if (done.has(card) && !(again && before)) continue;
      const found = card.isConnected ? readCard(adapter, card, read.page, url) : undefined;
      if (before) {
        if (found?.id === before.id) continue;
        before.drop();
        card.removeAttribute(ID_ATTRIBUTE);
      }
      const entry = found && mount(adapter, card, found, read.page, eager);
      done.set(card, entry);
      if (entry) fresh.push(entry);
    }
    tracked.push(...fresh);
    unrecorded.push(...fresh);
    if (!eager && fresh.length) (nearViewport ??= new NearViewport(!answered)).add(fresh);
    if (index >= all.length) {
      slice.measure(fresh.length);
      break;
    }
    await slice.end(fresh.length, sendFirstRecords);
  }
  // Done, or stopped by a navigation: what was found is recorded either way.
  void sendRecords();
}

let running: { signal: AbortSignal; again: boolean } | undefined;

/**
 * Scans now, or once the running scan of this page is done: new nodes during a long scan ask for
 * another, and one more scan after it covers them all. A new page (another signal) starts at once;
 * the old page's scan stops at its next slice.
 */
async function requestScan(adapter: SiteAdapter, signal: AbortSignal): Promise<void> {
  if (running && running.signal === signal && !signal.aborted) {
    running.again = true;
    return;
  }
  const current = { signal, again: true };
  running = current;
  try {
    while (current.again && !signal.aborted) {
      current.again = false;
      await scan(adapter, signal);
    }
  } finally {
    if (running === current) running = undefined;
  }
}

/** After an import or a tag rename, every card asks again what the library knows of it. */
async function refreshStates(): Promise<void> {
  const cards = live();
  if (cards.length === 0) return;
  try {
    const states = await callBackground('getStates', { ids: cards.map((entry) => entry.id) });
    for (const entry of cards) {
      const annotation = states[entry.id]?.annotation;
      if (annotation) entry.setAnnotation(annotation);
    }
    showCounts();
  } catch (error) {
    warn(error);
  }
}

const handlers: { [K in keyof ContentCalls]: (req: Parameters<ContentCalls[K]>[0]) => ReturnType<ContentCalls[K]> } = {
  getPagePapers: () => {
    const cards = shown();
    const annotations: PagePapersReply['annotations'] = {};
    for (const entry of cards) if (entry.savedAnnotation) annotations[entry.id] = entry.savedAnnotation;
    return { papers: cards.map((entry) => entry.paper), annotations, complete: cards.every((entry) => entry.isKnown), off: hidden };
  },
};

let keyboard: Keyboard | undefined;

function listen(): void {
  onMessage((message: unknown) => {
    if (!isEnvelope(message)) return undefined;
    if (message.pm === 'event') {
      if (message.name === 'annotationChanged') {
        const { annotation } = message.data as { annotation: Parameters<TrackedCard['setAnnotation']>[0] };
        const cards = tracked.filter((entry) => entry.id === annotation.id);
        for (const entry of cards) entry.setAnnotation(annotation);
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

const flushAll = () => tracked.forEach((entry) => void entry.flush());

/**
 * Starts Paper Margin on this page with the adapters of its site: marks and decorates every card,
 * now and whenever new ones appear, and answers the popup. Runs once per page.
 */
export function startContent(adapters: readonly SiteAdapter[]): void {
  // One instance per page, even if the on-request script is injected where a feed script already runs.
  // Both run in the extension's isolated world, whose globals the page cannot set (as it could an
  // attribute of its own DOM, to keep Paper Margin off). The global is the catcher of the keys pressed
  // while the editor loads: the key shield (shield.ts), first to hear every key, calls it, so
  // that the page's own listeners do not hear those keys either.
  // A page's element of that id, which named access shows on every world's window, is no function.
  const world = globalThis as { pmHold?: unknown };
  if (typeof world.pmHold == 'function') return;
  world.pmHold = holdKey;
  listen();
  watchTheme(() => {
    const theme = pageTheme();
    for (const entry of tracked) if (entry.ui) applyTheme(entry.ui.host, theme);
    keyboard?.setTheme(theme);
  });
  // A note typed just before leaving the page is saved, not dropped with the autosave timer.
  addEventListener('pagehide', flushAll);
  // Back from the back-forward cache: what the library told open pages meanwhile (a note written on the
  // paper's own page) never reached this one, asleep.
  addEventListener('pageshow', (event) => {
    if (event.persisted) void refreshStates();
  });
  void readSettings()
    .catch(() => undefined)
    .then((first) => {
      let settings = first;
      let adapter: SiteAdapter | undefined;
      const isOff = () => !adapter || (!!settings && !isSiteEnabled(settings, adapter.id));
      const restart = watchPage((url, signal) => {
        // Client-side navigation: save what is being typed before the page's router replaces the cards.
        flushAll();
        const site = (adapter = adapters.find((candidate) => candidate.isFeed(url) || candidate.isPaper(url)));
        const off = isOff();
        // The keys are taken only on pages Paper Margin works on: a site switched off keeps its own,
        // and so does a page of the site that is no feed, reached by client-side navigation.
        if (keyboard) keyboard.off = off;
        hideUis(off);
        if (off || !site) {
          keyboard?.closeHelp();
          return undefined;
        }
        keyboard ??= new Keyboard(live);
        return { scan: () => requestScan(site, signal).catch(warn), reattach: () => reattach(site) };
      });
      // A site switched in the options: this page follows at once, without a reload.
      storageLocal.onChanged('settings', () =>
        void readSettings().then((next) => {
          const was = isOff();
          settings = next;
          // Only a switch of this page's site: another site's would stop a scan here for nothing.
          if (isOff() !== was) restart();
        }, warn),
      );
    });
}
