// The code-link engine runs here, not in content scripts: it is the largest part of what a page
// would load, and its URL parsing was the largest part of a feed's extraction time.
import { classifyLink, findLinkRanges, linkPaper } from '../shared/code-links';
import type { FoundLinks } from '../shared/messages';
import type { FoundPaper } from '../shared/paper';

const MAX_URLS = 2000;
const MAX_TEXTS = 500;
const MAX_TEXT = 200_000;

/** The papers of a page with their code links read; what is no object is passed on for validation to drop. */
export function linkFound(papers: unknown): unknown {
  if (!Array.isArray(papers)) return papers;
  return papers.map((found: unknown) => (found && typeof found === 'object' ? linkPaper(found as FoundPaper) : found));
}

/** The code links among an element's anchors and texts (`findLinks`); anything but strings finds none. */
export function findLinks(req: { urls?: unknown; texts?: unknown } | undefined): FoundLinks {
  const urls = Array.isArray(req?.urls) ? req.urls.slice(0, MAX_URLS) : [];
  const texts = Array.isArray(req?.texts) ? req.texts.slice(0, MAX_TEXTS) : [];
  return {
    urls: urls.map((url) => (typeof url === 'string' ? (classifyLink(url)?.kind ?? null) : null)),
    texts: texts.map((text) =>
      typeof text === 'string' && text.length <= MAX_TEXT
        ? findLinkRanges(text).map(({ start, end, url, kind }) => [start, end, url, kind] as [number, number, string, typeof kind])
        : [],
    ),
  };
}
