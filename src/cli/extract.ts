/**
 * The pure half of `paper-margin extract`: a saved page's HTML in, its papers out, and their rendering
 * as JSON, JSON Lines or Markdown. The same adapters as the extension, over linkedom's DOM.
 */
import { parseHTML } from 'linkedom';
import type { Paper } from '../shared/paper';
import { findAdapter, generic } from '../sites/index';
import { ARXIV_CARDS } from '../sites/arxiv';
import { LIST_JSON } from '../sites/huggingface';
import { extractPage } from '../sites/scan';
import type { SiteAdapter } from '../sites/types';

export const FORMATS = ['json', 'jsonl', 'md'] as const;
export type Format = (typeof FORMATS)[number];

/** Where a page without a URL of its own is said to come from: only the generic adapter takes it. */
export const UNKNOWN_URL = 'https://unknown.invalid/';

export interface Extraction {
  /** Id of the adapter that read the page. */
  adapter: string;
  /** The URL the page was read as: `--url`, else its canonical or `og:url` address, else `UNKNOWN_URL`. */
  url: string;
  papers: Paper[];
}

/** An absolute http(s) URL, or undefined. */
export function parseWebUrl(value: string | null | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The address a saved page gives for itself: `link[rel=canonical]`, else `og:url`. */
function ownUrl(doc: Document): URL | undefined {
  return (
    parseWebUrl(doc.querySelector('link[rel~="canonical"][href]')?.getAttribute('href')) ??
    parseWebUrl(doc.querySelector('meta[property="og:url"][content]')?.getAttribute('content'))
  );
}

/**
 * Where a saved page that names no address of its own came from: the `saved from url` comment
 * browsers write at its top, else the markup of a site an adapter knows (arXiv's search results
 * carry neither a canonical link nor og:url).
 */
function sniffedUrl(html: string, doc: Document): URL | undefined {
  const saved = parseWebUrl(/<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096))?.[1]);
  if (saved) return saved;
  if (doc.querySelector(ARXIV_CARDS.search)) return new URL('https://arxiv.org/search/');
  if (doc.querySelector(`${ARXIV_CARDS.list} a[href^="/abs/"]`)) return new URL('https://arxiv.org/list/unknown/new');
  const arxivId = doc.querySelector(ARXIV_CARDS.abstract) && doc.querySelector('meta[name="citation_arxiv_id"]')?.getAttribute('content');
  if (arxivId && /^[\w./-]+$/.test(arxivId)) return new URL(`https://arxiv.org/abs/${arxivId}`);
  if (doc.querySelector(LIST_JSON)) return new URL('https://huggingface.co/papers');
  return undefined;
}

/**
 * A DOM of the page. linkedom builds no implicit `<html>` and `<body>` (as browsers do) for a page
 * that leaves their tags out, and finds nothing in its empty body: such a page is wrapped first.
 */
function parsePage(html: string): Document {
  if (/<html[\s>]/i.test(html)) return parseHTML(html).document as unknown as Document;
  return parseHTML(`<!DOCTYPE html><html><body>${html.replace(/^\s*<!doctype[^>]*>/i, '')}</body></html>`).document as unknown as Document;
}

/**
 * The papers of a saved page. The adapter is the one for `options.url`, else for the page's own
 * canonical or `og:url` address, else for where its markup says it came from; a page from a site no
 * adapter knows (or with no address at all) is read by the generic adapter. Throws only for an
 * invalid `options.url`.
 */
export function extractFromHtml(html: string, options: { url?: string } = {}): Extraction {
  const doc = parsePage(html);
  let url: URL | undefined;
  if (options.url !== undefined) {
    url = parseWebUrl(options.url);
    if (!url) throw new TypeError(`not an http(s) URL: ${options.url}`);
  }
  url ??= ownUrl(doc) ?? sniffedUrl(html, doc) ?? new URL(UNKNOWN_URL);
  const adapter: SiteAdapter = findAdapter(url) ?? (generic as SiteAdapter);
  const papers = extractPage(doc, url, adapter).map((found) => found.paper);
  return { adapter: adapter.id, url: url.href, papers };
}

/** Papers as text: pretty JSON (an array), one JSON object per line, or a Markdown list. Ends with a line break. */
export function formatPapers(papers: readonly Paper[], format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(papers, null, 2)}\n`;
    case 'jsonl':
      return papers.map((paper) => `${JSON.stringify(paper)}\n`).join('');
    case 'md':
      return papers.length ? papers.map(markdownItem).join('') : '_No papers found._\n';
  }
}

// Characters that start markup inside a line: emphasis, code, links, images, raw HTML, entities,
// strikethrough and table cells. Page text never starts a line (each line opens with "- " or a
// label), so block markers such as "#", "1." or "+" need no escape.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()<>!|~&]/g;

/** Page text as literal Markdown text: specials escaped, line breaks folded (a list item stays one item). */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(MARKDOWN_SPECIAL, '\\$&');
}

/** A URL as a Markdown link destination: http(s) only, with the characters that would end it encoded. */
function markdownUrl(value: string | undefined): string | undefined {
  const url = parseWebUrl(value);
  if (!url) return undefined;
  return url.href.replace(/[()<> ]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function markdownLink(text: string, url: string | undefined): string {
  const target = markdownUrl(url);
  return target ? `[${escapeMarkdown(text)}](${target})` : escapeMarkdown(text);
}

function markdownItem(paper: Paper): string {
  const lines = [`- ${markdownLink(paper.title || paper.id, paper.url)}`];
  if (paper.authors.length) lines.push(`  Authors: ${escapeMarkdown(paper.authors.join(', '))}`);
  const ids: string[] = [];
  if (paper.arxivId) ids.push(`arXiv ${markdownLink(paper.arxivId, `https://arxiv.org/abs/${paper.arxivId}`)}`);
  if (paper.doi) ids.push(`DOI ${markdownLink(paper.doi, `https://doi.org/${paper.doi}`)}`);
  if (ids.length) lines.push(`  ${ids.join(' · ')}`);
  if (paper.codeLinks.length) {
    const links = paper.codeLinks.map(
      (link) => `${markdownLink(link.label, link.url)}${link.status === 'promised' ? ' (promised)' : ''}`,
    );
    lines.push(`  Code: ${links.join(' · ')}`);
  }
  // Two trailing spaces: a hard line break, so the item's lines do not run into one paragraph.
  return `${lines.join('  \n')}\n`;
}
