import { readPaperDate } from '../shared/dates';
import type { CodeLink, Paper } from '../shared/paper';
import { canonicalArxivId, canonicalPaperId, foldWhitespace, isPaperId } from '../shared/paper';

/**
 * What one stored paper may hold. The backup reader (backup.ts) checks files against the same limits,
 * so whatever the library stores, however many visits and imports added to it, can be restored.
 */
export const PAPER_LIMITS = {
  title: 2_000,
  text: 100_000,
  authors: 5_000,
  authorName: 1_000,
  codeLinks: 1_000,
  seenOn: 100,
  source: 64,
  arxivId: 64,
  doi: 512,
  url: 4096,
  linkLabel: 200,
} as const;

/** A merged paper's lists cut to `PAPER_LIMITS` (each merge of a visit or a file adds to them). */
export function capLists<T extends Pick<Paper, 'codeLinks'> & { seenOn?: string[] }>(paper: T): T {
  if (paper.codeLinks.length > PAPER_LIMITS.codeLinks) paper.codeLinks = paper.codeLinks.slice(0, PAPER_LIMITS.codeLinks);
  if (paper.seenOn && paper.seenOn.length > PAPER_LIMITS.seenOn) paper.seenOn = paper.seenOn.slice(0, PAPER_LIMITS.seenOn);
  return paper;
}

const MAX_PAPERS = 20_000;

/**
 * A text from a page with its white space folded, if that fits `max`: cards send abstracts and
 * comments as read (see FoundPaper), and the text as read may be twice as long.
 */
export function foldedText(value: unknown, max: number = PAPER_LIMITS.text): string | undefined {
  if (typeof value !== 'string' || value.length > 2 * max) return undefined;
  const folded = foldWhitespace(value);
  return folded.length <= max ? folded : undefined;
}

function text(value: unknown, max: number = PAPER_LIMITS.text): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const url = text(value, PAPER_LIMITS.url);
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

function codeLinks(value: unknown): CodeLink[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((link): link is CodeLink => !!link && typeof link === 'object' && !!httpUrl((link as CodeLink).url))
    .slice(0, 100)
    .map(({ url, host, kind, status, label }) => ({ url, host, kind, status, label: String(label ?? '').slice(0, PAPER_LIMITS.linkLabel) }));
}

/**
 * Rebuilds papers that arrive from another context field by field, keeping only well-typed values:
 * a message is data to check, whoever sent it. Papers without an id or title are dropped.
 */
export function validatePapers(value: unknown): Paper[] {
  if (!Array.isArray(value)) throw new Error('Expected a list of papers.');
  const papers: Paper[] = [];
  for (const raw of value.slice(0, MAX_PAPERS) as Array<Record<string, unknown>>) {
    if (!raw || typeof raw !== 'object') continue;
    const title = text(raw.title, PAPER_LIMITS.title);
    const url = httpUrl(raw.url);
    if (!isPaperId(raw.id) || !title || !url) continue;
    const authors = Array.isArray(raw.authors)
      ? raw.authors
          .filter((name): name is string => typeof name === 'string')
          .slice(0, PAPER_LIMITS.authors)
          .map((name) => name.slice(0, PAPER_LIMITS.authorName))
      : [];
    const paper: Paper = {
      id: canonicalPaperId(raw.id),
      title,
      authors: authors as string[],
      url,
      codeLinks: codeLinks(raw.codeLinks),
      source: text(raw.source, PAPER_LIMITS.source) ?? 'unknown',
    };
    const optional = {
      authorCount: count(raw.authorCount),
      arxivId: canonicalArxivId(text(raw.arxivId, PAPER_LIMITS.arxivId)),
      doi: text(raw.doi, PAPER_LIMITS.doi),
      abstract: foldedText(raw.abstract) || undefined,
      date: readPaperDate(raw.date),
      upvotes: count(raw.upvotes),
      comments: count(raw.comments),
      projectPage: httpUrl(raw.projectPage),
    };
    for (const [key, field] of Object.entries(optional)) {
      if (field !== undefined) (paper as unknown as Record<string, unknown>)[key] = field;
    }
    papers.push(paper);
  }
  return papers;
}
