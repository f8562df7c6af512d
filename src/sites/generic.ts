import { paperDate } from '../shared/dates';
import {
  type FoundPaper,
  arxivDoiSuffix,
  findArxivId,
  findDoi,
  foldWhitespace,
  makePaperId,
  normaliseTitle,
} from '../shared/paper';
import { arxiv } from './arxiv';
import { huggingface } from './huggingface';
import type { SiteAdapter } from './types';

/**
 * Any page, on the user's request: a single paper's page described by its meta tags, or a digest
 * (newsletter, blog post, topic round-up) listing papers as repeated title + authors + abstract blocks.
 *
 * Single-paper pages are read from Highwire/Google Scholar `citation_*`, Dublin Core (`DC.*`,
 * `dcterms.*`) and Open Graph tags; their card is the page's `<main>`, else its only `<article>`, else
 * `<body>`. Digest pages are cut into blocks of text in one walk of the DOM, and a title (a heading, or
 * a line that is all bold or all link) followed by an abstract-like paragraph is an entry; see
 * `readDigest` for the rules. A page with paper meta tags is never read as a digest: its "Abstract",
 * "Introduction"... headings over long paragraphs would all look like entries.
 */

/** What one `citation_*` / Dublin Core / Open Graph description says of the page's paper. */
interface MetaEntry {
  kind: 'meta';
  title: string;
  authors: string[];
  arxivId?: string;
  doi?: string;
  abstract?: string;
  /** The visible abstract, for the links written in it. */
  abstractElement?: Element;
  date?: string;
  url?: string;
  /** The author line ends in "et al.": more authors than its names. */
  moreAuthors?: boolean;
}

/** One digest entry, as `readDigest` cut it out of the page. */
interface DigestEntry {
  kind: 'digest';
  title: string;
  /** The title's own element: its links may be the paper's page. */
  titleElement: Element;
  authors: string[];
  abstract: string;
  /** Short lines between the title and the abstract and the links line after it (author line excluded). */
  extras: string[];
  /** Links of the title, the short lines and the links line: read for the paper's ids and code. */
  anchors: Element[];
  /** Links inside the abstract: code links only (an abstract may link to other papers). */
  abstractAnchors: Element[];
  /** The element holding the abstract, where URLs written as text become links. */
  abstractElement: Element;
  /** An id of the entry's elements, so that a paper without a page of its own links to its place. */
  fragment?: string;
  /** The author line ends in "et al.": more authors than its names. */
  moreAuthors?: boolean;
}

type Entry = MetaEntry | DigestEntry;

/** What `readPage` finds: the paper of each card element. */
export interface GenericPage {
  cards: Map<Element, Entry>;
}

// Pages a dedicated adapter reads, and pages under the content scripts' match patterns: the generic
// adapter never claims them, so the content script does nothing where a site's adapter says "not a
// paper page". A new adapter belongs here (the registry test fails until it is).
const DEDICATED: ReadonlyArray<Pick<SiteAdapter<never>, 'isFeed' | 'isPaper' | 'matches'>> = [huggingface, arxiv];
const DEDICATED_PATTERNS = DEDICATED.flatMap((adapter) => adapter.matches).map(patternToRegExp);

/** A manifest match pattern (`https://host/path*`) as a RegExp over whole URLs. */
function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

function isOtherSite(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
  return (
    DEDICATED.some((adapter) => adapter.isFeed(url) || adapter.isPaper(url)) ||
    DEDICATED_PATTERNS.some((pattern) => pattern.test(url.href))
  );
}

// ---------------------------------------------------------------------------------------------------
// Author lines

// "Authors:", "By", "Written by" before a list of names.
const AUTHOR_PREFIX = /^(?:(?:written\s+)?by\b|authors?\b)\s*[:\-\u2013\u2014]?\s*/i;
// Affiliations and notes: "(MIT)", footnote marks glued to a name ("Jung1,2", "Lee*", "Hong\u2020").
const PARENTHESES = /\([^()]{0,200}\)|\[[^[\]]{0,200}\]/g;
const FOOTNOTES =
  /(?<=\p{L}\.?)(?=[\d*\u2020\u2021\u00a7\u00b6\u00b9\u00b2\u00b3\u2070-\u2079])(?:\d{1,2}(?:,\d{1,2})*)?[*\u2020\u2021\u00a7\u00b6\u00b9\u00b2\u00b3\u2070-\u2079]*(?=\s*(?:[,;]|$|\s(?:and|&)\s))/gu;
const ET_AL = /,?\s*(?:et\.?\s*al\.?|and\s+others)\s*$/i;
const SEPARATORS = /\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+/i;
const SUFFIX = /^(?:jr|sr|ii|iii|iv|phd|md)\.?$/i;
// Lower-case words that belong to a surname ("van der Maaten", "de Rezende").
const PARTICLES = new Set(
  'van von der den de del della dal dalla di da do dos das du la las le lo los ter ten bin ibn ben bat bint abu al el e y zu st.'.split(' '),
);
// Words no author is called: a line with one of them is prose or navigation, not names.
const NOT_NAMES = new Set(
  ('the of for with from via using paper papers code abstract read more subscribe share comments newsletter digest ' +
    'posted published views minutes min pdf arxiv github link links project page').split(' '),
);
const MAX_AUTHOR_LINE = 5000;
const MAX_NAME = 80;

/**
 * The names in an author line, as "First Last". Handles "First Last, First Last and First Last"
 * lists (Oxford comma or not, `&`), `;`-separated lists, BibTeX's "Last, First and Last, First", and
 * the "Last, First, Last, First" pairs of topic digests ("Jung, Whie, Lee, Dong Hoon" →
 * "Whie Jung", "Dong Hoon Lee"). Affiliations in brackets, footnote marks and "et al." are dropped.
 * Pairs are told from a list by their surnames: with an even number of comma-separated parts, every
 * other part one word long (particles and "Jr." aside), or a one-word part no list would have.
 */
export function parseAuthorLine(text: string): string[] {
  if (typeof text !== 'string') return [];
  const line = foldWhitespace(
    foldWhitespace(text.slice(0, MAX_AUTHOR_LINE))
      .replace(AUTHOR_PREFIX, '')
      .replace(PARENTHESES, ' ')
      .replace(FOOTNOTES, '')
      .replace(ET_AL, ''),
  );
  if (!line) return [];
  // `;` separates whole names; a comma inside a part is then "Last, First".
  const groups = line.includes(';') ? line.split(';') : [line];
  const names: string[] = [];
  for (const group of groups) {
    for (const name of splitNames(group)) {
      const clean = cleanName(name);
      if (clean) names.push(clean);
    }
  }
  return names;
}

function splitNames(group: string): string[] {
  const parts: string[] = [];
  for (const raw of group.split(SEPARATORS)) {
    // A dangling "and" where a list was cut ("A, B, and").
    const part = raw.trim().replace(/^(?:and|&)(?:\s+|$)|\s+(?:and|&)$/i, '');
    if (!part) continue;
    // "John Smith, Jr." is one name, not two.
    if (SUFFIX.test(part) && parts.length) parts[parts.length - 1] += ` ${part}`;
    else parts.push(part);
  }
  if (!isPairs(parts)) return parts;
  const names: string[] = [];
  // A suffix stays last: "Smith Jr.", "John" → "John Smith Jr.".
  for (let index = 0; index + 1 < parts.length; index += 2) names.push(`${parts[index + 1]} ${parts[index]}`);
  return names;
}

/** True when `parts` alternate surname, given names: "Jung", "Whie", "Lee", "Dong Hoon". */
function isPairs(parts: readonly string[]): boolean {
  if (parts.length < 2 || parts.length % 2 !== 0) return false;
  // Scripts without capitals (Chinese, Japanese, Korean in Hangul) write whole names between commas.
  if (!parts.every((part) => /\p{Lu}/u.test(part))) return false;
  let surnamesAreOneWord = true;
  let hasOneWordPart = false;
  for (let index = 0; index < parts.length; index++) {
    const words = coreWords(parts[index]!);
    if (words === 0) return false;
    if (index % 2 === 0) {
      if (words > 2) return false;
      if (words > 1) surnamesAreOneWord = false;
    } else if (words > 4) return false;
    if (words === 1) hasOneWordPart = true;
  }
  // "Garcia Lopez, Maria, ...": two-word surnames are pairs only if a list reading is impossible.
  return surnamesAreOneWord || hasOneWordPart;
}

/**
 * Words of a name that are neither particles nor suffixes ("Jr."). A particle is written in lower case
 * before the surname ("van der Maaten", "de Rezende"): a capitalised "Bin" or "Le" is a given name
 * ("Bin Cao", "Le Yin"), and a last "Du" or "Le" a surname ("Yuyang Du", "Quoc Le"). Counted as
 * particles, they made a list of full names read as "Last, First" pairs and merged its names.
 */
function coreWords(name: string): number {
  const words = name.split(' ').filter(Boolean);
  let count = 0;
  words.forEach((word, index) => {
    const particle = index < words.length - 1 && PARTICLES.has(word);
    if (!particle && !SUFFIX.test(word)) count++;
  });
  return count;
}

/** "Last, First" (as `citation_author` and `DC.creator` write names) → "First Last"; other names as they are. */
export function citationName(value: string): string {
  const name = foldWhitespace(value);
  const comma = name.indexOf(',');
  if (comma < 0) return name;
  const last = name.slice(0, comma).trim();
  const rest = name.slice(comma + 1).trim();
  // "Smith, John, Jr."
  const second = rest.indexOf(',');
  if (second >= 0 && SUFFIX.test(rest.slice(second + 1).trim())) {
    return foldWhitespace(`${rest.slice(0, second)} ${last} ${rest.slice(second + 1)}`);
  }
  return last && rest ? `${rest} ${last}` : last || rest;
}

function cleanName(name: string): string {
  let clean = foldWhitespace(name).replace(/^[\s,.;:&-]+|[\s,;:&-]+$/g, '');
  // A full stop after a whole word ends a sentence; after an initial ("Geoffrey E.") it is the name's.
  if (/\p{L}{2}\.$/u.test(clean) && !SUFFIX.test(clean.slice(clean.lastIndexOf(' ') + 1))) clean = clean.slice(0, -1);
  return clean.length <= MAX_NAME ? clean : '';
}

/** A person's name as author lines write it: capitalised words, initials, particles; no digits, no prose. */
function isNameLike(name: string): boolean {
  if (name.length < 2 || name.length > MAX_NAME) return false;
  if (!/^[\p{L}\p{M}.'\u2019 -]+$/u.test(name)) return false;
  const words = name.split(' ');
  if (words.length > 6) return false;
  let core = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (NOT_NAMES.has(lower)) return false;
    if (PARTICLES.has(lower)) continue;
    // Capitalised, or a script without capitals.
    if (!/^[\p{Lu}\p{Lt}\p{Lo}]/u.test(word)) return false;
    core++;
  }
  return core > 0;
}

/** The names of a line that is nothing but an author list, else `undefined`. */
function readAuthorLine(text: string): string[] | undefined {
  if (text.length > MAX_AUTHOR_LINE) return undefined;
  const names = parseAuthorLine(text);
  if (!names.length || !names.every(isNameLike)) return undefined;
  // One name alone must look like a whole name: "Subscribe" or "Archive" is not an author line.
  if (names.length === 1 && names[0]!.split(' ').length < 2) return undefined;
  return names;
}

// ---------------------------------------------------------------------------------------------------
// Single-paper pages: meta tags

// References list other papers' ids; they never describe the page's own paper.
const REFERENCE_TAG = /reference|cites|relation/;
// arXiv's own DOIs name an arXiv paper: one paper, one id.
const arxivIdOfDoi = (doi: string | undefined): string | undefined => findArxivId(arxivDoiSuffix(doi));

const DATE_TAGS = [
  'citation_publication_date',
  'citation_date',
  'citation_online_date',
  'citation_cover_date',
  'dc.date',
  'dcterms.issued',
  'dcterms.date',
  'prism.publicationdate',
  'article:published_time',
];
const ABSTRACT_SELECTOR = '[role="doc-abstract"], #abstract, section.abstract, div.abstract, .abstract';

function readMetaTags(doc: Document): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const meta of doc.querySelectorAll('meta[content]')) {
    const content = foldWhitespace(meta.getAttribute('content') ?? '');
    if (!content) continue;
    // Open Graph uses `property`, the others `name`; some pages write both.
    for (const attribute of ['name', 'property']) {
      const key = meta.getAttribute(attribute)?.trim().toLowerCase();
      if (!key) continue;
      const values = tags.get(key);
      if (!values) tags.set(key, [content]);
      else if (values.length < 2000) values.push(content);
    }
  }
  return tags;
}

function httpUrl(value: string | null | undefined, base: URL): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` from `2025-05-01`, `2025/05/01`, `2025/5/1` or an ISO timestamp; nothing for a year alone. */
function parseDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)/.exec(value.trim()) : null;
  return match ? paperDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

// Publishers put markup in `citation_abstract`: strip it as text, never parse it.
const stripTags = (text: string): string => foldWhitespace(text.replace(/<[^<>]{0,500}>/g, ' '));

function readMeta(doc: Document, url: URL): MetaEntry | undefined {
  const tags = readMetaTags(doc);
  const first = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = tags.get(key)?.[0];
      if (value) return value;
    }
    return undefined;
  };
  const all = (key: string): string[] => tags.get(key) ?? [];

  let arxivId = findArxivId(first('citation_arxiv_id'));
  let doi = findDoi(first('citation_doi', 'prism.doi', 'bepress_citation_doi'));
  for (const [key, values] of tags) {
    if (REFERENCE_TAG.test(key) || (arxivId && doi)) continue;
    for (const value of values) {
      // Identifiers ("doi:10...", "arXiv:2101.00001") and URLs only: a description may name other papers.
      const isIdentifier = key.endsWith('identifier') || key === 'citation_technical_report_number';
      if (!isIdentifier && !/^https?:\/\//i.test(value)) continue;
      arxivId ??= findArxivId(value);
      if (!doi && (isIdentifier || /^https?:\/\/(?:dx\.)?doi\.org\//i.test(value))) doi = findDoi(value);
    }
  }

  arxivId ??= arxivIdOfDoi(doi);

  const scholarTitle = first('citation_title');
  const dcTitle = first('dc.title', 'dcterms.title');
  const dcCreators = [...all('dc.creator'), ...all('dcterms.creator')];
  // Dublin Core alone is common on CMS pages: only with creators or an identifier does it describe a paper.
  const ogTitle = first('og:title');
  const title = scholarTitle ?? (dcTitle && (dcCreators.length || arxivId || doi) ? dcTitle : undefined) ??
    (ogTitle && (arxivId || doi) ? ogTitle : undefined);
  if (!title) return undefined;

  let authors = all('citation_author').map(citationName);
  let moreAuthors = false;
  if (!authors.length) {
    const line = first('citation_authors') ?? '';
    authors = parseAuthorLine(line);
    moreAuthors = ET_AL.test(line);
  }
  if (!authors.length) authors = dcCreators.map(citationName);

  const abstractElement = doc.querySelector(ABSTRACT_SELECTOR) ?? undefined;
  // Block by block, so that the "Abstract" heading does not run into the first sentence.
  const visibleAbstract = abstractElement
    ? readBlocks(abstractElement)
        .map((block) => block.text)
        .join(' ')
        .replace(/^abstract\b[:.]?\s*/i, '')
    : '';
  const description = first('og:description', 'description');
  const abstract =
    first('citation_abstract', 'dc.description', 'dcterms.abstract', 'dcterms.description') ??
    (visibleAbstract || (description && description.length >= 100 ? description : undefined));

  const entry: MetaEntry = { kind: 'meta', title: stripTags(title), authors: authors.filter(Boolean) };
  if (arxivId) entry.arxivId = arxivId;
  if (doi) entry.doi = doi;
  if (moreAuthors && entry.authors.length) entry.moreAuthors = true;
  if (abstract) entry.abstract = stripTags(abstract);
  if (abstractElement) entry.abstractElement = abstractElement;
  // The first date that reads as one: a bare year in one tag leaves room for a full date in the next.
  const date = DATE_TAGS.map((key) => parseDate(first(key))).find(Boolean);
  if (date) entry.date = date;
  const canonical = doc.querySelector('link[rel~="canonical"][href]')?.getAttribute('href');
  const pageUrl =
    httpUrl(first('citation_abstract_html_url', 'og:url', 'citation_public_url'), url) ?? httpUrl(canonical, url);
  if (pageUrl) entry.url = pageUrl;
  return entry;
}

/** The element a single-paper page's card is: `<main>`, else the only `<article>`, else `<body>`. */
function metaCard(doc: Document): Element | null {
  const main = doc.querySelector('main');
  if (main) return main;
  const articles = doc.querySelectorAll('article');
  return articles.length === 1 ? articles[0]! : doc.body;
}

// ---------------------------------------------------------------------------------------------------
// Digest pages: blocks of text

/** A run of text owned by one block element: its own text, not that of blocks nested in it. */
interface Block {
  element: Element;
  parts: string[];
  text: string;
  /** Non-space characters, of which `bold` are inside `<strong>`, `<b>` or a link, `linked` in a link. */
  chars: number;
  bold: number;
  linked: number;
  /** 1-6 for `<h1>`-`<h6>`, 7 for another `role="heading"`, 0 for no heading. */
  heading: number;
  anchors: Element[];
  /** `namesOf` once computed: the names when the text is an author line, else null. */
  names?: string[] | null;
}

/** The names of a block that is an author line, parsed once per block. */
function namesOf(block: Block): string[] | null {
  if (block.names === undefined) block.names = readAuthorLine(block.text) ?? null;
  return block.names;
}

// Elements that do not start a block of their own.
const INLINE = new Set(
  ('a abbr b bdi bdo cite code data del dfn em font i img ins kbd label mark q s samp small span strong sub sup ' +
    'time tt u var wbr math').split(' '),
);
// Never content: scripts and styles, forms, navigation and sidebars, embedded documents and drawings.
const SKIPPED = new Set(
  ('script style noscript template svg canvas iframe object embed button select textarea input form nav aside ' +
    'dialog head figure menu').split(' '),
);
const SKIPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary', 'menu', 'menubar', 'dialog']);
// Comment threads, share bars, cookie notices, ads, "related posts": repeated heading + paragraph
// shapes that are not papers. Matched against each class token and the id.
const SKIPPED_NAMES =
  /^(?:comments?|comment-list|disqus\S*|sidebar|related(?:-\S+)?|share|sharing|social\S*|subscribe\S*|newsletter-\S+|cookie\S*|ads?|advert\S*|sponsor(?:ed|s)?|promo\S*)$/i;
// Inside these, `<header>` and `<footer>` belong to the article or section; elsewhere to the page.
const SECTIONING = new Set(['article', 'section', 'main']);
const BOLD = new Set(['strong', 'b']);

interface Context {
  /** Block element owning the text met here. */
  owner: Element;
  heading: number;
  bold: boolean;
  link: boolean;
  sectioned: boolean;
}

function headingLevel(element: Element, name: string): number {
  if (/^h[1-6]$/.test(name)) return Number(name[1]);
  return element.getAttribute('role') === 'heading' ? 7 : 0;
}

function isSkipped(element: Element, name: string, sectioned: boolean): boolean {
  if (SKIPPED.has(name)) return true;
  if ((name === 'header' || name === 'footer') && !sectioned) return true;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const role = element.getAttribute('role');
  if (role && SKIPPED_ROLES.has(role)) return true;
  if (element.id && SKIPPED_NAMES.test(element.id)) return true;
  const classes = element.getAttribute('class');
  return !!classes && classes.split(/\s+/).some((token) => token.length > 1 && SKIPPED_NAMES.test(token));
}

function visibleLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 32 && code !== 160) count++;
  }
  return count;
}

/**
 * The page's text cut into blocks in document order, in one walk (an explicit stack: saved pages can
 * nest deeper than the call stack allows). Each text node joins the block of its nearest block
 * element; a heading's descendants all join the heading; `<br>` ends a block, as newsletters written
 * in one paragraph separate title, authors and abstract with line breaks.
 */
function readBlocks(root: Element): Block[] {
  const blocks: Block[] = [];
  const open = new Map<Element, Block>();
  const blockOf = (context: Context): Block => {
    let block = open.get(context.owner);
    if (!block) {
      block = { element: context.owner, parts: [], text: '', chars: 0, bold: 0, linked: 0, heading: context.heading, anchors: [] };
      open.set(context.owner, block);
      blocks.push(block);
    }
    return block;
  };
  const rootContext: Context = { owner: root, heading: headingLevel(root, root.localName), bold: false, link: false, sectioned: false };
  const stack: Array<[Node, Context]> = [];
  for (let child = root.lastChild; child; child = child.previousSibling) stack.push([child, rootContext]);
  while (stack.length) {
    const [node, context] = stack.pop()!;
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      const chars = visibleLength(value);
      if (!chars) {
        if (value && open.has(context.owner)) open.get(context.owner)!.parts.push(' ');
        continue;
      }
      const block = blockOf(context);
      block.parts.push(value);
      block.chars += chars;
      if (context.bold || context.link) block.bold += chars;
      if (context.link) block.linked += chars;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    const name = element.localName.toLowerCase();
    if (isSkipped(element, name, context.sectioned)) continue;
    if (name === 'br') {
      if (!context.heading) open.delete(context.owner);
      continue;
    }
    const level = context.heading ? 0 : headingLevel(element, name);
    let inner: Context;
    if (context.heading || (INLINE.has(name) && !level)) {
      const isLink = name === 'a' && element.hasAttribute('href');
      if (isLink) blockOf(context).anchors.push(element);
      inner = isLink || BOLD.has(name) ? { ...context, bold: context.bold || BOLD.has(name), link: context.link || isLink } : context;
    } else {
      // Text on either side of a nested block is two words, not one.
      open.get(context.owner)?.parts.push(' ');
      inner = {
        owner: element,
        heading: level,
        bold: false,
        link: false,
        sectioned: context.sectioned || SECTIONING.has(name),
      };
    }
    for (let child = element.lastChild; child; child = child.previousSibling) stack.push([child, inner]);
  }
  for (const block of blocks) {
    block.text = foldWhitespace(block.parts.join(''));
    block.parts = [];
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------------
// Digest pages: entries

/** An abstract is a paragraph of at least this many characters (the shortest in the seed listings has 646). */
const MIN_ABSTRACT = 200;
/** Short lines allowed between a title and its abstract: authors, a date or id line, a links line. */
const MAX_GAP = 3;
/** Entries of one digest share their markup; a shape seen once is a page title or a lede. */
const MIN_ENTRIES = 2;
/** How far past a title to look, empty link-only blocks included, so each title costs O(1). */
const MAX_LOOKAHEAD = 64;
const MAX_TITLE = 300;

// Section and page furniture that is never a paper's title, numbered ("2.1 Results") or not.
const FURNITURE_TITLE = new RegExp(
  String.raw`^(?:\d+(?:\.\d+)*\.?\s+)?(?:abstract|introduction|background|related work|methods?|methodology|` +
    String.raw`experiments?|results?|discussion|conclusions?|references|bibliography|acknowledge?ments?|appendix|` +
    String.raw`summary|overview|contents|table of contents|comments?|responses?|replies|subscribe|newsletter|` +
    String.raw`about(?: us| the authors?| this (?:digest|newsletter|issue))?|contact(?: us)?|share(?: this)?|` +
    String.raw`related (?:posts|articles|papers|reading)|footnotes|notes|sponsors?|editor[\u2019']?s (?:note|picks?)|` +
    String.raw`in this (?:issue|edition|post)|highlights|top stories|recent posts|categories|tags|archives?|search|` +
    String.raw`menu|navigation|leave a (?:reply|comment)|read more|more|previous|next)[\s:.!?]*$`,
  'i',
);
const DATE_TITLE =
  /^(?:[a-z]+day,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?(?:\s+\d{4})?$|^\d{4}-\d{2}(?:-\d{2})?$/i;
// A line after an abstract that lists the paper's links: "Code: ...", "Paper · Code · Project page".
const LINKS_LINE = /^(?:code|paper|project(?: page)?|links?|resources|github|data(?:sets?)?|demo|pdf|arxiv|doi|website|weights|models?)\b/i;
const LINK_LABEL = /^(?:code|paper|project|page|links?|resources|github|data(?:sets?)?|demo|pdf|arxiv|doi|website|weights|models?|html|slides|video|blog|poster|bibtex|hf|other)$/i;
// An id line ("arXiv:2512.05443 [pdf, other]", "doi:10.1234/x") names a paper; it is not its title.
const ID_LINE = /^(?:arxiv|doi)\s*:\s*\S+(?:\s*\[[^\]]*\])*$/i;
const PERMALINK = /^[#\u00b6\u00a7\s]+|[#\u00b6\u00a7\u{1f517}\s]+$/gu;

const isTitleShaped = (block: Block): boolean =>
  block.heading > 0 ||
  (block.chars >= 3 && block.chars <= MAX_TITLE && (block.bold >= 0.9 * block.chars || block.element.localName === 'dt'));

function isTitleText(block: Block): boolean {
  const { text } = block;
  if (text.length < 2 || text.length > MAX_TITLE || !normaliseTitle(text)) return false;
  let words = 1;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 32) words++;
  if (words > 40 || FURNITURE_TITLE.test(text) || DATE_TITLE.test(text) || ID_LINE.test(text) || isLabelLine(text)) {
    return false;
  }
  // A list of names is an author line (arXiv and Hugging Face link each name), not a title.
  return (namesOf(block)?.length ?? 0) < 2;
}

/** "[PDF] · [Code] · [Project page]": every word a link label. */
function isLabelLine(text: string): boolean {
  return text.split(/[\s|\u00b7\u2022/,[\]()-]+/).every((word) => !word || LINK_LABEL.test(word));
}

/** A block that starts a new entry or section: a heading, or a bold or link line that is not just "[PDF] [Code]". */
const isBoundary = (block: Block): boolean => isTitleShaped(block) && (block.heading > 0 || !isLabelLine(block.text));

/** A plain line that may be a title if an author line follows it: short, and not a sentence. */
const isPlainTitle = (block: Block): boolean =>
  !block.anchors.length && block.text.length <= MAX_TITLE && !/[.:;,]$/.test(block.text);

/** Sentence-like prose: long, mostly words rather than links, with a sentence end. */
function isAbstract(block: Block): boolean {
  const { text } = block;
  if (block.heading || text.length < MIN_ABSTRACT || block.linked * 2 > block.chars) return false;
  let words = 1;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 32) words++;
  return words >= 20 && text.length / words <= 15 && /[.!?\u3002](?:["'\u201d)\]]?)(?:\s|$)/.test(text);
}

interface Candidate {
  titleAt: number;
  authors: string[] | undefined;
  /** The author line's block, or -1. */
  authorsAt: number;
  abstractAt: number;
  /** Short lines between title and abstract, and the links lines after it. */
  extraAt: number[];
  lastAt: number;
  signature: string;
}

/** What kind of title a block is: `h3`, `p>a` (a paragraph that is one link), `li>strong`, `dt`, `p` (plain). */
function signatureOf(block: Block): string {
  if (block.heading) return block.heading < 7 ? `h${block.heading}` : 'heading';
  const name = block.element.localName;
  if (name === 'dt' || block.bold < 0.9 * block.chars) return name;
  return `${name}>${block.linked >= 0.9 * block.chars ? 'a' : 'strong'}`;
}

/** Between shapes seen equally often: headings before bold or link lines, deeper headings first (sections sit above entries). */
function outranks(signature: string, other: string): boolean {
  const rank = (shape: string): number => (/^h\d$/.test(shape) ? Number(shape[1]) : shape === 'heading' ? 7 : 0);
  const [mine, theirs] = [rank(signature), rank(other)];
  return mine > 0 && (theirs === 0 || mine > theirs);
}

/**
 * Digest entries, found in time linear in the page:
 * 1. `readBlocks` cuts the page into text blocks, leaving out navigation, page headers and footers,
 *    sidebars, forms, comment threads.
 * 2. A title-shaped block (a heading, or a short line all bold or all link) with a plausible title
 *    ("Introduction", "Subscribe", dates, id lines and lists of names are not) is a candidate if,
 *    within `MAX_GAP` short lines and before the next title-shaped block, an abstract-like paragraph
 *    follows. The first such line that reads as names is its author line, even when the names are
 *    links. A plain short line is a candidate only when an author line comes right after it.
 * 3. Only candidates of the most frequent title shape, seen at least `MIN_ENTRIES` times, are entries:
 *    a digest repeats one markup per paper, so a page title over a lede, or a few section titles over
 *    intros, lose to the entries' shape. A heading followed by headings or by link lists is never one.
 */
function readDigest(doc: Document): Map<Element, DigestEntry> {
  const entries = new Map<Element, DigestEntry>();
  const root = doc.body ?? doc.documentElement;
  if (!root) return entries;
  const blocks = readBlocks(root);
  const candidates: Candidate[] = [];
  const usedAsAuthors = new Set<number>();
  for (let at = 0; at < blocks.length; at++) {
    const title = blocks[at]!;
    if (usedAsAuthors.has(at) || !title.chars) continue;
    const shaped = isTitleShaped(title);
    if ((!shaped && !isPlainTitle(title)) || !isTitleText(title)) continue;
    const candidate = findEntryAfter(blocks, at, !shaped);
    if (!candidate) continue;
    candidates.push(candidate);
    if (candidate.authorsAt >= 0) usedAsAuthors.add(candidate.authorsAt);
  }

  const counts = new Map<string, number>();
  for (const candidate of candidates) counts.set(candidate.signature, (counts.get(candidate.signature) ?? 0) + 1);
  let best: string | undefined;
  for (const [signature, count] of counts) {
    const bestCount = best ? counts.get(best)! : 0;
    if (count > bestCount || (count === bestCount && best && outranks(signature, best))) best = signature;
  }
  if (!best || counts.get(best)! < MIN_ENTRIES) return entries;

  const chosen = candidates.filter((candidate) => candidate.signature === best);
  // The next title-shaped block after each block: a wrapper holding it holds more than one entry.
  const nextTitle = new Array<number>(blocks.length + 1).fill(blocks.length);
  for (let index = blocks.length - 1; index >= 0; index--) {
    nextTitle[index] = isBoundary(blocks[index]!) && !usedAsAuthors.has(index) ? index : nextTitle[index + 1]!;
  }
  for (const candidate of chosen) {
    const title = blocks[candidate.titleAt]!;
    const card = entryCard(blocks, candidate, nextTitle[candidate.lastAt + 1]!);
    if (!card || entries.has(card)) continue;
    const extras = candidate.extraAt.map((index) => blocks[index]!);
    const entry: DigestEntry = {
      kind: 'digest',
      // Permalink marks ("#", "¶") and arXiv's "Title:" label are not part of the title.
      title: title.text.replace(PERMALINK, '').replace(/^title\s*:\s*/i, ''),
      titleElement: title.element,
      authors: candidate.authors ?? [],
      abstract: blocks[candidate.abstractAt]!.text,
      extras: extras.map((block) => block.text).filter(Boolean),
      anchors: [...title.anchors, ...extras.flatMap((block) => block.anchors)],
      abstractAnchors: blocks[candidate.abstractAt]!.anchors,
      abstractElement: blocks[candidate.abstractAt]!.element,
    };
    const fragment = card.id || title.element.id;
    if (fragment) entry.fragment = fragment;
    if (candidate.authorsAt >= 0 && ET_AL.test(blocks[candidate.authorsAt]!.text)) entry.moreAuthors = true;
    entries.set(card, entry);
  }
  return entries;
}

/**
 * The entry starting with the title block at `at`, if an abstract follows it closely enough. A plain
 * (neither heading nor bold) title needs an author line right after it: without one, any short line
 * over a paragraph would do.
 */
function findEntryAfter(blocks: readonly Block[], at: number, needsAuthors: boolean): Candidate | undefined {
  let authors: string[] | undefined;
  let authorsAt = -1;
  const extraAt: number[] = [];
  let gap = 0;
  let abstractAt = -1;
  for (let index = at + 1; index < blocks.length && index - at <= MAX_LOOKAHEAD; index++) {
    const block = blocks[index]!;
    if (!block.chars) {
      // An icon-only link (a GitHub logo) between title and abstract.
      if (block.anchors.length) extraAt.push(index);
      continue;
    }
    if (needsAuthors && !authors && !namesOf(block)) return undefined;
    if (isAbstract(block)) {
      abstractAt = index;
      break;
    }
    if (block.heading) return undefined;
    // The author line may be all links (one per name), which would otherwise end the entry; a single
    // bold or linked name is more likely the next entry's title.
    if (!authors) {
      const names = namesOf(block);
      if (names && (names.length > 1 || !isTitleShaped(block))) {
        authors = names;
        authorsAt = index;
        if (++gap > MAX_GAP) return undefined;
        continue;
      }
    }
    if (isBoundary(block) || ++gap > MAX_GAP) return undefined;
    extraAt.push(index);
  }
  if (abstractAt < 0) return undefined;
  // Links lines right after the abstract ("Code: ...", "PDF · Code"); closing remarks are not the paper's.
  let lastAt = abstractAt;
  for (let index = abstractAt + 1, lines = 0; index < blocks.length && index - at <= MAX_LOOKAHEAD && lines < 2; index++) {
    const block = blocks[index]!;
    if (!block.chars) {
      if (!block.anchors.length) continue;
    } else {
      if (block.heading || block.text.length > MAX_TITLE) break;
      // "Code: https://..." in plain text, or a row of labelled links; not a bold "Code Llama: ..." title.
      if (!isLabelLine(block.text) && !(LINKS_LINE.test(block.text) && !isTitleShaped(block))) break;
      lines++;
    }
    extraAt.push(index);
    lastAt = index;
  }
  return {
    titleAt: at,
    authors,
    authorsAt,
    abstractAt,
    extraAt,
    lastAt,
    signature: signatureOf(blocks[at]!),
  };
}

// Elements that may wrap one entry; `main` and `body` always wrap the whole list.
const WRAPPERS = new Set(['article', 'section', 'li', 'div', 'dd', 'td', 'tr', 'blockquote']);
const MAX_DEPTH = 256;

/**
 * The entry's card: the smallest element holding its title and abstract when that element starts
 * with the title and holds no other title (an `<article>` per paper), else the title's own block.
 */
function entryCard(blocks: readonly Block[], candidate: Candidate, nextTitleAt: number): Element | undefined {
  const title = blocks[candidate.titleAt]!.element;
  const last = blocks[candidate.lastAt]!.element;
  const wrapper = commonAncestor(title, last);
  const previous = blocks[candidate.titleAt - 1]?.element;
  const next = blocks[nextTitleAt]?.element;
  if (
    wrapper &&
    wrapper !== title &&
    WRAPPERS.has(wrapper.localName) &&
    !(previous && wrapper.contains(previous)) &&
    !(next && wrapper.contains(next))
  ) {
    return wrapper;
  }
  // `matches(CARD_SELECTOR)` would compile the selector on every call in linkedom.
  return CARD_TAGS.has(title.localName) || title.getAttribute('role') === 'heading' ? title : undefined;
}

function commonAncestor(a: Element, b: Element): Element | undefined {
  const ancestors = new Set<Element>();
  for (let node: Element | null = a, depth = 0; node && depth < MAX_DEPTH; node = node.parentElement, depth++) ancestors.add(node);
  for (let node: Element | null = b, depth = 0; node && depth < MAX_DEPTH; node = node.parentElement, depth++) {
    if (ancestors.has(node)) return node;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Papers

function anchorUrls(anchors: readonly Element[], base: URL): string[] {
  const urls: string[] = [];
  for (const anchor of anchors) {
    const href = httpUrl(anchor.getAttribute('href'), base);
    if (href) urls.push(href);
  }
  return urls;
}

/** The page's address without its fragment, with `fragment` when given. */
function pageAddress(url: URL, fragment?: string): string {
  const address = new URL(url.href);
  address.hash = fragment ? `#${fragment}` : '';
  return address.href;
}

/** The authors an entry names, and one more for an "et al.": a BibTeX export then writes "and others". */
const authorCount = (entry: Entry): number => entry.authors.length + (entry.moreAuthors ? 1 : 0);

function metaPaper(entry: MetaEntry, url: URL): FoundPaper | undefined {
  const title = entry.title;
  if (!title || !normaliseTitle(title)) return undefined;
  const paper: FoundPaper = {
    id: makePaperId({ arxivId: entry.arxivId, doi: entry.doi, title }),
    title,
    authors: entry.authors,
    // arXiv's page is the paper's page on every site: a page's own address for it could lead anywhere.
    url: entry.arxivId ? `https://arxiv.org/abs/${entry.arxivId}` : (entry.url ?? pageAddress(url)),
    links: {
      urls: entry.abstractElement ? anchorUrls([...entry.abstractElement.querySelectorAll('a[href]')], url) : [],
      texts: [],
    },
    source: 'generic',
  };
  if (entry.arxivId) paper.arxivId = entry.arxivId;
  if (entry.doi) paper.doi = entry.doi;
  if (entry.authors.length) paper.authorCount = authorCount(entry);
  if (entry.abstract) paper.abstract = entry.abstract;
  if (entry.date) paper.date = entry.date;
  return paper;
}

function digestPaper(entry: DigestEntry, url: URL): FoundPaper | undefined {
  const { title } = entry;
  if (!title || !normaliseTitle(title)) return undefined;
  const titleUrls = anchorUrls(
    entry.anchors.filter((anchor) => entry.titleElement.contains(anchor)),
    url,
  );
  const urls = anchorUrls(entry.anchors, url);
  // Ids from the entry's own links and short lines, never from its abstract (which may cite others).
  let arxivId =
    urls.map((link) => findArxivId(link)).find(Boolean) ?? entry.extras.map((text) => findArxivId(text)).find(Boolean);
  const doi =
    urls.map((link) => (/^https?:\/\/(?:dx\.)?doi\.org\//i.test(link) ? findDoi(link) : undefined)).find(Boolean) ??
    entry.extras.map((text) => (/\bdoi\b/i.test(text) ? findDoi(text) : undefined)).find(Boolean);
  arxivId ??= arxivIdOfDoi(doi);
  const own = titleUrls.find((link) => link.split('#')[0] !== pageAddress(url));
  const paperUrl = arxivId ? `https://arxiv.org/abs/${arxivId}` : (own ?? (doi ? `https://doi.org/${doi}` : pageAddress(url, entry.fragment)));
  const paper: FoundPaper = {
    id: makePaperId({ arxivId, doi, title }),
    title,
    authors: entry.authors,
    // arXiv's page is the paper's page on every site; else the digest's link, the DOI, the entry's place.
    url: paperUrl,
    // The paper's own page (the title's link) is no code or project link of it.
    links: { urls: [...urls, ...anchorUrls(entry.abstractAnchors, url)].filter((link) => link !== paperUrl), texts: [entry.extras.join('\n')] },
    source: 'generic',
  };
  if (arxivId) paper.arxivId = arxivId;
  if (doi) paper.doi = doi;
  if (entry.authors.length) paper.authorCount = authorCount(entry);
  if (entry.abstract) paper.abstract = entry.abstract;
  return paper;
}

// Cards: `body`, `main` or the only `article` of a single paper's page; a digest entry's wrapper
// (`article`, `section`, `li`, `div`, table row...) or its title block (a heading, or the paragraph,
// list item, `dt` or cell whose text is one bold run or link).
const CARD_TAGS = new Set('body main article section div li dt dd td tr p blockquote h1 h2 h3 h4 h5 h6'.split(' '));
const CARD_SELECTOR = `${[...CARD_TAGS].join(', ')}, [role="heading"]`;

/**
 * Any page the user asks about (injected through `activeTab` + `scripting`, so no match patterns):
 * the paper of a single article page's meta tags, or the entries of a digest. See the top of the file.
 */
export const generic: SiteAdapter<GenericPage> = {
  id: 'generic',
  name: 'Any page (on request)',
  matches: [],
  isFeed: (url) => !isOtherSite(url),
  isPaper: (url) => !isOtherSite(url),
  cardSelector: CARD_SELECTOR,
  // Inside a single paper's page, under its title; a digest entry's card is small enough to end.
  mountPoint: (card) =>
    /^(?:body|main|article)$/.test(card.localName) ? (card.querySelector('h1')?.parentElement ?? card) : card,

  cardsOf: (page) =>
    page?.cards ? [...page.cards.keys()].sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1)) : undefined,

  // The abstract shown for the entry or the page: its text URLs become highlighted links.
  linkableText(card, page) {
    const element = page?.cards?.get(card)?.abstractElement;
    return element ? [element] : [];
  },

  readPage(doc, url) {
    const cards = new Map<Element, Entry>();
    const meta = readMeta(doc, url);
    if (meta) {
      const card = metaCard(doc);
      if (card) cards.set(card, meta);
      return { cards };
    }
    for (const [card, entry] of readDigest(doc)) cards.set(card, entry);
    return { cards };
  },

  extract(card, page, url) {
    const entry = page?.cards?.get(card);
    if (!entry) return undefined;
    return entry.kind === 'meta' ? metaPaper(entry, url) : digestPaper(entry, url);
  },
};
