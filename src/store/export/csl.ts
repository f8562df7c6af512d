/**
 * CSL-JSON (citation-style-language/schema, `csl-data.json`) for Zotero, pandoc and citeproc.
 *
 * Items follow what Zotero itself writes for arXiv preprints: type `article`, `publisher: "arXiv"`,
 * `number: "arXiv:<id>"` and arXiv's DOI `10.48550/arXiv.<id>`, or the paper's own DOI when it has a
 * journal's: the library knows no journal name, and as `article-journal` the arXiv id in `number`
 * reads as the journal's article number (APA printed it twice). A paper known only by a journal DOI
 * is `article-journal` with that DOI. The `id` is the same citation key as the BibTeX export, so
 * `[@dubey2024llama]` cites the same paper whichever file pandoc is given.
 * The user's note, tags and status are NOT written (a citation file is for sharing; see bibtex.ts).
 */
import type { LibraryEntry } from '../query';
import { arxivDoi, arxivIdOf, citeKeysAmong, dateParts, journalDoiOf, sortById, splitName, webUrl } from './common';

/** A CSL name: split when it can be, `literal` when it cannot. */
export type CslName =
  | { family: string; given?: string; suffix?: string }
  | { literal: string };

/** The subset of a CSL-JSON item this export writes. */
export interface CslItem {
  id: string;
  type: 'article' | 'article-journal';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': number[][] };
  abstract?: string;
  URL?: string;
  DOI?: string;
  number?: string;
  publisher?: string;
}

function cslName(raw: string): CslName | undefined {
  const name = splitName(raw);
  if (name.literal !== undefined) return { literal: name.literal };
  if (!name.family) return undefined;
  // Particles stay in `family` ("van der Berg"): Zotero imports that as the last name, which is how it stores them.
  const out: CslName = { family: name.family };
  if (name.given) out.given = name.given;
  if (name.suffix) out.suffix = name.suffix;
  return out;
}

/** The entries as CSL-JSON items, sorted by id; with `among`, keyed as `toBibtex` keys them. */
export function toCslItems(entries: readonly LibraryEntry[], among?: readonly LibraryEntry[]): CslItem[] {
  const sorted = sortById(entries);
  const keys = citeKeysAmong(sorted, among);
  return sorted.map(({ paper }) => {
    const arxivId = arxivIdOf(paper);
    const doi = journalDoiOf(paper);
    const item: CslItem = { id: keys.get(paper.id)!, type: doi && !arxivId ? 'article-journal' : 'article', title: paper.title };
    const authors = paper.authors.map(cslName).filter((name): name is CslName => !!name);
    if (authors.length > 0) item.author = authors;
    const date = dateParts(paper);
    if (date) item.issued = { 'date-parts': [date] };
    if (paper.abstract) item.abstract = paper.abstract;
    const url = webUrl(paper.url);
    if (url) item.URL = url;
    const doiValue = doi ?? (arxivId ? arxivDoi(arxivId) : undefined);
    if (doiValue) item.DOI = doiValue;
    if (arxivId) {
      item.number = `arXiv:${arxivId}`;
      item.publisher = 'arXiv';
    }
    return item;
  });
}

/**
 * The CSL-JSON file in pieces, one per item, whose concatenation is `toCslJson`'s text: the export
 * encodes them one by one (see `utf8`).
 */
export function cslJsonPieces(entries: readonly LibraryEntry[], among?: readonly LibraryEntry[]): string[] {
  const items = toCslItems(entries, among);
  if (items.length === 0) return ['[]\n'];
  // Each item stringified alone, inside an array of its own to be indented as an element: Chromium
  // took 250–450 ms to indent the 10 000 items of one array, and 20–40 ms for them one by one.
  const pieces = items.map((item, i) => {
    const element = JSON.stringify([item], null, 2).slice(1, -2);
    return i === 0 ? `[${element}` : `,${element}`;
  });
  pieces.push('\n]\n');
  return pieces;
}

/** The entries as a CSL-JSON file: an array of items, two-space indented, ending with a newline. */
export function toCslJson(entries: readonly LibraryEntry[], among?: readonly LibraryEntry[]): string {
  return cslJsonPieces(entries, among).join('');
}
