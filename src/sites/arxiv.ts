import { type FoundPaper, findArxivId, foldWhitespace, makePaperId } from '../shared/paper';
import type { SiteAdapter } from './types';

/** What an abstract page's Google Scholar `citation_*` meta tags say; every field may be missing. */
export interface ArxivCitation {
  arxivId?: string;
  title?: string;
  /** "First Last", converted from the tags' "Last, First". arXiv writes at most 100 of them. */
  authors: string[];
  abstract?: string;
  /** `YYYY-MM-DD` of version 1. */
  date?: string;
}

/** What `readPage` finds: the citation meta tags, present on abstract pages only. */
export interface ArxivPage {
  citation?: ArxivCitation;
  /** The selector of the one kind of card the page's address says it has (see `cardsOf`). */
  cards?: string;
}

// Listings: /list/<archive or category>/new|recent|pastweek, and months as 2025-03 (since 2024) or 2503.
const LIST_PATH = /^\/list\/[a-z][\w.-]*\/(?:new|recent|pastweek|\d{2}|\d{4}|\d{4}-\d{2})\/?$/i;
// Catch-up: /catchup/<category>/<date> since 2024, /catchup?smonth=...&archive=... before.
const CATCHUP_PATH = /^\/catchup(?:\/|$)/;
// Simple, advanced and per-archive search (/search/, /search/advanced, /search/cs).
const SEARCH_PATH = /^\/search\//;

// The extension runs on https://arxiv.org; the CLI also reads pages saved from its mirrors' names.
const isArxiv = (url: URL): boolean => /^https?:$/.test(url.protocol) && /^(?:www\.|export\.)?arxiv\.org$/.test(url.hostname);

// arXiv's `urlize` filter shows every address in abstracts and comments as "this https URL":
// the address itself is only in the anchor's href.
const URLIZED = /^this (?:https?|ftp) URL$/i;
// What `readText` reads other than as text.
const QUIRKS = 'a, .descriptor';

/**
 * The visible text of an element with arXiv's markup quirks undone: `.descriptor` labels ("Title:",
 * "Comments:") are left out, urlized anchors give their address, and anchors without an href (the
 * search page's "▽ More" / "△ Less" toggles) are skipped.
 */
function readText(root: Element | null | undefined): string {
  return foldWhitespace(rawText(root));
}

/** `readText` with its white space as read: for abstracts and comments, which the background folds. */
function rawText(root: Element | null | undefined): string {
  if (!root) return '';
  // Only anchors and labels read differently from their text: a subtree without them (most titles,
  // the search page's highlighted words) is read in one native call, and a query is needed only when
  // there are elements in it at all.
  if (root.childElementCount === 0) return root.textContent ?? '';
  const quirks = root.querySelectorAll(QUIRKS);
  const text = root.textContent ?? '';
  return quirks.length === 0 ? text : (editedText(text, quirks) ?? copiedText(root));
}

/** What a quirk reads as: its own text (`undefined`), nothing, or its address. */
function quirkText(quirk: Element): string | undefined {
  const href = quirk.localName === 'a' && !quirk.classList.contains('descriptor') ? quirk.getAttribute('href') : null;
  if (!href) return '';
  return URLIZED.test(foldWhitespace(quirk.textContent ?? '')) ? href : undefined;
}

/**
 * The text with each quirk's own text dropped or replaced in place, or `undefined` when its place is
 * not certain: quirks nested, or a quirk's text found more than once from where it can start. Reading
 * an abstract with its toggle so took a few DOM calls, not one per node.
 */
function editedText(text: string, quirks: NodeListOf<Element>): string | undefined {
  let edited = '';
  let from = 0;
  for (const quirk of quirks) {
    if (quirk.querySelector(QUIRKS)) return undefined;
    const replacement = quirkText(quirk);
    if (replacement === undefined) continue;
    const own = quirk.textContent ?? '';
    const at = text.indexOf(own, from);
    if (at < 0 || (own && text.indexOf(own, at + 1) >= 0)) return undefined;
    edited += text.slice(from, at) + replacement;
    from = at + own.length;
  }
  return edited + text.slice(from);
}

// Where the edit is not certain, a copy is edited instead, in the inert document that owns template
// contents: there no image loads and no custom element of the page is upgraded (its code never runs).
let scratch: Document | undefined;

function copiedText(root: Element): string {
  scratch ??= root.ownerDocument.createElement('template').content.ownerDocument;
  const copy = scratch.importNode(root, true);
  // In document order: an anchor is judged by its whole text before any label inside it goes.
  for (const quirk of copy.querySelectorAll(QUIRKS)) {
    const replacement = quirkText(quirk);
    if (replacement !== undefined) quirk.replaceWith(replacement);
  }
  return copy.textContent ?? '';
}

const names = (anchors: Iterable<Element>): string[] =>
  [...anchors].map((anchor) => foldWhitespace(anchor.textContent ?? '')).filter(Boolean);

/** The anchors inside `boxes`, each once, should boxes ever nest (arXiv's are the boxes' children today). */
const anchorsIn = (boxes: Iterable<Element>): Element[] => [
  ...new Set([...boxes].flatMap((element) => [...element.getElementsByTagName('a')])),
];

// The label before an author list ("Authors:"), in every markup that has one.
const AUTHORS_LABEL = /^\s*Authors?:/i;
// Text arXiv writes between the names besides commas (its author_links template): affiliations in
// parentheses, "for the" / "The" before a collaboration, "Collaboration: " before its members, "et al".
const AUTHORS_ASIDE = /[(:]| and |\bet\.? al\b|\bthe\s/i;

/**
 * The author names in the `box` under `scope`, one per anchor. Not `scope.querySelectorAll('<box> a')`:
 * Chromium answers a selector with a class left of a combinator by visiting that class's elements in
 * the whole document, so on a 5 000-result page each card's query took 90 µs (12 µs at 1 000), and a
 * scan grew with the square of the page. Two simple selectors stay within the card: 3 µs.
 *
 * arXiv writes a list as its anchors separated by commas, after an optional label: the text split at
 * the commas gives the names in one native read, where reading anchor by anchor took a wrapper and a
 * call per name (a fifth of a 1 000-result search page's scan). Only when the pieces are as many as
 * the anchors and none of the other text arXiv writes between names is in sight (AUTHORS_ASIDE): a
 * name with a comma, text between names, an empty anchor or several boxes are read anchor by anchor.
 * (A list with both a name holding a comma and text between names that the expression does not know
 * could still pass: arXiv takes commas out of names.)
 */
function authorNames(scope: Element, box: string): string[] {
  const boxes = scope.querySelectorAll(box);
  const only = boxes.length === 1 ? boxes[0]! : undefined;
  // The label's own colon is no text between names.
  const text = (only?.textContent ?? '').replace(AUTHORS_LABEL, '');
  if (only && !AUTHORS_ASIDE.test(text)) {
    const pieces = text.split(',').map(foldWhitespace);
    if (pieces.length === only.getElementsByTagName('a').length && !pieces.includes('')) return pieces;
  }
  return names(anchorsIn(boxes));
}

/**
 * What `read` gives for the first element matching `selector` under `scope` that gives anything. On
 * arXiv's cards the first match is nearly always the one (a card's own /abs/ anchor, its date line):
 * one query that stops there, and the list of them only when it gives nothing.
 */
function firstRead<T>(scope: Element | null | undefined, selector: string, read: (element: Element) => T | undefined): T | undefined {
  const first = scope?.querySelector(selector);
  if (!first) return undefined;
  const value = read(first);
  if (value !== undefined) return value;
  for (const element of scope!.querySelectorAll(selector)) {
    const other = read(element);
    if (other !== undefined) return other;
  }
  return undefined;
}

/** The arXiv id of the first `/abs/<id>` anchor under `scope`, relative hrefs resolved against the page. */
const findAnchorId = (scope: Element | null | undefined, url: URL): string | undefined =>
  firstRead(scope, 'a[href*="/abs/"]', (anchor) => anchorId(anchor, url));

function anchorId(anchor: Element, url: URL): string | undefined {
  const href = anchor.getAttribute('href') ?? '';
  // arXiv's own links (site-relative on listings, absolute in search) read as text: no URL parse.
  if (href.startsWith('/abs/') || href.startsWith('https://arxiv.org/abs/')) {
    const id = findArxivId(href.startsWith('/') ? `arxiv.org${href}` : href);
    if (id) return id;
  }
  try {
    return findArxivId(new URL(href, url).href);
  } catch {
    // An unparsable href is just not a paper link.
    return undefined;
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `YYYY-MM-DD` from "2 December, 2025" (search) or "17 Jun 2021" (abstract page dateline). */
function parseDay(text: string): string | undefined {
  const match = /^(\d{1,2}) ([a-z]{3})[a-z]*,? (\d{4})/i.exec(text.trim());
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2]!.toLowerCase()) + 1;
  const day = Number(match[1]);
  if (month < 1 || day < 1 || day > 31) return undefined;
  return `${match[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * "First Last" from a `citation_author` tag, which arXiv writes as "Last Suffix, First"
 * ("Riedl, Mark O." → "Mark O. Riedl", "Smith Jr, John" → "John Smith Jr"); a name without a comma
 * (a collaboration) is kept as it is.
 */
export function citationAuthorName(value: string): string {
  const name = foldWhitespace(value);
  const comma = name.indexOf(',');
  if (comma < 0) return name;
  const last = name.slice(0, comma).trim();
  const first = name.slice(comma + 1).trim();
  return first && last ? `${first} ${last}` : first || last;
}

interface PaperParts {
  arxivId: string | undefined;
  title: string;
  authors: string[];
  abstract?: string | undefined;
  date?: string | undefined;
  /** arXiv's free-text comments line: read for code links only (`Paper.comments` is a count). */
  commentsText?: string | undefined;
}

function toPaper(parts: PaperParts): FoundPaper | undefined {
  const { arxivId, title, authors, abstract, date, commentsText } = parts;
  if (!arxivId || !title) return undefined;
  const paper: FoundPaper = {
    id: makePaperId({ arxivId, title }),
    title,
    authors,
    arxivId,
    url: `https://arxiv.org/abs/${arxivId}`,
    links: { urls: [], texts: commentsText ? [commentsText] : [] },
    source: 'arxiv',
  };
  if (authors.length) paper.authorCount = authors.length;
  if (abstract) paper.abstract = abstract;
  if (date) paper.date = date;
  return paper;
}

// Listing entry, both markups: the `<dt>` holds the id anchor (inside `span.list-identifier` before
// 2024, a bare `a[title="Abstract"]` since); the `<dd>` right after it holds the metadata.
function extractListing(dt: Element, url: URL): FoundPaper | undefined {
  const dd = dt.nextElementSibling?.localName === 'dd' ? dt.nextElementSibling : null;
  if (!dd) return undefined;
  return toPaper({
    arxivId: findAnchorId(dt, url),
    title: readText(dd.querySelector('.list-title')),
    authors: authorNames(dd, '.list-authors'),
    // Only /new shows abstracts, and only for new submissions and cross-lists.
    abstract: rawText(dd.querySelector('p.mathjax')),
    commentsText: rawText(dd.querySelector('.list-comments')),
  });
}

/**
 * A search result's day from its date line: "Submitted 11 December, 2025; v1 submitted 8 December,
 * 2025; originally announced ...". The first date is the latest version's, the v1 date the paper's
 * own (as citation_date on /abs/).
 */
function submittedDay(line: Element): string | undefined {
  const text = foldWhitespace(line.textContent ?? '');
  const match = /\bv1 submitted ([^;]+)/i.exec(text) ?? /^Submitted ([^;]+)/i.exec(text);
  return match ? parseDay(match[1]!) : undefined;
}

// Search result (2025 markup): `li.arxiv-result`.
function extractSearchResult(li: Element, url: URL): FoundPaper | undefined {
  return toPaper({
    // The result's own anchor opens it, in its list-title line.
    arxivId: findAnchorId(li, url),
    title: readText(li.querySelector('p.title')),
    authors: authorNames(li, 'p.authors'),
    abstract: rawText(li.querySelector('span.abstract-full')),
    // The date line is the first small line, ahead of the comments.
    date: firstRead(li, 'p.is-size-7', submittedDay),
    // Comments, journal ref and ACM/MSC classes all come as `p.comments`; links in any of them count.
    commentsText: [...li.querySelectorAll('p.comments')].map((p) => rawText(p)).join(' '),
  });
}

// Abstract page: the `#abs` block (browse 0.3 of 2021 and today's pages alike); the citation meta
// tags win over the visible text, except for author lists the tags cut at 100.
function extractAbstractPage(block: Element, page: ArxivPage | undefined, url: URL): FoundPaper | undefined {
  const citation = page?.citation;
  const shownAuthors = authorNames(block, '.authors');
  const citedAuthors = citation?.authors ?? [];
  const dateline = /Submitted on ([^(\]]+)/i.exec(block.querySelector('.dateline')?.textContent ?? '')?.[1];
  return toPaper({
    arxivId:
      citation?.arxivId ??
      (url.pathname.startsWith('/abs/') ? findArxivId(url.pathname.slice(5)) : undefined) ??
      findAnchorId(block.querySelector('.arxivid'), url),
    title: citation?.title ?? readText(block.querySelector('h1.title')),
    authors: shownAuthors.length > citedAuthors.length ? shownAuthors : citedAuthors,
    abstract: citation?.abstract ?? rawText(block.querySelector('blockquote.abstract')),
    date: citation?.date ?? (dateline ? parseDay(dateline) : undefined),
    commentsText: rawText(block.querySelector('td.comments')),
  });
}

function readCitation(doc: Document): ArxivCitation | undefined {
  const citation: ArxivCitation = { authors: [] };
  for (const meta of doc.querySelectorAll('meta[name^="citation_"]')) {
    const content = foldWhitespace(meta.getAttribute('content') ?? '');
    if (!content) continue;
    switch (meta.getAttribute('name')) {
      case 'citation_title':
        citation.title = content;
        break;
      case 'citation_author':
        citation.authors.push(citationAuthorName(content));
        break;
      case 'citation_arxiv_id':
        citation.arxivId = findArxivId(content);
        break;
      case 'citation_abstract':
        citation.abstract = content;
        break;
      case 'citation_date': {
        // Version 1's day as YYYY/MM/DD; arXiv leaves it out for some journal refs.
        const match = /^(\d{4})\/(\d{2})\/(\d{2})/.exec(content);
        if (match) citation.date = `${match[1]}-${match[2]}-${match[3]}`;
        break;
      }
    }
  }
  return citation.title || citation.arxivId ? citation : undefined;
}

/** arXiv's three kinds of card (the CLI also tells a saved page's site by them). */
export const ARXIV_CARDS = { search: 'li.arxiv-result', list: 'dl > dt', abstract: '#abs' } as const;

/** Which of the cards of `cardSelector` a page of this path shows: one kind each. */
function cardsByPath(path: string): string | undefined {
  if (SEARCH_PATH.test(path)) return ARXIV_CARDS.search;
  if (LIST_PATH.test(path) || CATCHUP_PATH.test(path)) return ARXIV_CARDS.list;
  return path.startsWith('/abs/') ? ARXIV_CARDS.abstract : undefined;
}

/**
 * arXiv: listings (`/list/<category>/new|recent|pastweek|<month>`, old and 2024 markup), catch-up,
 * search results and abstract pages. Each paper's own page is `https://arxiv.org/abs/<id>`.
 */
export const arxiv: SiteAdapter<ArxivPage> = {
  id: 'arxiv',
  name: 'arXiv',
  matches: [
    'https://arxiv.org/list/*',
    'https://arxiv.org/catchup*',
    'https://arxiv.org/search/*',
    'https://arxiv.org/abs/*',
  ],
  isFeed: (url) =>
    isArxiv(url) && (LIST_PATH.test(url.pathname) || CATCHUP_PATH.test(url.pathname) || SEARCH_PATH.test(url.pathname)),
  isPaper: (url) =>
    isArxiv(url) && url.pathname.startsWith('/abs/') && findArxivId(url.pathname.slice(5)) !== undefined,
  // The `<dt>`, not its `<dd>`, is a listing's card: it carries the stable `/abs/<id>` anchor in both
  // markups, and `dl > dt` matches no section heading (`<h3>` inside or before the `<dl>`).
  cardSelector: Object.values(ARXIV_CARDS).join(', '),

  readPage(doc, url) {
    // Listings and search results have no citation tags: a query for them there walked the whole
    // page (7 ms on a 10 000-result search).
    const cards = cardsByPath(url.pathname);
    const citation = cards === ARXIV_CARDS.abstract || !cards ? readCitation(doc) : undefined;
    return { ...(citation && { citation }), ...(cards && { cards }) };
  },

  // One simple selector is answered on Chromium's fast path; the whole list took twice as long on a
  // 10 000-result search page (36 against 17 ms, in one task).
  cardsOf: (page, doc) => (page?.cards ? doc.querySelectorAll(page.cards) : undefined),

  // A listing's UI goes with the metadata in the `<dd>`, not on the id line.
  mountPoint: (card) => (card.localName === 'dt' && card.nextElementSibling?.localName === 'dd' ? card.nextElementSibling : card),

  linkableText(card) {
    const scope = card.localName === 'dt' ? card.nextElementSibling : card;
    if (!scope) return [];
    return [...scope.querySelectorAll('p.mathjax, .list-comments, span.abstract-full, span.abstract-short, p.comments, blockquote.abstract, td.comments')];
  },

  extract(card, page, url) {
    if (card.localName === 'dt') return extractListing(card, url);
    if (card.localName === 'li' && card.classList.contains('arxiv-result')) return extractSearchResult(card, url);
    if (card.id === 'abs') return extractAbstractPage(card, page, url);
    return undefined;
  },
};
