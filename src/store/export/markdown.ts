/**
 * Markdown notes for Obsidian and Logseq: one file per paper with YAML front matter (properties),
 * a digest of the whole library in one file, and a ZIP of the per-paper files.
 *
 * Every function is deterministic: it reads no clock, and the same entries give the same bytes.
 * A paper's file depends on that paper alone, so a vault synced from repeated exports only sees the
 * files of papers that changed. (A file name can change when a newly added paper's name collides
 * with it; ids keep that rare, see `toMarkdownFiles`.)
 */
import { readPaperDate } from '../../shared/dates';
import type { LibraryEntry } from '../query';
import { createZip } from '../zip';
import { LONE_SURROGATE, arxivIdOf, isoTime, journalDoiOf, sortById, webUrl, wellFormed } from './common';

/** One Markdown file. */
export interface MarkdownFile {
  name: string;
  text: string;
}

const MAX_NAME_CHARS = 96;
// Bytes, not characters: ext4, APFS and NTFS allow 255 bytes per name and a CJK title is 3 bytes a character.
const MAX_NAME_BYTES = 200;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

// What yamlEscaped changes: quote, backslash, C0/C1 controls and DEL, line/paragraph separators,
// BOM, and surrogates without their pair.
const NEEDS_ESCAPE = new RegExp(`["\\\\\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff]|${LONE_SURROGATE.source}`);

/**
 * A YAML double-quoted scalar. Always quoting sidesteps YAML's plain-scalar traps (`: `, leading
 * `-`, `#`, `@`, `*`, `&`, `!`, `yes`/`no`, numbers); the escapes keep line breaks (including
 * U+2028/U+2029 and NEL, which YAML folds), control characters and BOMs visible and unambiguous.
 */
export function yamlString(value: string): string {
  // Most titles and names need no escape: a 10 000-paper export quotes over 60 000 strings.
  return NEEDS_ESCAPE.test(value) ? yamlEscaped(value) : `"${value}"`;
}

/** `yamlString` escaping code point by code point, for strings that need it. */
export function yamlEscaped(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

// Signs that carry a tag's meaning are spelled, so that `C#`, `C++` and `C` stay three tags.
const SPELLED_SIGNS: Record<string, string> = { '#': '-sharp-', '+': '-plus-', '&': '-and-', '@': '-at-' };

/**
 * A tag as Obsidian accepts it in `tags:`: letters, digits, `_`, `-` and `/` (nesting) only.
 * `#` after a word (`C#`, `F#`), `+`, `&` and `@` are spelled (`C-sharp`, `C-plus-plus`, `R-and-D`);
 * spaces and other signs become `-`; a tag of digits alone gets a leading `_`, because Obsidian
 * does not treat `#2024` as a tag. A tag with no letter or digit at all (`🔥`, `!!!`) is written as its
 * code points (`u1f525`), so that it is still a tag of its own. Tags that differ only in the signs
 * between their words (`a b`, `a-b`, `a:b`) meet in one Obsidian tag, as a reader of a tag pane
 * expects; `keywords:` keeps every tag as the library spells it.
 */
export function obsidianTag(tag: string): string {
  const cleaned = tag
    .normalize('NFC')
    .replace(/(?<=[\p{L}\p{N}\p{M}])#(?![\p{L}\p{N}])|[+&@]/gu, (sign) => SPELLED_SIGNS[sign]!)
    .replace(/[^\p{L}\p{N}\p{M}_\-/]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/^[-/]+|[-/]+$/g, '');
  if (!/[\p{L}\p{N}]/u.test(cleaned)) {
    const points = Array.from(tag.trim(), (ch) => ch.codePointAt(0)!.toString(16));
    return points.length > 0 ? `u${points.join('-')}` : '';
  }
  return /^[\d/_-]*$/.test(cleaned) ? `_${cleaned}` : cleaned;
}

function yamlList(key: string, values: readonly string[]): string[] {
  if (values.length === 0) return [`${key}: []`];
  return [`${key}:`, ...values.map((value) => `  - ${yamlString(value)}`)];
}

/**
 * The tags of an entry as Obsidian tags, de-duplicated after the rewrite, and whether any was
 * rewritten (then the front matter also lists them as the library spells them).
 */
function markdownTags(entry: LibraryEntry): { tags: string[]; rewritten: boolean } {
  const seen = new Set<string>();
  const tags: string[] = [];
  let rewritten = false;
  for (const tag of entry.annotation?.tags ?? []) {
    const cleaned = obsidianTag(tag);
    if (cleaned !== tag) rewritten = true;
    const key = cleaned.toLowerCase();
    if (!cleaned || seen.has(key)) continue;
    seen.add(key);
    tags.push(cleaned);
  }
  return { tags, rewritten };
}

function frontMatter(entry: LibraryEntry): string {
  const { paper, annotation } = entry;
  const arxivId = arxivIdOf(paper);
  const doi = journalDoiOf(paper);
  const url = webUrl(paper.url);
  const lines = ['---', `title: ${yamlString(paper.title)}`, ...yamlList('authors', paper.authors)];
  if (arxivId) lines.push(`arxiv: ${yamlString(arxivId)}`);
  if (doi) lines.push(`doi: ${yamlString(doi)}`);
  if (url) lines.push(`url: ${yamlString(url)}`);
  const code = paper.codeLinks.map((link) => webUrl(link.url)).filter((link): link is string => !!link);
  if (code.length > 0) lines.push(...yamlList('code', code));
  // A whole date plain, as YAML and Obsidian read dates; a year or a month alone quoted, as the text it is.
  const date = readPaperDate(paper.date);
  if (date) lines.push(`published: ${date.length === 10 ? date : yamlString(date)}`);
  const { tags, rewritten } = markdownTags(entry);
  lines.push(...yamlList('tags', tags));
  // Obsidian's tag pane shows the rewritten spelling; `keywords` keeps what the reader typed (C#, 🔥).
  if (rewritten) lines.push(...yamlList('keywords', annotation?.tags ?? []));
  lines.push(`status: ${yamlString(annotation?.status ?? 'none')}`);
  // Plain ISO timestamps: YAML and Obsidian read them as date-times; no character needs quoting.
  const created = isoTime(annotation?.createdAt ?? paper.createdAt);
  const updated = isoTime(annotation?.updatedAt ?? paper.updatedAt);
  if (created) lines.push(`created: ${created}`);
  if (updated) lines.push(`updated: ${updated}`);
  lines.push('---');
  return lines.join('\n');
}

let segmenter: Intl.Segmenter | undefined;

/** UTF-8 length of a string, counting code units: no encoder, no allocation. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes, 2 per half; a lone surrogate becomes U+FFFD, 3 bytes (close enough).
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

/** The longest prefix within both limits that ends between grapheme clusters (never inside 👩‍👩‍👧). */
function cutGraphemes(text: string, maxChars: number, maxBytes: number): string {
  if (text.length <= maxChars && utf8Length(text) <= maxBytes) return text;
  segmenter ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : undefined;
  const parts = segmenter ? Array.from(segmenter.segment(text), (part) => part.segment) : Array.from(text);
  let out = '';
  let chars = 0;
  let bytes = 0;
  for (const part of parts) {
    chars += part.length;
    bytes += utf8Length(part);
    if (chars > maxChars || bytes > maxBytes) break;
    out += part;
  }
  return out;
}

/** Makes text usable in a file name on Windows, macOS and Linux and as an Obsidian link target. */
function safeName(text: string): string {
  return wellFormed(text)
    .normalize('NFC')
    // Windows forbids /\:*?"<>| and control characters; Obsidian links break on #^[]|.
    .replace(/[/\\:*?"<>|#^[\]\p{Cc}\u2028\u2029]+/gu, ' ')
    // Bidi overrides could make a name read as something it is not; ZWJ and ZWNJ stay (emoji, Persian).
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function baseName(entry: LibraryEntry): string {
  const { paper } = entry;
  const arxivId = arxivIdOf(paper);
  // Old-style ids hold a slash (hep-th/9901001).
  const prefix = arxivId ? safeName(arxivId.replace('/', '_')) : '';
  const title = safeName(paper.title);
  let name = cutGraphemes(prefix ? `${prefix} ${title}` : title, MAX_NAME_CHARS, MAX_NAME_BYTES);
  if (name.length < (prefix ? `${prefix} ${title}` : title).length) {
    // Cut at a word boundary when one is near, so names do not end mid-word.
    const space = name.lastIndexOf(' ');
    if (space > Math.max(prefix.length, name.length - 20)) name = name.slice(0, space);
  }
  name = name.replace(/[\s.]+$/, '').replace(/^[\s.]+/, '');
  if (!name) name = 'untitled';
  if (WINDOWS_RESERVED.test(name.split('.')[0]!)) name = `_${name}`;
  return name;
}

/** FNV-1a of the id, base 36: a short, stable tag that tells apart papers with the same title. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36).padStart(7, '0');
}

/**
 * One paper as a note: YAML front matter (title, authors, arxiv, doi, url, code, published, tags,
 * status, created, updated), a blank line, then the user's note verbatim. The name is
 * `<arXiv id> <title>.md`, file-system safe, at most about 100 characters and 200 UTF-8 bytes;
 * it is unique within a set only through `toMarkdownFiles`.
 */
export function toMarkdownFile(entry: LibraryEntry): MarkdownFile {
  const note = entry.annotation?.note ?? '';
  const text = `${frontMatter(entry)}\n\n${note}${note.endsWith('\n') || note === '' ? '' : '\n'}`;
  return { name: `${baseName(entry)}.md`, text };
}

/**
 * Every paper as a note, sorted by id, with unique names. File systems on Windows and macOS ignore
 * case and Unicode normalisation, so names are compared that way; on a clash the later id gets
 * ` ~<hash of its id>`, which depends on that paper alone.
 */
export function toMarkdownFiles(entries: readonly LibraryEntry[]): MarkdownFile[] {
  const taken = new Set<string>();
  return sortById(entries).map((entry) => {
    const file = toMarkdownFile(entry);
    const stem = file.name.slice(0, -3);
    let name = file.name;
    let n = 1;
    while (taken.has(name.normalize('NFC').toLowerCase())) {
      name = n === 1 ? `${stem} ~${shortHash(entry.paper.id)}.md` : `${stem} ~${shortHash(entry.paper.id)} (${n}).md`;
      n += 1;
    }
    taken.add(name.normalize('NFC').toLowerCase());
    return { name, text: file.text };
  });
}

/** Escapes what Markdown would read as markup in inline text (titles, names). */
function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()<>#+!|~$&]/g, (ch) => `\\${ch}`);
}

function link(label: string, url: string | undefined): string {
  if (!url) return inline(label);
  // Angle brackets allow spaces and parentheses in the destination (CommonMark 6.3).
  return `[${inline(label)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/**
 * The whole library in one Markdown file: a heading, then per paper (sorted by id) a second-level
 * heading linking to the paper, its authors, identifiers, status, tags, code links, and the note
 * as a block quote (quoted so that headings in a note do not break the digest's outline).
 */
export function toMarkdownDigest(entries: readonly LibraryEntry[], title = 'Paper Margin library'): string {
  return markdownDigestPieces(entries, title).join('');
}

/** `toMarkdownDigest`'s text in pieces, a paper each: the export encodes them one by one (see `utf8`). */
export function markdownDigestPieces(entries: readonly LibraryEntry[], title = 'Paper Margin library'): string[] {
  const pieces = [`# ${inline(title)}\n\n${entries.length} ${entries.length === 1 ? 'paper' : 'papers'}.\n`];
  for (const entry of sortById(entries)) {
    const { paper, annotation } = entry;
    const out = ['', `## ${link(paper.title, webUrl(paper.url))}`, ''];
    if (paper.authors.length > 0) out.push(`${inline(paper.authors.join(', '))}  `);
    const facts: string[] = [];
    const arxivId = arxivIdOf(paper);
    const doi = journalDoiOf(paper);
    if (arxivId) facts.push(`arXiv:${inline(arxivId)}`);
    if (doi) facts.push(`DOI ${inline(doi)}`);
    if (paper.date) facts.push(inline(paper.date));
    if (annotation && annotation.status !== 'none') facts.push(`status: ${annotation.status}`);
    if (facts.length > 0) out.push(`${facts.join(' · ')}  `);
    const { tags } = markdownTags(entry);
    if (tags.length > 0) out.push(`${tags.map((tag) => `#${tag}`).join(' ')}  `);
    const code = paper.codeLinks.filter((codeLink) => webUrl(codeLink.url));
    if (code.length > 0) out.push(`Code: ${code.map((codeLink) => link(codeLink.label || codeLink.url, codeLink.url)).join(', ')}`);
    const note = annotation?.note.replace(/\s+$/, '') ?? '';
    if (note) out.push('', ...note.split(/\r\n|\r|\n/).map((line) => (line ? `> ${line}` : '>')));
    pieces.push(`${out.join('\n')}\n`);
  }
  return pieces;
}

/** The per-paper notes of `toMarkdownFiles` as a ZIP archive (stored, fixed timestamps). */
export function toMarkdownZip(entries: readonly LibraryEntry[]): Uint8Array {
  return createZip(toMarkdownFiles(entries).map((file) => ({ name: file.name, data: file.text })));
}
