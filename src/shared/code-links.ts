/**
 * The code-link engine: finds, normalises, classifies and merges the code, project-page and data-set
 * links of a paper, whether they come from a site's JSON or from the plain text of an abstract.
 *
 * Abstracts are untrusted page text, so this is pure string work: nothing parses HTML, nothing
 * throws, no regular expression repeats a group that can itself match text of unbounded length in
 * more than one way, and text is scanned left to right once, so a hostile abstract costs linear time.
 *
 * Classification decisions:
 * - GitHub, GitLab (gitlab.com and self-hosted `gitlab.*`), Bitbucket, Codeberg: kind `code`, URL
 *   `https://<host>/<owner>/<repo>`, label `owner/repo`; GitLab subgroups stay in the name.
 * - A forge owner page (`github.com/<owner>`) is kind `code`, label `owner`.
 * - Deep forge paths to a folder, file or non-default branch (`/tree/<ref>/<path>`, `/blob/...`,
 *   `/-/tree/...`, `/src/...`) keep their path; the label is `owner/repo/<path>`, or `owner/repo@<ref>`
 *   for a bare branch. `/tree/main` and `/tree/master` and every other sub-page (issues, releases,
 *   wiki) collapse to the repository.
 * - Hugging Face: models (`<owner>/<name>`) are `hf-model` kind `code` (weights are something to
 *   run, not to study); datasets are `hf-dataset` kind `data`; Spaces are `hf-space` kind `project`
 *   (a demo, not the source); always the repository root; paper pages are dropped.
 * - `anonymous.4open.science/r/<name>` is `anonymous` kind `code`, label `anonymous/<name>`.
 * - GitHub and GitLab Pages (`*.github.io`, `*.gitlab.io`) are project pages: host `other`, kind
 *   `project`, even when the sentence says "code".
 * - Zenodo, Figshare, Kaggle datasets, OSF, Dataverse, Google Drive, Dropbox: host `other`, kind `data`.
 * - Papers' own pages are not code and are dropped: arXiv, alphaXiv, DOIs, OpenReview, publishers and
 *   indexes, any `.pdf` outside forges and the Hub, licences, social networks, e-mail addresses and
 *   every scheme but http(s).
 * - Every other http(s) site is a project page: host `other`, kind `project`, label host + path.
 */
import { type CodeHost, type CodeLink, type FoundPaper, type LinkKind, type LinkStatus, type Paper, codeFirst, foldWhitespace } from './paper';

/** A text segment for rendering: plain text, or a link whose `text` is exactly as written. */
export interface LinkSegment {
  text: string;
  link?: CodeLink;
}

// Browsers cap URLs near 2 KB in practice; anything longer in an abstract is garbage, not a link.
const MAX_URL = 2048;
const WINDOW = 100;
const LABEL_MAX = 60;

// Hosts authors write without a scheme. The look-behind keeps e-mail addresses and the middle of
// longer host names out.
const SCHEMELESS_HOSTS = 'github.com gitlab.com bitbucket.org codeberg.org huggingface.co hf.co anonymous.4open.science'
  .replaceAll('.', String.raw`\.`)
  .replaceAll(' ', '|');
const SCHEMELESS = String.raw`(?<![\w.@/\\-])(?:(?:www\.)?(?:${SCHEMELESS_HOSTS})(?=/)|www\.[a-z0-9-]+\.[a-z])`;
// Pages sites without a scheme (`lab.github.io`). Text scanning matches from the literal `.github.io`
// and walks back over the subdomain: a pattern starting at any letter costs 5x more on prose.
const PAGES = String.raw`\.git(?:hub|lab)\.io(?![\w-])`;
const PAGES_START = /^[a-z0-9][a-z0-9-]{0,62}\.git(?:hub|lab)\.io(?![\w-])/i;
// A URL ends at white space, at characters never left raw in one, at TeX braces, at CJK punctuation
// and at a comma glued to a second URL ("https://a/b,https://c/d"); TeX escapes (`\_`, `\~{}`) are
// the only backslashes allowed inside.
const URL_CHAR = String.raw`[^\s<>"{}|\\^\`,;\u3000-\u303f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]`;
// A second address glued on ("…/a/b.https://…", "…/a/bhttps://…") starts a link of its own; one
// after `/` or `=` is part of the first (an archived copy, a redirect).
const BODY = String.raw`(?:(?!(?<=[^/=])https?://)${URL_CHAR}|[,;](?!https?://)|\\~\{\}|\\textasciitilde\{\}|\\textasciitilde|\\[_%#&~$])*`;
// "https: //github.com/..." (a space after the colon) is how one seed abstract writes it.
const CANDIDATE = new RegExp(String.raw`(?:https?:[ ]?//|${SCHEMELESS}|${PAGES})${BODY}`, 'gi');
const SCHEMELESS_START = new RegExp(`^${SCHEMELESS}`, 'i');

// A sentence glued to a URL, as when a listing joins paragraphs ("https://github.com/a/b.We also").
// Case matters (`.in` ends Indian hosts), so this is applied to a match, not inside CANDIDATE.
const GLUED_SENTENCE = new RegExp(
  String.raw`\.(?=(?:The|Our|We|This|These|In|It|Code|Data|Experiments|Extensive|Results|` +
    String.raw`Furthermore|Moreover|Additionally|Finally|Besides|Also|Project|Demo|Dataset|Models|Website|Homepage|Video)\b)`,
);

// `{https://same/url}` after a URL (an `\href` whose braces survived) or the text of an `\href`.
const BRACED_URL = /[^\s{}]{0,2048}\}/y;
const BRACED_TEXT = /\{[^{}\n]{0,300}\}/y;

const TEX_ESCAPE = /\\(?:~\{\}|textasciitilde\{\}|textasciitilde|[_%#&~$])/g;
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*', '\u2026', '\u2019', '\u201d', '\u00bb']);
// Control characters are exactly what these two look for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
// Input that needs more than trimming: TeX, braces, spaces, control characters, no http(s) scheme.
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\\{}\u0000-\u0020\u007f]|^(?!https?:\/\/)/i;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

// Phrases announcing a release. The look-behind keeps out words inside URLs (`github.com/a/soon`).
const PROMISE_BEFORE = new RegExp(
  String.raw`(?<![\w/.@#?=&%-])(?:` +
    [
      String.raw`(?:will|shall)\s+(?:soon\s+)?be\s+(?:made\s+)?(?:[a-z]+\s+)?` +
        String.raw`(?:available|released|public|published|open[- ]?sourced?|shared|uploaded|provided|accessible)`,
      String.raw`will\s+(?:soon\s+)?(?:release|open[- ]?source|publish|share|make)\b`,
      String.raw`to\s+be\s+(?:made\s+)?(?:[a-z]+\s+)?(?:available|released|public|open[- ]?sourced?)`,
      String.raw`(?<!\bas\s)soon\b`,
      String.raw`(?:upon|after)\s+(?:the\s+)?(?:paper'?s?\s+)?(?:acceptance|publication|review)`,
      String.raw`once\s+(?:the\s+paper\s+is\s+)?(?:accepted|published)`,
      String.raw`forthcoming\b`,
      String.raw`(?:plan|intend|aim|are\s+going)\s+to\s+(?:release|open[- ]?source|publish|share|make)\b`,
    ].join('|') +
    ')',
  'gi',
);
// Anchored at the end of the link: "https://... (coming soon)", "https://... will be released".
// Said available between a promise and a link ("… will be released upon acceptance, while the code is
// available at <link>"): the promise was about something else.
const AVAILABLE = /\b(?:is|are)\s+(?:already\s+|now\s+|publicly\s+)*(?:available|released|open[- ]?sourced)\b|\bhas\s+been\s+(?:released|open[- ]?sourced|made\s+(?:publicly\s+)?available)\b|\bcan\s+be\s+found\b/i;

const PROMISE_AFTER = new RegExp(
  String.raw`[ \t([:,-]{0,3}(?:coming\s+soon|soon\b|\(?to\s+be\s+released|` +
    String.raw`will\s+(?:soon\s+)?be\s+(?:made\s+)?(?:[a-z]+\s+)?(?:available|released|public|open[- ]?sourced?))`,
  'iy',
);

type Forge = 'github' | 'gitlab' | 'bitbucket' | 'codeberg';

// Top-level GitHub paths that are site pages, not users (github.com/features, /topics/...).
const GITHUB_RESERVED = new Set(
  ('about advisories apps codespaces collections contact copilot customer-stories dashboard enterprise ' +
    'events explore features issues join login marketplace new notifications organizations pricing pulls ' +
    'readme search security settings site sponsors stars team topics trending user-attachments')
    .split(' '),
);
// GitLab before `/-/` (and old GitLab without it): the first action segment ends the project path.
const GITLAB_ACTIONS = new Set('- tree blob issues merge_requests wikis raw commits releases'.split(' '));
const DEFAULT_BRANCHES = new Set(['main', 'master']);
const HUB_SKIP = new Set(
  'papers models login join settings pricing search api notifications new organizations terms-of-service privacy'
    .split(' '),
);
const HUB_PAGES = new Set('docs blog collections posts learn tasks chat'.split(' '));

type Site = 'drop' | 'data' | 'code';

// What a site (or any subdomain of it) is, when it is not a project page. Dropped: a paper's own
// pages, indexes, licences and social networks, never the code of the paper.
const SITES = new Map<string, Site>([
  ...siteList('drop', [
    'arxiv.org', 'alphaxiv.org', 'doi.org', 'openreview.net', 'creativecommons.org', 'paperswithcode.com',
    'semanticscholar.org', 'scholar.google.com', 'aclanthology.org', 'researchgate.net', 'ssrn.com',
    'biorxiv.org', 'medrxiv.org', 'ieeexplore.ieee.org', 'dl.acm.org', 'link.springer.com',
    'sciencedirect.com', 'proceedings.neurips.cc', 'papers.nips.cc', 'openaccess.thecvf.com',
    'proceedings.mlr.press', 'orcid.org', 'twitter.com', 'x.com', 'linkedin.com', 'facebook.com',
    'example.com', 'example.org', 'example.net',
  ]),
  ...siteList('data', [
    'zenodo.org', 'figshare.com', 'osf.io', 'dataverse.harvard.edu', 'data.mendeley.com', 'datadryad.org',
    'physionet.org', 'drive.google.com', 'dropbox.com',
  ]),
  ...siteList('code', ['gitee.com', 'sourceforge.net', 'pypi.org', 'colab.research.google.com']),
]);

function siteList(site: Site, hosts: readonly string[]): Array<[string, Site]> {
  return hosts.map((host) => [host, site]);
}

interface Classified {
  link: CodeLink;
  /** Identity for de-duplication: no scheme, no `www.`, forge and hub names lower-cased. */
  key: string;
}

/** Receives each link found in text: its exact extent, its classification, and its status there. */
type OnLink = (start: number, end: number, found: Classified, status: LinkStatus) => void;

/**
 * Normalises and classifies one URL; undefined when it is not http(s), unparsable, or not a
 * code/project/data link (arXiv, doi.org, the HF paper page itself, huggingface.co/papers, mailto,
 * javascript: etc). Accepts what authors write: no scheme for known hosts, `\url{...}`, `\_`, a
 * trailing full stop. `status` is `available` unless given as `promised`.
 */
export function classifyLink(rawUrl: string, status?: LinkStatus): CodeLink | undefined {
  const found = classify(rawUrl, status === 'promised' ? 'promised' : 'available');
  if (found) keys.set(found.link, found.key);
  return found?.link;
}

// The de-duplication key of every link this module made, so that merging the lists of a card does not
// parse and classify each URL a second time (a third of a feed's extraction time). Links are values:
// nobody changes a link's `url` after it is made.
const keys = new WeakMap<CodeLink, string>();

/**
 * Every code/project/data link written in plain text (abstracts, comments), in order of appearance,
 * de-duplicated. A link is `promised` when its clause announces a future release ("code will be
 * released at", "code soon at", "upon acceptance") or is followed by "(coming soon)".
 */
export function findCodeLinks(text: string): CodeLink[] {
  if (typeof text !== 'string') return [];
  const byKey = new Map<string, CodeLink>();
  scan(text, (_start, _end, { link, key }, status) => addLink(byKey, link, key, status));
  return [...byKey.values()];
}

/**
 * Merges lists, de-duplicated by normalised URL (case-insensitive host/owner/repo for forges and the
 * Hub; scheme and `www.` ignored); 'available' wins over 'promised'; first occurrence keeps its
 * position and label. Returns new objects; entries without a string `url` are skipped.
 */
export function mergeCodeLinks(...lists: ReadonlyArray<readonly CodeLink[]>): CodeLink[] {
  const byKey = new Map<string, CodeLink>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const link of list as readonly unknown[]) {
      if (!isLinkLike(link)) continue;
      addLink(byKey, link, keys.get(link) ?? classify(link.url, 'available')?.key ?? link.url.trim(), link.status);
    }
  }
  return [...byKey.values()];
}

/**
 * Splits text into plain and link segments so a UI can render URLs in an abstract as links without
 * ever parsing HTML. Concatenating every segment's `text` gives back the input exactly. A link
 * segment holds the link as written, TeX wrapping (`\url{...}`, `a{a}`) included, trailing
 * punctuation excluded; URLs that are not code links (arXiv) stay plain text.
 */
export function splitLinks(text: string): LinkSegment[] {
  if (typeof text !== 'string' || text === '') return [];
  const segments: LinkSegment[] = [];
  let plain = 0;
  scan(text, (start, end, { link }, status) => {
    if (start > plain) segments.push({ text: text.slice(plain, start) });
    segments.push({ text: text.slice(start, end), link: copyLink(link, status) });
    plain = end;
  });
  if (plain < text.length) segments.push({ text: text.slice(plain) });
  return segments;
}

/** A link written in a text: its extent there and what it points to. */
export interface LinkRange {
  start: number;
  end: number;
  url: string;
  kind: LinkKind;
}

/** The extent of every link written in `text`, in order: what a content script needs to mark them in place. */
export function findLinkRanges(text: string): LinkRange[] {
  if (typeof text !== 'string') return [];
  const ranges: LinkRange[] = [];
  scan(text, (start, end, { link }) => ranges.push({ start, end, url: link.url, kind: link.kind }));
  return ranges;
}

/**
 * The paper an adapter found, with its abstract's white space folded and its code links read from
 * their sources: URLs first, then the abstract, then the other texts, merged as `mergeCodeLinks` does.
 * Sources arrive from content scripts too: anything but strings is ignored.
 */
export function linkPaper(found: FoundPaper): Paper {
  const { links, ...paper } = found;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const fromUrls: CodeLink[] = [];
  for (const url of strings(links?.urls)) {
    const link = classifyLink(url);
    if (link) fromUrls.push(link);
  }
  const abstract = typeof paper.abstract === 'string' ? foldWhitespace(paper.abstract) : undefined;
  if (abstract) paper.abstract = abstract;
  else delete paper.abstract;
  const texts = [abstract, ...strings(links?.texts).map(foldWhitespace)];
  // Code first, wherever the page wrote it (see codeFirst).
  return { ...paper, codeLinks: codeFirst(mergeCodeLinks(fromUrls, ...strings(texts).map(findCodeLinks))) };
}

function isLinkLike(value: unknown): value is CodeLink {
  return typeof value === 'object' && value !== null && typeof (value as CodeLink).url === 'string';
}

/** A fresh link (callers may change theirs), with only the fields of CodeLink, in a fixed order. */
function copyLink(link: CodeLink, status: LinkStatus): CodeLink {
  return { url: link.url, host: link.host, kind: link.kind, status, label: link.label };
}

function addLink(byKey: Map<string, CodeLink>, link: CodeLink, key: string, status: LinkStatus): void {
  const kept = byKey.get(key);
  if (!kept) {
    const copy = copyLink(link, status);
    keys.set(copy, key);
    byKey.set(key, copy);
  }
  else if (status === 'available') kept.status = 'available';
}

/** Every URL-like span in `text`, classified, with its exact extent (TeX wrapping included). */
function scan(text: string, onLink: OnLink): void {
  const re = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  // Abstracts repeat their links (and TeX doubles them): classify each spelling once.
  const seen = new Map<string, Classified | undefined>();
  const promiseBefore = promiseFinder(text);
  let previousEnd = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    const matchEnd = match.index + match[0].length;
    const glued = match[0].search(GLUED_SENTENCE);
    const bodyEnd = glued > 0 ? match.index + glued : matchEnd;
    const urlStart = match[0].charCodeAt(0) === 46 ? subdomainStart(text, match.index, previousEnd) : match.index;
    if (urlStart < 0) {
      re.lastIndex = previousEnd = matchEnd;
      continue;
    }
    const macro = texMacro(text, urlStart, previousEnd);
    let start = urlStart - macro;
    const urlText = trimTrailing(text.slice(urlStart, bodyEnd));
    let end = urlStart + urlText.length;
    if (macro && text[bodyEnd] === '}') {
      end = bodyEnd + 1;
      if (macro === 6 && text[end] === '{') end = braceEnd(BRACED_TEXT, text, end) ?? end;
    } else {
      start = urlStart;
      // `https://a/b{https://a/b}`: the TeX source of an \href, both halves one link.
      if (end === bodyEnd && text[end] === '{') {
        const close = braceEnd(BRACED_URL, text, end + 1);
        const inner = close === undefined ? '' : text.slice(end + 1, close - 1);
        if (/^(?:https?:|www\.)/i.test(inner) || inner === urlText) end = close ?? end;
      }
    }
    let known = seen.get(urlText);
    if (known === undefined && !seen.has(urlText)) {
      // Bounded, so that a megabyte of distinct URLs does not keep every one alive until the end.
      if (seen.size > 256) seen.clear();
      seen.set(urlText, (known = classify(urlText, 'available', true)));
    }
    if (known) {
      const phrase = promiseBefore(start);
      PROMISE_AFTER.lastIndex = end;
      const announced =
        phrase >= 0 && phrase >= start - WINDOW && !endsClause(text, phrase, start) && !AVAILABLE.test(text.slice(phrase, start));
      const promised = announced || PROMISE_AFTER.test(text);
      onLink(start, end, known, promised ? 'promised' : 'available');
    }
    // The glued sentence is plain text; scanning on from inside it could rescan it for every link.
    re.lastIndex = previousEnd = Math.max(end, glued > 0 ? matchEnd : match.index + 1);
  }
}

/** Length of a `\\url{` or `\\href{` right before `start` (and after the previous link), else 0. */
function texMacro(text: string, start: number, floor: number): number {
  if (start - 5 >= floor && text.startsWith('\\url{', start - 5)) return 5;
  return start - 6 >= floor && text.startsWith('\\href{', start - 6) ? 6 : 0;
}

/** Where the subdomain before `.github.io` at `dot` starts, or -1 when there is none or it is no host. */
function subdomainStart(text: string, dot: number, floor: number): number {
  let start = dot;
  while (start > floor && dot - start < 63 && /[a-z0-9-]/i.test(text[start - 1]!)) start--;
  if (start === dot || text[start] === '-' || /[\w.@/\\-]/.test(text[start - 1] ?? ' ')) return -1;
  return start;
}

function braceEnd(pattern: RegExp, text: string, from: number): number | undefined {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex : undefined;
}

/** Drops sentence punctuation after a URL, and closing brackets it did not open. */
function trimTrailing(url: string): string {
  let parens = 0;
  let brackets = 0;
  for (let index = 0; index < url.length; index++) {
    const code = url.charCodeAt(index);
    if (code === 40) parens++;
    else if (code === 41) parens--;
    else if (code === 91) brackets++;
    else if (code === 93) brackets--;
  }
  let end = url.length;
  while (end > 0) {
    const char = url[end - 1]!;
    if (TRAILING.has(char)) end--;
    else if (char === ')' && parens < 0) {
      parens++;
      end--;
    } else if (char === ']' && brackets < 0) {
      brackets++;
      end--;
    } else break;
  }
  return url.slice(0, end);
}

/**
 * Start of the last promise phrase ("will be released", "soon") that ends by `to`, or -1. The phrases
 * are found in one left-to-right pass, so asking for each link in order costs O(1) amortised, not a
 * fresh search of its window; `to` must not decrease from one call to the next.
 */
function promiseFinder(text: string): (to: number) => number {
  const re = new RegExp(PROMISE_BEFORE);
  let lastStart = -1;
  // Searched on the first question only: most abstracts hold no link, and then none is asked.
  let next: RegExpExecArray | null | undefined;
  return (to) => {
    if (next === undefined) next = re.exec(text);
    while (next && next.index + next[0].length <= to) {
      lastStart = next.index;
      next = re.exec(text);
    }
    return lastStart;
  };
}

/**
 * True when a clause ends between a promise phrase at `from` and a link at `to`: a `.`, `!`, `?`
 * (followed by a space or a capital, as in "manipulation.Code at"), `;` or line break. A boundary with
 * no letter after it does not count: "Code will be released soon. https://..." is one announcement.
 */
function endsClause(text: string, from: number, to: number): boolean {
  let letters = false;
  for (let index = to - 1; index > from; index--) {
    const code = text.charCodeAt(index);
    if (isClauseEnd(code, text.charCodeAt(index + 1))) {
      if (letters) return true;
    } else if ((code | 32) >= 97 && (code | 32) <= 122) letters = true;
    else if (code > 127 && /\p{L}/u.test(text[index]!)) letters = true;
  }
  return false;
}

function isClauseEnd(code: number, next: number): boolean {
  // ; \n 。 ！ ？ ；
  if (code === 59 || code === 10 || code === 0x3002 || code === 0xff01 || code === 0xff1f || code === 0xff1b) {
    return true;
  }
  if (code !== 46 && code !== 33 && code !== 63) return false;
  return next === 32 || next === 9 || next === 10 || next === 40 || next === 92 || (next >= 65 && next <= 90);
}

/** Text as authors and TeX leave it (`\url{}`, `\_`, trailing full stop) to a parseable URL string. */
function cleanUrl(raw: string): string {
  if (!NEEDS_CLEANING.test(raw)) return trimTrailing(raw);
  let url = raw.trim().replace(CONTROL, '');
  const macro = /^\\(?:url|href)\{/i.exec(url);
  if (macro) url = url.slice(macro[0].length);
  url = url.replace(TEX_ESCAPE, (escape) => (escape.length > 2 ? '~' : escape.slice(1)));
  const brace = url.search(/[{}]/);
  if (brace >= 0) url = url.slice(0, brace);
  return trimTrailing(url.replace(/^(https?):\s?\/\//i, '$1://'));
}

/** `fromText` says `raw` comes trimmed from `scan`, so only TeX escapes and "https: //" need cleaning. */
function classify(raw: unknown, status: LinkStatus, fromText = false): Classified | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_URL * 2) return undefined;
  let text = fromText && !raw.includes('\\') && !raw.includes(' ') ? raw : cleanUrl(raw);
  if (/^https?:\/\//i.test(text)) {
    // The common case, ready to parse.
  } else if (text.startsWith('//')) text = `https:${text}`;
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    if (!SCHEMELESS_START.test(text) && !PAGES_START.test(text)) return undefined;
    text = `https://${text}`;
  }
  if (text.length > MAX_URL) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  let host = url.hostname;
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.startsWith('www.')) host = host.slice(4);
  if (!/^[a-z0-9.-]+\.(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(host)) return undefined;
  const site = siteOf(host);
  if (site === 'drop') return undefined;
  const segments = pathSegments(url.pathname);
  const forge = forgeOf(host);
  if (forge) return forgeLink(forge, host, segments, status);
  if (host === 'raw.githubusercontent.com') return forgeLink('github', 'github.com', segments.slice(0, 2), status);
  if (host === 'gist.github.com') return gistLink(segments, status);
  if (host === 'huggingface.co' || host === 'hf.co') return hubLink(url, segments, status);
  if (host === 'anonymous.4open.science') return anonymousLink(segments, status);
  if (/\.pdf$/i.test(url.pathname)) return undefined;
  if (host.endsWith('.hf.space')) return pageLink(url, host, 'project', status, 'hf-space');
  return pageLink(url, host, kindOfSite(host, segments, site), status);
}

/** The non-empty segments of a path; `split('/').filter(Boolean)` costs twice as much. */
function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (let from = 0; from < path.length; ) {
    let to = path.indexOf('/', from);
    if (to < 0) to = path.length;
    if (to > from) segments.push(path.slice(from, to));
    from = to + 1;
  }
  return segments;
}

/** What SITES says of `host` or of its nearest parent domain listed there: one look-up per label. */
function siteOf(host: string): Site | undefined {
  for (let dot = -1; ; dot = host.indexOf('.', dot + 1)) {
    const site = SITES.get(dot < 0 ? host : host.slice(dot + 1));
    if (site || host.indexOf('.', dot + 1) < 0) return site;
  }
}

function forgeOf(host: string): Forge | undefined {
  if (host === 'github.com') return 'github';
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return 'gitlab';
  if (host === 'bitbucket.org') return 'bitbucket';
  if (host === 'codeberg.org') return 'codeberg';
  return undefined;
}

function kindOfSite(host: string, segments: readonly string[], site: Site | undefined): LinkKind {
  if (host === 'kaggle.com') {
    const section = segments[0]?.toLowerCase();
    if (section === 'datasets' || section === 'competitions') return 'data';
    return section === 'code' ? 'code' : 'project';
  }
  if (site === 'data' || host.startsWith('dataverse.')) return 'data';
  return site === 'code' ? 'code' : 'project';
}

/** The leading run of characters a forge or the Hub allows in a name (`repo's` is `repo`). */
function namePart(segment: string | undefined): string {
  if (!segment) return '';
  let end = 0;
  let word = false;
  for (; end < segment.length; end++) {
    const code = segment.charCodeAt(end);
    const isWord = (code | 32) >= 97 && (code | 32) <= 122 ? true : (code >= 48 && code <= 57) || code === 95;
    if (!isWord && code !== 46 && code !== 45) break;
    word ||= isWord;
  }
  // Trailing dots end a sentence, not a name; `.` and `..` are no names at all.
  while (end > 0 && segment.charCodeAt(end - 1) === 46) end--;
  return word ? segment.slice(0, end) : '';
}

function forgeLink(forge: Forge, host: string, segments: string[], status: LinkStatus): Classified | undefined {
  // An organisation's or a user's own pages (`/orgs/<name>/…`, `/users/<name>/projects/1`) count as its owner page.
  if (forge === 'github' && ['orgs', 'users'].includes(segments[0]?.toLowerCase() ?? '')) segments = segments.slice(1, 2);
  if (forge === 'github' && GITHUB_RESERVED.has(segments[0]?.toLowerCase() ?? '')) return undefined;
  // GitLab groups nest; the project path runs up to the first action segment.
  let split = 2;
  if (forge === 'gitlab') {
    split = segments.findIndex((segment, index) => index > 1 && GITLAB_ACTIONS.has(segment));
    if (split < 0) split = segments.length;
  }
  let name = '';
  let count = 0;
  let whole = true;
  for (let index = 0; index < split && index < segments.length; index++) {
    const segment = segments[index]!;
    let part = namePart(segment);
    // Junk glued to a name ("repo's", an encoded full stop) ends the path there.
    whole = part === segment;
    if (index > 0 && (!whole || index === split - 1 || index === segments.length - 1)) part = withoutGit(part);
    if (!part) break;
    name = count++ ? `${name}/${part}` : part;
    if (!whole) break;
  }
  if (!count) return undefined;
  const key = `${host}/${name}`.toLowerCase();
  const base = `https://${host}/${name}`;
  const deep = whole && count === split && segments.length > split ? deepPath(forge, segments.slice(split)) : undefined;
  if (!deep) return { link: { url: base, host: forge, kind: 'code', status, label: name }, key };
  const label = deep.path.length ? `${name}/${decodeLabel(deep.path.join('/'))}` : `${name}@${decodeLabel(deep.ref)}`;
  return {
    link: { url: base + deep.route, host: forge, kind: 'code', status, label: shorten(label) },
    key: key + deep.route,
  };
}

function withoutGit(name: string): string {
  return name.length > 4 && name.slice(-4).toLowerCase() === '.git' ? namePart(name.slice(0, -4)) : name;
}

/** A folder, file or branch inside a repository, or `undefined` for the repository itself. */
function deepPath(forge: Forge, rest: readonly string[]): { route: string; ref: string; path: string[] } | undefined {
  let index = forge === 'gitlab' && rest[0] === '-' ? 1 : 0;
  let action: string[];
  const first = rest[index];
  if ((forge === 'github' || forge === 'gitlab') && (first === 'tree' || first === 'blob')) action = [first];
  else if (forge === 'bitbucket' && first === 'src') action = [first];
  else if (forge === 'codeberg' && first === 'src' && /^(?:branch|commit|tag)$/.test(rest[index + 1] ?? '')) {
    action = [first, rest[index + 1]!];
  } else return undefined;
  index += action.length;
  const ref = rest[index];
  if (!ref) return undefined;
  const path = rest.slice(index + 1);
  if (!path.length && DEFAULT_BRANCHES.has(ref.toLowerCase())) return undefined;
  const prefix = forge === 'gitlab' ? '/-/' : '/';
  return { route: `${prefix}${[...action, ref, ...path].join('/')}`, ref, path };
}

function gistLink(segments: readonly string[], status: LinkStatus): Classified | undefined {
  const user = namePart(segments[0]);
  const id = namePart(segments[1]);
  if (!user || !id) return undefined;
  const url = `https://gist.github.com/${user}/${id}`;
  const label = `gist:${user}/${id.slice(0, 8)}`;
  return { link: { url, host: 'github', kind: 'code', status, label }, key: url.slice(8).toLowerCase() };
}

function hubLink(url: URL, segments: readonly string[], status: LinkStatus): Classified | undefined {
  const section = segments[0]?.toLowerCase();
  if (!section) return undefined;
  if (section === 'spaces' || section === 'datasets') {
    const owner = namePart(segments[1]);
    const name = namePart(segments[2]);
    // Canonical datasets such as `datasets/squad` predate owners; every Space has one.
    if (!owner || (section === 'spaces' && !name)) return undefined;
    const id = name ? `${owner}/${name}` : owner;
    const host: CodeHost = section === 'spaces' ? 'hf-space' : 'hf-dataset';
    const kind: LinkKind = section === 'spaces' ? 'project' : 'data';
    return repoLink(`https://huggingface.co/${section}/${id}`, host, kind, status, id);
  }
  // The Hub's own root is no link, so neither is a path that starts with no name (`/]#`): trimmed,
  // it would be the root.
  if (HUB_SKIP.has(section) || !namePart(segments[0])) return undefined;
  if (HUB_PAGES.has(section) || !namePart(segments[1])) {
    const page = { protocol: 'https:', host: 'huggingface.co', pathname: url.pathname, search: url.search };
    return pageLink(page, 'huggingface.co', 'project', status);
  }
  const owner = namePart(segments[0]);
  if (!owner) return undefined;
  const id = `${owner}/${namePart(segments[1])}`;
  return repoLink(`https://huggingface.co/${id}`, 'hf-model', 'code', status, id);
}

function anonymousLink(segments: readonly string[], status: LinkStatus): Classified | undefined {
  const name = segments[0] === 'r' ? namePart(segments[1]) : '';
  if (!name) return undefined;
  const url = `https://anonymous.4open.science/r/${name}`;
  return { link: { url, host: 'anonymous', kind: 'code', status, label: `anonymous/${name}` }, key: url.slice(8) };
}

function repoLink(url: string, host: CodeHost, kind: LinkKind, status: LinkStatus, label: string): Classified {
  // Hub repository ids are unique regardless of case, like forge names.
  return { link: { url, host, kind, status, label }, key: url.slice(8).toLowerCase() };
}

type PageUrl = Pick<URL, 'protocol' | 'host' | 'pathname' | 'search'>;

function pageLink(
  url: PageUrl,
  host: string,
  kind: LinkKind,
  status: LinkStatus,
  codeHost: CodeHost = 'other',
): Classified {
  // Dot segments and a dropped fragment can expose a trailing slash or full stop: trim to a fixed point.
  let tail = url.search ? url.pathname + withoutTracking(url.search) : url.pathname;
  for (let previous = ''; previous !== tail; ) {
    previous = tail;
    let end = tail.length;
    while (end > 0 && tail.charCodeAt(end - 1) === 47) end--;
    tail = trimTrailing(tail.slice(0, end));
  }
  const query = tail.indexOf('?');
  const label = shorten(host + decodeLabel(query < 0 ? tail : tail.slice(0, query)));
  const origin = url.host;
  return {
    link: { url: `${url.protocol}//${origin}${tail}`, host: codeHost, kind, status, label },
    key: (origin.startsWith('www.') ? origin.slice(4) : origin) + tail,
  };
}

function withoutTracking(search: string): string {
  if (!/[?&](?:utm_|fbclid=|gclid=)/i.test(search)) return search;
  const params = new URLSearchParams(search);
  for (const name of [...params.keys()]) if (/^(?:utm_|fbclid$|gclid$)/i.test(name)) params.delete(name);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

function decodeLabel(text: string): string {
  if (!text.includes('%')) return text;
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // A stray `%` in a path: show it encoded.
  }
  // Labels are shown to people: no control characters, no bidi overrides hiding the real path.
  return decoded.replace(INVISIBLE, '');
}

function shorten(label: string): string {
  if (label.length <= LABEL_MAX) return label;
  const parts = label.split('/');
  const short = parts.length > 2 ? `${parts[0]}/\u2026/${parts[parts.length - 1]}` : label;
  return short.length <= LABEL_MAX ? short : `${short.slice(0, LABEL_MAX - 1)}\u2026`;
}
