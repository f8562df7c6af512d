import type { CodeLink, Paper } from '../shared/paper';
import { isPaperId } from '../shared/paper';

const MAX_PAPERS = 20_000;
const MAX_TEXT = 100_000;

function text(value: unknown, max = MAX_TEXT): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const url = text(value, 4096);
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

function codeLinks(value: unknown): CodeLink[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((link): link is CodeLink => !!link && typeof link === 'object' && !!httpUrl((link as CodeLink).url))
    .slice(0, 100)
    .map(({ url, host, kind, status, label }) => ({ url, host, kind, status, label: String(label ?? '').slice(0, 200) }));
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
    const title = text(raw.title, 2000);
    const url = httpUrl(raw.url);
    if (!isPaperId(raw.id) || !title || !url) continue;
    const authors = Array.isArray(raw.authors) ? raw.authors.filter((name) => typeof name === 'string').slice(0, 5000) : [];
    const paper: Paper = {
      id: raw.id,
      title,
      authors: authors as string[],
      url,
      codeLinks: codeLinks(raw.codeLinks),
      source: text(raw.source, 64) ?? 'unknown',
    };
    const optional = {
      authorCount: count(raw.authorCount),
      arxivId: text(raw.arxivId, 64),
      doi: text(raw.doi, 512),
      abstract: text(raw.abstract),
      date: text(raw.date, 10),
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
