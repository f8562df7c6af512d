// The code-link engine runs here, not in content scripts: it is the largest part of what a page
// would load, and its URL parsing was the largest part of a feed's extraction time.
import { classifyLink, findLinkRanges, linkPaper } from '../shared/code-links';
import { FIND_LINKS_LIMITS, type FoundLinks, LINK_ATTRIBUTE } from '../shared/messages';
import type { FoundPaper, Paper } from '../shared/paper';
import { foldedText } from '../store/validate';

const { urls: MAX_URLS, texts: MAX_TEXTS, textLength: MAX_TEXT } = FIND_LINKS_LIMITS;
// As validation (store/validate.ts): longer abstracts are dropped, more papers are not stored.
const MAX_PAPERS = 20_000;
const MAX_PAPER_URLS = 200;
const MAX_PAPER_TEXTS = 20;

/**
 * The papers of a page with their code links read, one per item sent (`undefined` for what is no
 * object, which validation then drops). The sources come from a page's context: their number and
 * size are capped before any is read, as validation caps the papers themselves.
 */
export function linkFound(papers: unknown): Array<Paper | undefined> {
  if (!Array.isArray(papers)) return [];
  return papers.slice(0, MAX_PAPERS).map((found: unknown) => {
    if (!found || typeof found !== 'object') return undefined;
    const { links, abstract } = found as Partial<FoundPaper>;
    return linkPaper({
      ...(found as FoundPaper),
      abstract: foldedText(abstract, MAX_TEXT),
      links: {
        urls: Array.isArray(links?.urls) ? links.urls.slice(0, MAX_PAPER_URLS) : [],
        texts: Array.isArray(links?.texts) ? links.texts.slice(0, MAX_PAPER_TEXTS).map((text) => foldedText(text, MAX_TEXT)).filter((text) => text !== undefined) : [],
      },
    });
  });
}

/** How the page shows the links the highlighter marks: nothing else in the page is styled by us. */
export const PAGE_LINKS_CSS = `a[${LINK_ATTRIBUTE}]{background:#dcfce7;color:#166534;border-radius:3px;padding:0 2px;text-decoration:underline}
a[${LINK_ATTRIBUTE}="project"],a[${LINK_ATTRIBUTE}="data"]{background:#e0f2fe;color:#075985}
@media (prefers-color-scheme:dark){a[${LINK_ATTRIBUTE}]{background:#14532d;color:#bbf7d0}
a[${LINK_ATTRIBUTE}="project"],a[${LINK_ATTRIBUTE}="data"]{background:#0c4a6e;color:#bae6fd}}`;

/**
 * The code links among an element's anchors and texts (`findLinks`); anything but strings finds none.
 * With `style`, the page's style for them too (the content script asks until it has it).
 */
export function findLinks(req: { urls?: unknown; texts?: unknown; style?: unknown } | undefined): FoundLinks {
  const urls = Array.isArray(req?.urls) ? req.urls.slice(0, MAX_URLS) : [];
  const texts = Array.isArray(req?.texts) ? req.texts.slice(0, MAX_TEXTS) : [];
  return {
    ...(req?.style === true && { style: PAGE_LINKS_CSS }),
    urls: urls.map((url) => (typeof url === 'string' ? (classifyLink(url)?.kind ?? null) : null)),
    texts: texts.map((text) =>
      typeof text === 'string' && text.length <= MAX_TEXT
        ? findLinkRanges(text).map(({ start, end, url, kind }) => [start, end, url, kind] as [number, number, string, typeof kind])
        : [],
    ),
  };
}
