/**
 * The paper model shared by every context, and the normalisers that give one paper one id
 * wherever it shows up (Hugging Face, arXiv, a topic digest).
 */

/** `arxiv:<id without version>`, else `doi:<lower-cased DOI>`, else `title:<normalised title>`. */
export type PaperId = `arxiv:${string}` | `doi:${string}` | `title:${string}`;

/** Where a code link points. */
export type CodeHost =
  | 'github'
  | 'gitlab'
  | 'bitbucket'
  | 'codeberg'
  | 'hf-space'
  | 'hf-model'
  | 'hf-dataset'
  | 'anonymous'
  | 'other';

/** What a link is for: source code, a project page, or a data set. */
export type LinkKind = 'code' | 'project' | 'data';

/** `promised` when the text only announces it ("code will be released at ..."). */
export type LinkStatus = 'available' | 'promised';

/** A normalised, classified link found on a card, in its JSON or in its abstract. */
export interface CodeLink {
  url: string;
  host: CodeHost;
  kind: LinkKind;
  status: LinkStatus;
  /** Short display form, such as `owner/repo` for a forge or the host name for a page. */
  label: string;
}

/**
 * The links with code first, then project pages and data, each kind in the order given: the card's
 * first badge, its `o`, and the lists the library and its exports show lead with the code a reader came for.
 */
export function codeFirst(links: readonly CodeLink[]): CodeLink[] {
  return [...links.filter((link) => link.kind === 'code'), ...links.filter((link) => link.kind !== 'code')];
}

/** One paper as an adapter extracts it from a page. Optional fields are absent when unknown. */
export interface Paper {
  id: PaperId;
  title: string;
  /** "First Last" strings; empty when the page shows only a count. */
  authors: string[];
  /** Number of authors: `authors.length` where names are known, the page's count otherwise. */
  authorCount?: number;
  arxivId?: string;
  doi?: string;
  abstract?: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` where only that is known (see `dates.ts`). */
  date?: string;
  upvotes?: number;
  comments?: number;
  projectPage?: string;
  /** The paper's own page (absolute URL). */
  url: string;
  codeLinks: CodeLink[];
  /** Id of the adapter that found it. */
  source: string;
}

/**
 * Where a card writes its code links, not yet read: URLs (JSON fields, then anchors, in the order they
 * count), then the paper's abstract, then other texts (comments). The abstract is not repeated here: it
 * travels once, as the paper's. The code-link engine (`shared/code-links`) turns them into `codeLinks`;
 * for a content script the background does it, so the engine stays out of the page.
 */
export interface LinkSources {
  urls: string[];
  texts: string[];
}

/**
 * A paper as a site adapter reads it off a card: everything but its code links, which are still sources.
 * Its abstract and texts keep their white space as read: only the background reads them, and
 * `linkPaper` folds them there, off the page's thread (an arXiv or Hugging Face feed's abstracts are
 * most of its text, and folding them was a tenth of its scan).
 */
export type FoundPaper = Omit<Paper, 'codeLinks'> & { links: LinkSources };

// New-style ids (0704.0001 onwards, 5 digits since 1501) and old-style ids such as hep-th/9901001.
const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
const OLD_ID = String.raw`[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}`;
const VERSION = String.raw`(?:v\d+)?`;

const ARXIV_URL = new RegExp(
  String.raw`(?:arxiv\.org|alphaxiv\.org|huggingface\.co)/(?:abs|pdf|html|format|papers|overview)/(${NEW_ID}|${OLD_ID})${VERSION}`,
  'i',
);
const ARXIV_TEXT = new RegExp(String.raw`arxiv:\s*(${NEW_ID}|${OLD_ID})${VERSION}`, 'i');
const BARE_ID = new RegExp(String.raw`^(${NEW_ID}|${OLD_ID})${VERSION}$`);

/**
 * The version-free arXiv id in a URL (`/abs/`, `/pdf/`, `/html/`, Hugging Face and alphaXiv pages),
 * an `arXiv:` mention or a bare id; `undefined` when there is none.
 */
export function findArxivId(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  const match = ARXIV_URL.exec(trimmed) ?? ARXIV_TEXT.exec(trimmed) ?? BARE_ID.exec(trimmed);
  return match?.[1];
}

/**
 * An arXiv id as arXiv writes it: an old-style id's archive in lower case and its subject class in
 * upper case (`Hep-th/9901001` → `hep-th/9901001`, `math.gt/0309136` → `math.GT/0309136`), as
 * `findArxivId` reads them case-insensitively from text and URLs. Other values are returned as given.
 */
export function canonicalArxivId(id: string | undefined): string | undefined {
  const old = id && /^([a-z][a-z-]*)(?:\.([a-z]{2}))?(\/\d{7})$/i.exec(id);
  if (!old) return id;
  return `${old[1]!.toLowerCase()}${old[2] ? `.${old[2].toUpperCase()}` : ''}${old[3]}`;
}

/**
 * A paper id as the library keys it: an arXiv id without its version and in arXiv's case, a DOI in
 * lower case, as `makePaperId` makes them from a page. For ids read from files, which another tool,
 * a hand edit or an older library may have written otherwise; any other id is returned as given.
 */
export function canonicalPaperId(id: PaperId): PaperId {
  if (id.startsWith('doi:')) return `doi:${id.slice(4).toLowerCase()}`;
  const arxivId = id.startsWith('arxiv:') ? (anyCaseId ??= new RegExp(BARE_ID.source, 'i')).exec(id.slice(6))?.[1] : undefined;
  return arxivId ? `arxiv:${canonicalArxivId(arxivId)}` : id;
}

// Made on first use: a module-level one would stay in the content scripts, which never use it.
let anyCaseId: RegExp | undefined;

const DOI = /\b(10\.\d{4,9}\/[^\s"<>]+)/;
// arXiv's own DOIs (10.48550/arXiv.<id>, since 2022) name an arXiv paper: one paper, one id.
const ARXIV_DOI = /10\.48550\/arxiv\.(.+)$/i;

/** What follows `10.48550/arXiv.` in arXiv's own DOI (or an address ending in one); none for another DOI. */
export function arxivDoiSuffix(doi: string | undefined): string | undefined {
  return doi ? ARXIV_DOI.exec(doi)?.[1] : undefined;
}

/** A DOI found in text or a `doi.org` URL, lower-cased (DOIs are case-insensitive). */
export function findDoi(text: string | null | undefined): string | undefined {
  const match = text ? DOI.exec(text) : null;
  return match?.[1]?.replace(/[.,;)\]]+$/, '').toLowerCase();
}

/** Collapses runs of white space (and TeX's `\\` line breaks) into single spaces, trimmed. */
export function foldWhitespace(text: string): string {
  return text.replace(FOLD, ' ').trim();
}

// Only the runs that change: any white space but a plain space, a TeX break, or a space followed by
// more of either, with the rest of its run. Single spaces between words (nearly all) never match;
// replacing every `\s+` was a fifth of an arXiv feed's scan.
const FOLD = /(?:[^\S ]|\\\\| (?=[\s\\]))(?:\s|\\\\)*/g;

/** A title reduced to lower-case letters and digits, so that one paper matches across sites. */
export function normaliseTitle(title: string): string {
  return foldWhitespace(title)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The id of a paper: arXiv id first, then DOI, then its normalised title. */
export function makePaperId(parts: { arxivId?: string; doi?: string; title: string }): PaperId {
  if (parts.arxivId) return `arxiv:${parts.arxivId}`;
  if (parts.doi) return `doi:${parts.doi.toLowerCase()}`;
  return `title:${normaliseTitle(parts.title)}`;
}

/** True for ids this module makes; guards data coming from pages and import files. */
export function isPaperId(value: unknown): value is PaperId {
  return typeof value === 'string' && /^(arxiv|doi|title):\S/.test(value) && value.length < 1000;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Decodes HTML character references left in text (Hugging Face's JSON holds names such as
 * `D&#39;Mello`). Pure string work: page text is never parsed as HTML.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** `YYYY-MM-DD` from an ISO timestamp, or `undefined`. */
export function isoDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1];
}
