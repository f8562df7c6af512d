import {
  type FoundPaper,
  decodeEntities,
  findArxivId,
  foldWhitespace,
  isoDay,
  makePaperId,
} from '../shared/paper';
import { type SiteAdapter, runSteps } from './types';

/** The fields of one `dailyPapers[]` entry that we read; every one may be missing or mistyped. */
interface HfEntry {
  paper?: {
    id?: unknown;
    title?: unknown;
    summary?: unknown;
    authors?: unknown;
    upvotes?: unknown;
    publishedAt?: unknown;
    githubRepo?: unknown;
    projectPage?: unknown;
  };
  title?: unknown;
  summary?: unknown;
  numComments?: unknown;
}

/** What one JSON entry says about its paper, checked and cleaned; a field is absent when unusable. */
export interface HfPaperData {
  title?: string;
  authors: string[];
  abstract?: string;
  date?: string;
  upvotes?: number;
  comments?: number;
  projectPage?: string;
  githubRepo?: string;
}

/** What `readPage` finds: every paper of the embedded JSON by arXiv id, and the feed's date. */
export interface HfPage {
  entries: Map<string, HfPaperData>;
  /** Year the page is about, for card dates written without one ("May 29"); this year when unknown. */
  year?: number;
  /** True on a list page (its JSON is a `DailyPapers` island): its cards are its `<article>`s. */
  list?: boolean;
}

const HOST = 'huggingface.co';
// A paper's path, and a card's site-relative link to it (read as text: no URL parse per anchor).
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?(?:[?#]|$)/;
const FEED_PATH = /^\/papers(?:\/(?:date|week|month)\/[\w-]+|\/trending|\/search)?\/?$/;

// The observer rescans on every batch of new cards: keep the last reading while the attribute is unchanged.
let lastProps: string | undefined;
let lastEntries = new Map<string, HfPaperData>();

// Svelte hydration islands: lists (2024 and 2026) are `DailyPapers`, a paper's own page `PaperContent`.
export const LIST_JSON = '.SVELTE_HYDRATER[data-target="DailyPapers"]';
const PAPER_JSON = '.SVELTE_HYDRATER[data-target="PaperContent"]';
// Unescaped quotes cannot occur inside a JSON string, so this text is the key itself, never data.
const LIST_KEY = '"dailyPapers":[';
// Above this many characters the JSON is read one entry per step (see readEntries).
const WHOLE_PARSE_MAX = 1_000_000;

/**
 * The papers of the page's JSON by arXiv id, read one entry per step. A 5 000-paper feed embeds
 * ~20 MB of JSON: one `JSON.parse` of it is a 600 ms task, while the entries parsed one by one can be
 * spread over many short ones. Truncated JSON keeps the entries before the damage.
 */
function* readEntries(props: string | null | undefined): Generator<void, Map<string, HfPaperData>, void> {
  if (!props) return new Map();
  if (props === lastProps) return lastEntries;
  const entries = new Map<string, HfPaperData>();
  // Only the cleaned fields are kept: the parsed entries (user objects, avatars) die young, which the
  // garbage collector frees cheaply, instead of ~20 KB per paper being kept and copied into old space.
  const add = (entry: HfEntry | undefined) => {
    const id = typeof entry?.paper?.id === 'string' ? findArxivId(entry.paper.id) : undefined;
    if (id) entries.set(id, paperData(entry!));
  };
  const listStart = props.indexOf(LIST_KEY);
  // A daily feed's JSON (well under a megabyte) parses natively in a few ms: cheaper than walking it
  // in script that has not warmed up yet. Damaged JSON falls through to the walk, which keeps what it can.
  const whole = listStart >= 0 && props.length <= WHOLE_PARSE_MAX ? (parseJson(props) as { dailyPapers?: unknown }) : undefined;
  if (Array.isArray(whole?.dailyPapers)) {
    for (const entry of whole.dailyPapers as unknown[]) add(entry && typeof entry === 'object' ? (entry as HfEntry) : undefined);
  } else if (listStart >= 0) {
    for (const value of arrayValues(props, listStart + LIST_KEY.length)) {
      add(value && typeof value === 'object' ? (value as HfEntry) : undefined);
      yield;
    }
  } else {
    // A paper page holds one paper and its comment thread instead of a list.
    const data = parseJson(props) as { paper?: HfEntry['paper']; comments?: unknown } | undefined;
    if (data?.paper) add({ paper: data.paper, numComments: Array.isArray(data.comments) ? data.comments.length : undefined });
  }
  lastProps = props;
  lastEntries = entries;
  return entries;
}

function parseJson(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    // Truncated or altered JSON: the cards' own markup still gives title, id and counts.
    return undefined;
  }
}

/**
 * The items of the JSON array whose first item starts at `from`, parsed one by one: `undefined` for an
 * item that is balanced but no JSON. Stops at damage (an unterminated item, a missing comma).
 *
 * Feed entries all start with the same key (`{"paper":`), so the text `},{` and that key marks where
 * one ends and the next begins, and a native `indexOf` finds it: walking every character in script was
 * most of the time a 1 000-paper feed took to read. In valid JSON that text is never inside a string:
 * its quote follows a brace, so it cannot be an escaped quote, and a closing quote cannot be followed
 * by the key's name. It may be nested in an entry, though: the parse checks each cut, and an entry
 * whose cut fails is found by the walk instead.
 */
export function* arrayValues(json: string, from: number): Generator<unknown, void, void> {
  let start = skipSpace(json, from);
  if (json.charCodeAt(start) === 93) return; // ]
  let separator = itemSeparator(json, start);
  // The next separator after `start`, searched again only once passed (and never once none is left):
  // the searches together read the text once.
  let cut = -1;
  let cutFailed = false;
  for (;;) {
    let end = -1;
    let value: unknown;
    if (separator && cut < start) {
      cut = json.indexOf(separator, start);
      if (cut < 0) separator = undefined;
      cutFailed = false;
    }
    if (separator && !cutFailed) {
      try {
        value = JSON.parse(json.slice(start, cut + 1));
        end = cut + 1;
      } catch {
        // A nested separator, or items that do not all start with the same key: walk this one.
        cutFailed = true;
      }
    }
    if (end < 0) {
      end = valueEnd(json, start);
      if (end < 0) return;
      value = parseJson(json.slice(start, end));
    }
    yield value;
    const next = skipSpace(json, end);
    if (json.charCodeAt(next) !== 44) return; // anything but `,` ends the array (or the damage)
    start = skipSpace(json, next + 1);
  }
}

/** `},{"<key>":` when the item at `start` is an object whose first key is a plain string; else none. */
function itemSeparator(json: string, start: number): string | undefined {
  if (json.charCodeAt(start) !== 123 || json.charCodeAt(start + 1) !== 34) return undefined; // {"
  const keyEnd = stringEnd(json, start + 1);
  if (keyEnd < 0 || json.charCodeAt(keyEnd + 1) !== 58) return undefined; // :
  return `},${json.slice(start, keyEnd + 2)}`;
}

function skipSpace(json: string, index: number): number {
  while (index < json.length && json.charCodeAt(index) <= 32) index++;
  return index;
}

/** The end of the object or array starting at `start`, or -1 when it is unterminated or no container. */
function valueEnd(json: string, start: number): number {
  let depth = 0;
  for (let index = start; index < json.length; index++) {
    const code = json.charCodeAt(index);
    if (code === 34) {
      index = stringEnd(json, index);
      if (index < 0) return -1;
    } else if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) {
      if (--depth === 0) return index + 1;
    } else if (depth === 0) return -1;
  }
  return -1;
}

/** The closing quote of the string opening at `open`: abstracts are most of the text, so jump quote to quote. */
function stringEnd(json: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = json.indexOf('"', quote + 1);
    if (quote < 0) return -1;
    let slashes = 0;
    while (json.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote;
  }
}

/** The year a feed is about: from its URL, else from the date in its `DailyPapers` JSON. */
function pageYear(props: string | null | undefined, url: URL): number | undefined {
  const fromUrl = /(\d{4})-\d{2}(?:-\d{2})?/.exec(url.pathname + url.search)?.[1];
  if (fromUrl) return Number(fromUrl);
  const fromJson = props && /"(?:dateString|date)":"(\d{4})-/.exec(props)?.[1];
  return fromJson ? Number(fromJson) : undefined;
}

function* readPageInSteps(doc: Document, url: URL): Generator<void, HfPage, void> {
  // The attribute is read once: on a 5 000-paper feed it is a 20 MB string, copied on every read.
  const island = doc.querySelector(`${LIST_JSON}, ${PAPER_JSON}`);
  const props = island?.getAttribute('data-props');
  // A paper's page is none, whatever islands it holds (one left over from the list it was opened from).
  const list = island?.matches(LIST_JSON) && FEED_PATH.test(url.pathname);
  const listProps = list ? props : doc.querySelector(LIST_JSON)?.getAttribute('data-props');
  return { entries: yield* readEntries(props), year: pageYear(listProps, url), list };
}

// The abbreviations as the site writes them, three letters each: a month's number is its place here.
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/**
 * Card dates: "May 29" means the page's year, "Feb 27, 2025" carries its own. Only the abbreviations
 * the site writes: a title word that starts like a month ("Marco 2", "Decoding 5") is no date.
 */
export function parseCardDate(text: string, year = new Date().getFullYear()): string | undefined {
  const match = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? (\d{1,2})(?:, (\d{4}))?\b/.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[1]!) / 3 + 1;
  const day = Number(match[2]);
  if (day < 1 || day > 31) return undefined;
  const fullYear = match[3] ? Number(match[3]) : year;
  return `${fullYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function text(node: Element | null | undefined): string {
  return node ? foldWhitespace(node.textContent ?? '') : '';
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

// Summaries sometimes carry literal "\n" sequences instead of line breaks; TeX's `\nabla`, `\nu` or
// `\neq` (a letter follows) are kept. The rest of the white space is folded by the background (see FoundPaper).
function cleanAbstract(value: unknown): string | undefined {
  return asString(value)?.replace(/\\n(?![a-z])/g, ' ');
}

function authorNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const names: string[] = [];
  for (const author of value as Array<{ name?: unknown }>) {
    const name = asString(author?.name);
    // Names arrive HTML-escaped twice (`D&#39;Mello`); decoding is string work, never HTML parsing.
    if (name) names.push(foldWhitespace(decodeEntities(name)));
  }
  return names;
}

/** The fields of one JSON entry that a paper takes, checked: the paper's own first, then the entry's. */
function paperData(entry: HfEntry): HfPaperData {
  const json = entry.paper;
  const data: HfPaperData = { authors: authorNames(json?.authors) };
  const title = asString(json?.title) ?? asString(entry.title);
  if (title) data.title = foldWhitespace(title);
  const abstract = cleanAbstract(json?.summary) ?? cleanAbstract(entry.summary);
  if (abstract) data.abstract = abstract;
  const date = isoDay(json?.publishedAt);
  if (date) data.date = date;
  const upvotes = asCount(json?.upvotes);
  if (upvotes !== undefined) data.upvotes = upvotes;
  const comments = asCount(entry.numComments);
  if (comments !== undefined) data.comments = comments;
  const projectPage = asString(json?.projectPage);
  if (projectPage) data.projectPage = projectPage;
  const githubRepo = asString(json?.githubRepo);
  if (githubRepo) data.githubRepo = githubRepo;
  return data;
}

function cardArxivId(card: Element, url: URL): string | undefined {
  // A paper page's content block is about the paper in the URL.
  if (card.matches(PAPER_JSON)) return PAPER_PATH.exec(url.pathname)?.[1];
  // Every card links its paper site-relative, near its top: a query that stops at the first such
  // anchor, not one that walks the whole card (an SVG-heavy subtree) as querySelectorAll does. So a
  // site-relative link wins over an absolute one before it (no card has both).
  const first = PAPER_PATH.exec(card.querySelector('a[href^="/papers/"]')?.getAttribute('href') ?? '')?.[1];
  if (first) return first;
  for (const anchor of card.querySelectorAll('a[href*="/papers/"]')) {
    try {
      const target = new URL(anchor.getAttribute('href') ?? '', url);
      if (target.hostname !== HOST) continue;
      const match = PAPER_PATH.exec(target.pathname);
      if (match) return match[1];
    } catch {
      // An unparsable href is just not a paper link.
    }
  }
  return undefined;
}

function cardTitle(card: Element, id: string): string {
  const heading = text(card.querySelector('h1, h3, h2'));
  if (heading) return heading;
  for (const anchor of card.querySelectorAll(`a[href="/papers/${id}"]`)) {
    const candidate = text(anchor);
    if (candidate) return candidate;
  }
  return '';
}

/**
 * Upvotes as the card shows them: the number in the vote box (the login link or the vote checkbox),
 * where `-` means none yet. Read from the box's own text, not from a utility class inside it.
 */
function cardUpvotes(card: Element): number | undefined {
  // In preference order, one query each: a selector list would return the first match in document order.
  const box = card.querySelector('a[href^="/login?next="]') ?? card.querySelector('[role="checkbox"], label');
  const value = text(box);
  return value === '-' ? 0 : shownCount(value);
}

function cardComments(card: Element): number | undefined {
  return shownCount(text(card.querySelector('a[href$="#community"]')));
}

function shownCount(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

// The site's own pages (authors, models, the paper itself) are navigation on a card, never its code.
const OWN_SITE = /^https?:\/\/(?:[^/?#@]*@)?huggingface\.co(?::\d*)?(?:[/?#]|$)/i;

/** The card's absolute links to other sites: candidates for code links. */
function cardLinks(card: Element): string[] {
  const urls: string[] = [];
  for (const anchor of card.querySelectorAll('a[href^="http"]')) {
    const href = anchor.getAttribute('href') ?? '';
    if (!OWN_SITE.test(href)) urls.push(href);
  }
  return urls;
}

/**
 * Hugging Face papers: the daily feed and its date, week and month pages, trending and search, and
 * a paper's own page. List cards are `<article>`s (2024 and 2026 markup alike) holding
 * `a[href="/papers/<arxiv id>"]`; on a paper page the card is the `PaperContent` hydration island
 * around the title, authors, abstract and link buttons. Both pages embed their papers as JSON, which
 * is preferred for what the card does not show.
 */
export const huggingface: SiteAdapter<HfPage> = {
  id: 'huggingface',
  name: 'Hugging Face Papers',
  matches: [`https://${HOST}/papers*`],
  isFeed: (url) => url.hostname === HOST && FEED_PATH.test(url.pathname),
  isPaper: (url) => url.hostname === HOST && PAPER_PATH.test(url.pathname),
  cardSelector: `article, ${PAPER_JSON}`,
  // One simple selector on a list page: the selector list took four times as long on a 1 000-card feed.
  cardsOf: (page, doc) => (page?.list ? doc.querySelectorAll('article') : undefined),
  // On a paper page, under the title block rather than after the whole comment thread.
  mountPoint: (card) => (card.matches(PAPER_JSON) ? (card.querySelector('h1')?.parentElement ?? card) : card),
  // A paper page shows the abstract (list cards do not): its text URLs become highlighted links.
  linkableText(card) {
    if (!card.matches(PAPER_JSON)) return [];
    const heading = [...card.querySelectorAll('h2')].find((h2) => /^\s*abstract\s*$/i.test(h2.textContent ?? ''));
    return heading?.nextElementSibling ? [heading.nextElementSibling] : [];
  },

  readPage: (doc, url) => runSteps(readPageInSteps(doc, url)),
  readPageInSteps,

  extract(card, page, url) {
    const arxivId = cardArxivId(card, url);
    if (!arxivId) return undefined;
    const data = page?.entries.get(arxivId);
    const title = data?.title ?? cardTitle(card, arxivId);
    if (!title) return undefined;

    const authors = data?.authors ?? [];
    // The card's text is read only for what the JSON lacks: on a long feed it is most of the page.
    const cardText = () => card.textContent ?? '';
    const shown = authors.length ? undefined : /(\d+)\s+authors?(?![a-z])/i.exec(cardText())?.[1];
    const authorCount = authors.length || (shown ? Number(shown) : undefined);
    const abstract = data?.abstract;
    const date = data?.date ?? parseCardDate(cardText(), page?.year);
    const projectPage = data?.projectPage;
    const repo = data?.githubRepo;
    const paper: FoundPaper = {
      id: makePaperId({ arxivId, title }),
      title,
      authors,
      arxivId,
      url: `https://${HOST}/papers/${arxivId}`,
      // The JSON entry holds the paper's own links. The card's are read only when the JSON lacks the
      // paper: a list card's subtree is mostly SVG, and a paper page's holds its comment thread, whose
      // links (a reader's repository, a video) are not the paper's.
      links: { urls: [repo, projectPage, ...(data ? [] : cardLinks(card))].filter((link) => link !== undefined), texts: [] },
      source: 'huggingface',
    };
    if (authorCount !== undefined) paper.authorCount = authorCount;
    if (abstract) paper.abstract = abstract;
    if (date) paper.date = date;
    const upvotes = data?.upvotes ?? cardUpvotes(card);
    if (upvotes !== undefined) paper.upvotes = upvotes;
    const comments = data?.comments ?? cardComments(card);
    if (comments !== undefined) paper.comments = comments;
    if (projectPage && /^https?:\/\//i.test(projectPage)) paper.projectPage = projectPage;
    return paper;
  },
};
