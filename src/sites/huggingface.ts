import { classifyLink, findCodeLinks, mergeCodeLinks } from '../shared/code-links';
import {
  type CodeLink,
  type Paper,
  decodeEntities,
  findArxivId,
  foldWhitespace,
  isoDay,
  makePaperId,
} from '../shared/paper';
import type { SiteAdapter } from './types';

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

/** What `readPage` finds: every paper of the embedded JSON by arXiv id, and the feed's date. */
export interface HfPage {
  entries: Map<string, HfEntry>;
  /** Year the page is about, for card dates written without one ("May 29"). */
  year: number;
}

const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/;
const FEED_PATH = /^\/papers(?:\/(?:date|week|month)\/[\w-]+|\/trending|\/search)?\/?$/;

// Parsing a 200 KB data-props string costs ~1 ms; the observer rescans on every batch of new cards,
// so keep the last parse while the attribute is unchanged.
let lastProps: string | undefined;
let lastEntries = new Map<string, HfEntry>();

// Svelte hydration islands: lists (2024 and 2026) are `DailyPapers`, a paper's own page `PaperContent`.
const LIST_JSON = '.SVELTE_HYDRATER[data-target="DailyPapers"]';
const PAPER_JSON = '.SVELTE_HYDRATER[data-target="PaperContent"]';

function readEntries(doc: Document): Map<string, HfEntry> {
  const props = doc.querySelector(`${LIST_JSON}, ${PAPER_JSON}`)?.getAttribute('data-props');
  if (!props) return new Map();
  if (props === lastProps) return lastEntries;
  const entries = new Map<string, HfEntry>();
  try {
    const data = JSON.parse(props) as { dailyPapers?: unknown; paper?: HfEntry['paper']; comments?: unknown };
    // A paper page holds one paper and its comment thread instead of a list.
    const list = Array.isArray(data.dailyPapers)
      ? (data.dailyPapers as HfEntry[])
      : data.paper
        ? [{ paper: data.paper, numComments: Array.isArray(data.comments) ? data.comments.length : undefined }]
        : [];
    for (const entry of list) {
      const id = typeof entry?.paper?.id === 'string' ? findArxivId(entry.paper.id) : undefined;
      if (id) entries.set(id, entry);
    }
  } catch {
    // Truncated or altered JSON: the cards' own markup still gives title, id and counts.
  }
  lastProps = props;
  lastEntries = entries;
  return entries;
}

function pageYear(doc: Document, url: URL): number {
  const fromUrl = /(\d{4})-\d{2}(?:-\d{2})?/.exec(url.pathname + url.search)?.[1];
  if (fromUrl) return Number(fromUrl);
  const props = doc.querySelector('.SVELTE_HYDRATER[data-target="DailyPapers"]')?.getAttribute('data-props');
  const fromJson = props && /"(?:dateString|date)":"(\d{4})-/.exec(props)?.[1];
  return fromJson ? Number(fromJson) : new Date().getFullYear();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Card dates: "May 29" means the page's year, "Feb 27, 2025" carries its own. */
export function parseCardDate(text: string, year: number): string | undefined {
  const match = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2})(?:, (\d{4}))?\b/.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[1]!.toLowerCase()) + 1;
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

// Summaries sometimes carry literal "\n" sequences instead of line breaks.
function cleanAbstract(value: unknown): string | undefined {
  const summary = asString(value);
  return summary ? foldWhitespace(summary.replace(/\\n/g, ' ')) : undefined;
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

// The cards' own links are site-relative; reading them as text spares a URL parse per anchor.
const RELATIVE_PAPER = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?(?:[?#]|$)/;

function cardArxivId(card: Element, url: URL): string | undefined {
  // A paper page's content block is about the paper in the URL.
  if (card.matches(PAPER_JSON)) return PAPER_PATH.exec(url.pathname)?.[1];
  for (const anchor of card.querySelectorAll('a[href*="/papers/"]')) {
    const href = anchor.getAttribute('href') ?? '';
    const relative = RELATIVE_PAPER.exec(href);
    if (relative) return relative[1];
    try {
      const target = new URL(href, url);
      if (target.hostname !== 'huggingface.co') continue;
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

/** Upvotes as the card shows them: the number in the vote box, where `-` means none yet. */
function cardUpvotes(card: Element): number | undefined {
  // In preference order, one query each: a selector list would return the first match in document
  // order, and the "Submitted by" badge above the vote box is `.leading-none` too.
  const box =
    card.querySelector('a[href^="/login?next="] .leading-none') ?? card.querySelector('[role="checkbox"] .leading-none, label .leading-none');
  const value = text(box);
  if (value === '-') return 0;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

function cardComments(card: Element): number | undefined {
  const value = text(card.querySelector('a[href$="#community"]'));
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

function cardLinks(card: Element, url: URL): CodeLink[] {
  const links: CodeLink[] = [];
  for (const anchor of card.querySelectorAll('a[href^="http"]')) {
    try {
      const target = new URL(anchor.getAttribute('href') ?? '', url);
      const link = target.hostname === 'huggingface.co' ? undefined : classifyLink(target.href);
      if (link) links.push(link);
    } catch {
      // Ignore malformed hrefs.
    }
  }
  return links;
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
  matches: ['https://huggingface.co/papers*'],
  examples: [
    'https://huggingface.co/papers',
    'https://huggingface.co/papers?date=2024-08-01',
    'https://huggingface.co/papers/date/2026-09-28',
    'https://huggingface.co/papers/week/2026-W39',
    'https://huggingface.co/papers/month/2026-09',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers?q=diffusion',
    'https://huggingface.co/papers/2407.21783',
  ],
  isFeed: (url) => url.hostname === 'huggingface.co' && FEED_PATH.test(url.pathname),
  isPaper: (url) => url.hostname === 'huggingface.co' && PAPER_PATH.test(url.pathname),
  cardSelector: `article, ${PAPER_JSON}`,
  // On a paper page, under the title block rather than after the whole comment thread.
  mountPoint: (card) => (card.matches(PAPER_JSON) ? (card.querySelector('h1')?.parentElement ?? card) : card),

  readPage(doc, url) {
    return { entries: readEntries(doc), year: pageYear(doc, url) };
  },

  extract(card, page, url) {
    const arxivId = cardArxivId(card, url);
    if (!arxivId) return undefined;
    const entry = page?.entries.get(arxivId);
    const json = entry?.paper;
    const title = foldWhitespace(asString(json?.title) ?? asString(entry?.title) ?? cardTitle(card, arxivId));
    if (!title) return undefined;

    const authors = authorNames(json?.authors);
    const shownCount = /(\d+)\s+authors?(?![a-z])/i.exec(card.textContent ?? '')?.[1];
    const authorCount = authors.length || (shownCount ? Number(shownCount) : undefined);
    const abstract = cleanAbstract(json?.summary) ?? cleanAbstract(entry?.summary);
    const date = isoDay(json?.publishedAt) ?? parseCardDate(card.textContent ?? '', page?.year ?? new Date().getFullYear());
    const projectPage = asString(json?.projectPage);
    const repo = asString(json?.githubRepo);
    const codeLinks = mergeCodeLinks(
      [repo && classifyLink(repo), projectPage && classifyLink(projectPage)].filter((link): link is CodeLink => !!link),
      cardLinks(card, url),
      abstract ? findCodeLinks(abstract) : [],
    );

    const paper: Paper = {
      id: makePaperId({ arxivId, title }),
      title,
      authors,
      arxivId,
      url: `https://huggingface.co/papers/${arxivId}`,
      codeLinks,
      source: 'huggingface',
    };
    if (authorCount !== undefined) paper.authorCount = authorCount;
    if (abstract) paper.abstract = abstract;
    if (date) paper.date = date;
    const upvotes = asCount(json?.upvotes) ?? cardUpvotes(card);
    if (upvotes !== undefined) paper.upvotes = upvotes;
    const comments = asCount(entry?.numComments) ?? cardComments(card);
    if (comments !== undefined) paper.comments = comments;
    if (projectPage && /^https?:\/\//i.test(projectPage)) paper.projectPage = projectPage;
    return paper;
  },
};
