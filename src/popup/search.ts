import type { Annotation, ReadingStatus } from '../shared/annotation';
import { tagKey } from '../shared/annotation';
import type { Paper } from '../shared/paper';

/** What the library shows per paper: the paper as stored and the reader's annotation. */
export interface Entry {
  paper: Paper & { updatedAt?: number; lastSeenAt?: number };
  annotation?: Annotation;
}

export type SortOrder = 'edited' | 'date';

interface Indexed {
  entry: Entry;
  /** Sort keys, computed once: a comparator must not build strings on every comparison. */
  edited: number;
  date: string;
  title: string;
  authors: string;
  tags: string;
  note: string;
  tagKeys: Set<string>;
  status: ReadingStatus;
}

/** Lower-case, accents removed: "Schölkopf" is found by "scholkopf". */
export function fold(text: string): string {
  // Most text is plain ASCII, where normalising finds nothing to remove.
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Built once per library load, so a keystroke only scans prepared strings. */
export function buildIndex(entries: readonly Entry[]): Indexed[] {
  return entries.map((entry) => ({
    entry,
    edited: entry.annotation?.updatedAt ?? entry.paper.updatedAt ?? 0,
    date: entry.paper.date ?? '',
    title: fold(entry.paper.title),
    authors: fold(entry.paper.authors.join(' · ')),
    tags: fold((entry.annotation?.tags ?? []).join(' · ')),
    note: fold(entry.annotation?.note ?? ''),
    tagKeys: new Set((entry.annotation?.tags ?? []).map(tagKey)),
    status: entry.annotation?.status ?? 'none',
  }));
}

const MAX_SKIPPED = 3;

/**
 * True when the letters of `token` appear in order in `text` with at most three letters between them
 * in all: the typo-tolerant fallback for titles ("mnpulation" finds "manipulation"). Letters spread
 * over a whole title ("stays" in "Simultaneous … Speech") do not count.
 */
function isCloseSubsequence(token: string, text: string): boolean {
  for (let start = text.indexOf(token[0]!); start >= 0; start = text.indexOf(token[0]!, start + 1)) {
    let at = start + 1;
    let complete = true;
    for (const char of token.slice(1)) {
      at = text.indexOf(char, at);
      if (at < 0 || at - start + 1 > token.length + MAX_SKIPPED) {
        complete = false;
        break;
      }
      at++;
    }
    if (complete) return true;
  }
  return false;
}

function tokenScore(item: Indexed, token: string, fuzzy: boolean): number {
  // "#rl", as cards and lists show tags, means the tag; a word that is a whole tag ranks above a
  // title that merely contains its letters ("rl" in "World").
  if (token.startsWith('#')) return item.tagKeys.has(token.slice(1)) ? 10 : item.tags.includes(token.slice(1)) ? 6 : 0;
  if (item.tagKeys.has(token)) return 9;
  if (item.title.includes(token)) return 8;
  if (item.tags.includes(token)) return 6;
  if (item.authors.includes(token)) return 4;
  if (item.note.includes(token)) return 3;
  // Only longer tokens, or "ml" would match half the library by letters alone.
  if (fuzzy && token.length >= 4 && isCloseSubsequence(token, item.title)) return 1;
  return 0;
}

// Typo tolerance is a fallback: when the words themselves match this many papers, it is not needed,
// and skipping it keeps a keystroke over 10 000 papers within a frame.
const ENOUGH_EXACT = 20;

/**
 * Library search: every word of the query must match the title, tags, authors or note (title
 * matches rank first), optionally within one tag and one reading status. Sorted by score, then by
 * the chosen order.
 */
export function search(index: readonly Indexed[], query: string, options: { tag?: string; status?: ReadingStatus; sort: SortOrder }): Entry[] {
  const tokens = fold(query).split(/\s+/).filter(Boolean);
  const tag = options.tag ? tagKey(options.tag) : undefined;
  const { status } = options;
  const pass = (fuzzy: boolean): Array<[number, Indexed]> => {
    const hits: Array<[number, Indexed]> = [];
    for (const item of index) {
      if ((tag && !item.tagKeys.has(tag)) || (status && item.status !== status)) continue;
      let score = 0;
      for (const token of tokens) {
        const value = tokenScore(item, token, fuzzy);
        if (value === 0) {
          score = -1;
          break;
        }
        score += value;
      }
      if (score >= 0) hits.push([score, item]);
    }
    return hits;
  };
  let hits = pass(false);
  if (hits.length < ENOUGH_EXACT && tokens.some((token) => token.length >= 4)) hits = pass(true);
  const byDate = options.sort === 'date';
  hits.sort(
    (a, b) =>
      b[0] - a[0] ||
      (byDate ? (a[1].date < b[1].date ? 1 : a[1].date > b[1].date ? -1 : 0) : b[1].edited - a[1].edited) ||
      (a[1].entry.paper.id < b[1].entry.paper.id ? -1 : 1),
  );
  return hits.map(([, item]) => item.entry);
}
