/**
 * BibTeX for LaTeX users.
 *
 * - Entry type: `@misc` always, the arXiv-recommended form for preprints (`eprint`,
 *   `archivePrefix = {arXiv}`, `primaryClass` when the id names it), with the paper's own DOI, else
 *   arXiv's DataCite DOI `10.48550/arXiv.<id>`. The library never knows a journal's name, and
 *   `@article` requires one (biber: "Missing mandatory field 'journaltitle'"). Better BibTeX
 *   does the same: an arXiv item without a journal is `@misc` (zotero-better-bibtex#1667, #2058).
 * - Citation keys: `<family name><year><first significant title word>`, ASCII-folded and lower-case
 *   (`dubey2024llama`); papers whose keys clash each get `-` and three letters of their own id (`smith2024deep-kqz`),
 *   so a key keeps naming one paper whatever else an export holds; see `citeKeys`.
 * - Text fields escape TeX's specials `& % $ # _ { } ~ ^ \`. So a title's `$\alpha$` prints as
 *   typed, not as math: titles come from web pages, and unbalanced TeX would break the whole file.
 * - Verbatim fields (`url`, `doi`, `eprint`) are not TeX-escaped (biblatex reads them verbatim);
 *   braces, backslashes and white space are percent-encoded there instead.
 * - Non-ASCII stays UTF-8 (`Müller`, `张伟`): biber and bibtexu read it directly; classic 8-bit
 *   BibTeX needs `\usepackage[utf8]{inputenc}` and sorts such names imperfectly.
 * - The user's note, tags and status are NOT written: .bib files are shared with co-authors and
 *   publishers, and a private note must not travel with a bibliography. The Markdown, CSV and
 *   backup exports carry them.
 */
import type { LibraryEntry } from '../query';
import { arxivDoi, arxivIdOf, citeKeysAmong, dateParts, journalDoiOf, memoized, sortById, splitName, webUrl } from './common';

const TEX_SPECIALS: Record<string, string> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * What `escapeTex` changes: a TeX special, white space other than single spaces between words, a
 * control character, a noncharacter (U+FFFE, U+FDD0…: biber refuses the whole file for one).
 */
const NEEDS_ESCAPE = /[&%$#_{}~^\\]|[^\S ]| {2}|^ | $|\p{Cc}|\p{Noncharacter_Code_Point}/u;

/**
 * Text for a BibTeX field: TeX specials escaped, white space (line breaks included) folded, control
 * characters made spaces (a NUL in a page's title made Better BibTeX's parser drop the entry).
 */
export function escapeTex(text: string): string {
  // Most titles and names need neither: one test instead of three passes and two copies took the
  // bench library's 50 000 titles and names from 17 to 7 ms.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/\p{Noncharacter_Code_Point}/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[&%$#_{}~^\\]/g, (ch) => TEX_SPECIALS[ch]!);
}

/** A value for a verbatim field: nothing there may unbalance the braces or end the value. */
function verbatim(text: string): string {
  return text.replace(/[{}\\\s\p{Cc}\p{Noncharacter_Code_Point}]/gu, (ch) => encodeURIComponent(ch));
}

/** One author as `von Last, First` (BibTeX's unambiguous form), or `{Name}` for a single-word name. */
function bibName(raw: string): string {
  const name = splitName(raw);
  // Braces keep a literal name whole and stop a stray " and " or comma being read as a separator.
  const protect = (part: string) => (/,|(^|\s)and(\s|$)/i.test(part) ? `{${escapeTex(part)}}` : escapeTex(part));
  if (name.literal !== undefined) return `{${escapeTex(name.literal)}}`;
  if (!name.family) return '';
  const given = name.given ? `, ${protect(name.given)}` : '';
  return name.suffix ? `${protect(name.family)}, ${protect(name.suffix)}${given}` : `${protect(name.family)}${given}`;
}

/** The archive an old-style arXiv id names (`hep-th/9901001` → `hep-th`); new ids do not say. */
function primaryClass(arxivId: string | undefined): string | undefined {
  return arxivId?.match(/^([a-z-]+(?:\.[A-Z]{2})?)\//)?.[1];
}

/**
 * The entries as a BibTeX file, sorted by id, one entry per paper, ending with a newline.
 * Same entries, same bytes: the file reads no clock and no locale. With `among` (the library's noted
 * papers), keys are chosen among those and the entries together (see `citeKeysAmong`).
 */
export function toBibtex(entries: readonly LibraryEntry[], among?: readonly LibraryEntry[]): string {
  return bibtexPieces(entries, among).join('');
}

/** `toBibtex`'s text in pieces, an entry each: the export encodes them one by one (see `utf8`). */
export function bibtexPieces(entries: readonly LibraryEntry[], among?: readonly LibraryEntry[]): string[] {
  const sorted = sortById(entries);
  const keys = citeKeysAmong(sorted, among);
  // Authors recur across a library (the bench's 40 774 names are 902 distinct): splitting and
  // escaping each distinct name once saved ~40 ms of 10 000 papers' ~170 ms.
  const nameOf = memoized(bibName);
  const out: string[] = [];
  for (const { paper } of sorted) {
    const arxivId = arxivIdOf(paper);
    const doi = journalDoiOf(paper);
    const fields: Array<[string, string]> = [['title', `{${escapeTex(paper.title)}}`]];
    const authors = paper.authors.map(nameOf).filter((name) => name !== '');
    // A page that shows "and 40 more" lists only some names; BibTeX spells that "and others".
    if (authors.length > 0 && (paper.authorCount ?? 0) > paper.authors.length) authors.push('others');
    if (authors.length > 0) fields.push(['author', `{${authors.join(' and ')}}`]);
    const date = dateParts(paper);
    if (date) fields.push(['year', `{${date[0]}}`]);
    if (date?.[1]) fields.push(['month', MONTHS[date[1] - 1]!]);
    if (arxivId) {
      fields.push(['eprint', `{${verbatim(arxivId)}}`], ['archivePrefix', '{arXiv}']);
      const archive = primaryClass(arxivId);
      if (archive) fields.push(['primaryClass', `{${archive}}`]);
    }
    const doiValue = doi ?? (arxivId ? arxivDoi(arxivId) : undefined);
    if (doiValue) fields.push(['doi', `{${verbatim(doiValue)}}`]);
    const url = webUrl(paper.url);
    if (url) fields.push(['url', `{${verbatim(url)}}`]);
    // Entries apart by a blank line.
    out.push(`${out.length > 0 ? '\n' : ''}@misc{${keys.get(paper.id)},\n${fields.map(([name, value]) => `  ${name} = ${value},`).join('\n')}\n}\n`);
  }
  return out;
}
