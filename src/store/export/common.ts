/**
 * What every export format shares: a fixed order, dates, person names and citation keys.
 * Everything here is pure and locale-independent, so one library gives one output on any machine.
 */
import { dateNumbers } from '../../shared/dates';
import type { PaperId } from '../../shared/paper';
import type { PaperRecord } from '../db';
import type { LibraryEntry } from '../query';

/** Compares ids by UTF-16 code units, as IndexedDB orders keys; never by locale. */
export function compareIds(a: PaperId, b: PaperId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of the entries sorted by paper id: every export lists papers in this order. */
export function sortById(entries: readonly LibraryEntry[]): LibraryEntry[] {
  return [...entries].sort((a, b) => compareIds(a.paper.id, b.paper.id));
}

/** ISO 8601 UTC of an epoch-ms time, or `''` when it is not a valid time (Date would throw). */
export function isoTime(ms: number | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '';
}

/** An unpaired UTF-16 surrogate (global: use with `replace`; its `source` composes into other patterns). */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces unpaired UTF-16 surrogates with U+FFFD, as a UTF-8 encoder would. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** The arXiv id of a paper, from its field or its id. */
export function arxivIdOf(paper: PaperRecord): string | undefined {
  return paper.arxivId || (paper.id.startsWith('arxiv:') ? paper.id.slice(6) : undefined);
}

/** The paper's own DOI when it is not arXiv's DataCite one. */
export function journalDoiOf(paper: PaperRecord): string | undefined {
  const doi = paper.doi || (paper.id.startsWith('doi:') ? paper.id.slice(4) : undefined);
  return doi && !/^10\.48550\/arxiv\./i.test(doi) ? doi : undefined;
}

/** arXiv registers a DOI for every paper: `10.48550/arXiv.<id>`. */
export function arxivDoi(arxivId: string): string {
  return `10.48550/arXiv.${arxivId}`;
}

/** The paper's page when it is a web address; exports never carry other schemes. */
export function webUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : undefined;
}

/** Year, month and day of a paper: its date, else what its arXiv id encodes (YYMM). */
export function dateParts(paper: PaperRecord): [number] | [number, number] | [number, number, number] | undefined {
  const date = dateNumbers(paper.date);
  if (date) return date;
  const id = arxivIdOf(paper);
  // New ids are YYMM.NNNNN (from 2007); old ones archive/YYMMNNN (from 1991).
  const yymm = id ? (/^(\d{2})(\d{2})\.\d+$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id)) : null;
  if (!yymm) return undefined;
  const yy = Number(yymm[1]);
  const month = Number(yymm[2]);
  const year = yy >= 91 ? 1900 + yy : 2000 + yy;
  return month >= 1 && month <= 12 ? [year, month] : [year];
}

/** A person's name split the way CSL and BibTeX want it. */
export interface PersonName {
  given?: string;
  /** Including lower-case particles: "van der Berg". */
  family?: string;
  /** The family name without particles, for citation keys: "Berg". */
  core?: string;
  suffix?: string;
  /** A name that cannot be split (one word, or a script written without spaces). */
  literal?: string;
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ten', 'ter', 'zu', 'bin', 'ibn', 'al', 'el', 'af', 'av']);
const SUFFIXES = /^(jr\.?|sr\.?|ii|iii|iv|v)$/i;

/**
 * Splits "First Last" as the pages give names. Lower-case particles stay with the family name
 * ("Ludwig van Beethoven" → given Ludwig, family "van Beethoven"); "Jr." and roman numerals become
 * a suffix; "Last, First" is honoured; a single word is a literal name.
 */
export function splitName(raw: string): PersonName {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) return {};
  const comma = name.indexOf(',');
  if (comma > 0) {
    const family = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    return given ? { given, family, core: stripParticles(family) } : { literal: family };
  }
  const words = name.split(' ');
  let suffix: string | undefined;
  if (words.length > 2 && SUFFIXES.test(words[words.length - 1]!)) suffix = words.pop();
  if (words.length === 1) return { literal: name };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start -= 1;
  const out: PersonName = { given: words.slice(0, start).join(' '), family: words.slice(start).join(' ') };
  out.core = words[words.length - 1]!;
  if (suffix) out.suffix = suffix;
  return out;
}

function stripParticles(family: string): string {
  const words = family.split(' ');
  while (words.length > 1 && PARTICLES.has(words[0]!)) words.shift();
  return words.join(' ');
}

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i' };

const NON_ASCII = /[\u0080-\uffff]/;

/** Latin letters with their accents removed, lower-case, letters and digits only: "Müller" → "muller". */
export function asciiFold(text: string): string {
  // ASCII has nothing to fold, decompose or strip: skipping NFKD and the mark pass took the bench
  // library's names and title words from 33 to 14 ms.
  if (!NON_ASCII.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return text
    .replace(/[ßæÆøØœŒđĐłŁþÞðÐı]/g, (ch) => FOLD[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'with', 'at', 'by', 'from', 'via', 'towards', 'toward', 'is', 'are']);

function firstTitleWord(title: string): string {
  for (const word of title.split(/[^\p{L}\p{N}]+/u)) {
    const folded = asciiFold(word);
    if (folded && !STOP_WORDS.has(folded)) return folded;
  }
  return '';
}

/** `a`…`z`, `aa`, `ab`…: suffixes for citation keys that would clash. */
function letterSuffix(n: number): string {
  let out = '';
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) out = String.fromCharCode(97 + ((i - 1) % 26)) + out;
  return out;
}

/** The first author's part of a citation key: the family name without particles, ASCII, lower-case. */
function authorKey(raw: string): string {
  const name = splitName(raw);
  return asciiFold(name.core ?? name.family ?? name.literal ?? '') || 'anon';
}

/** `<first author's family name><year><first significant title word>`, ASCII, lower-case. */
export function baseCiteKey(paper: PaperRecord, authorKeyOf: (raw: string) => string = authorKey): string {
  const year = dateParts(paper)?.[0] ?? '';
  return `${authorKeyOf(paper.authors[0] ?? '')}${year}${firstTitleWord(paper.title)}`;
}

/**
 * `baseCiteKey` of each entry. Only papers with the same base change each other's keys: a base is
 * `[a-z0-9]+`, so no paper's plain key can be another's suffixed `<base>-<letters>` either.
 */
export function baseCiteKeys(entries: readonly LibraryEntry[]): string[] {
  // First authors recur: each distinct one is split and folded once (~10 ms of 10 000 papers' ~55).
  const authorKeyOf = memoized(authorKey);
  return entries.map((entry) => baseCiteKey(entry.paper, authorKeyOf));
}

/** `answer` with its answers kept per text, for one export: names recur across a library. */
export function memoized(answer: (text: string) => string): (text: string) => string {
  const answers = new Map<string, string>();
  return (text) => {
    let known = answers.get(text);
    if (known === undefined) answers.set(text, (known = answer(text)));
    return known;
  };
}

/**
 * A citation key for every paper, unique within the set: keys that clash all get `-` and three
 * letters of their paper's id. A paper's key is its own: the same in every export where it clashes
 * with another (its plain key where it does not), never another paper's — unless two papers of one
 * clash share those letters (1 in 17 576), where the later id's key depends on the earlier's presence.
 */
export function citeKeys(entries: readonly LibraryEntry[]): Map<PaperId, string> {
  return citeKeysOfSorted(sortById(entries));
}

/**
 * The keys of entries already in `sortById` order. With `among` (the library's noted papers), they are
 * chosen among those and the entries together: a scoped export (a page's, a tag's, a listing's, one
 * copied citation) then gives each paper the key the export of the whole library gives it.
 */
export function citeKeysAmong(sorted: readonly LibraryEntry[], among?: readonly LibraryEntry[]): Map<PaperId, string> {
  if (!among) return citeKeysOfSorted(sorted);
  const ids = new Set(sorted.map((entry) => entry.paper.id));
  return citeKeys([...sorted, ...among.filter((entry) => !ids.has(entry.paper.id))]);
}

/** `citeKeys` of entries already in `sortById` order: spares a caller that sorted them a second sort (~10 ms for 10 000). */
export function citeKeysOfSorted(sorted: readonly LibraryEntry[]): Map<PaperId, string> {
  const bases = baseCiteKeys(sorted);
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  // A suffixed key must not take a key some other paper has as its plain one.
  const taken = new Set(bases.filter((base) => counts.get(base) === 1));
  const keys = new Map<PaperId, string>();
  sorted.forEach((entry, i) => {
    const base = bases[i]!;
    let key = base;
    if (counts.get(base)! > 1) {
      // Papers whose keys clash each take letters of their own id, not a, b, … by position: a key
      // written in a manuscript then names the same paper in any later export, whatever joined or left
      // it, or none (LaTeX says so). The `-` keeps it from ever being some other paper's plain key.
      key = `${base}-${idLetters(entry.paper.id)}`;
      // Two of one clash with the same letters (1 in 17 576): the later id gets a letter more.
      for (let n = 0; taken.has(key); n++) key = `${base}-${idLetters(entry.paper.id)}${letterSuffix(n)}`;
      taken.add(key);
    }
    keys.set(entry.paper.id, key);
  });
  return keys;
}

/** Three letters of a paper's id (FNV-1a): the same wherever and with whatever the paper is exported. */
function idLetters(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash >>>= 0;
  let out = '';
  for (let i = 0; i < 3; i++, hash = Math.floor(hash / 26)) out += String.fromCharCode(97 + (hash % 26));
  return out;
}
