import type { PaperId } from './paper';

/** Where the user is with a paper. `none` until they set one. */
export type ReadingStatus = 'none' | 'to-read' | 'read' | 'starred' | 'skip';

export const READING_STATUSES: readonly ReadingStatus[] = ['none', 'to-read', 'read', 'starred', 'skip'];

/** The user's own data about one paper: the only thing Paper Margin must never lose. */
export interface Annotation {
  id: PaperId;
  note: string;
  /** Display forms, unique case-insensitively, in the order the user added them. */
  tags: string[];
  status: ReadingStatus;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}

/** A partial edit: only the fields present change, so edits from two places to different fields both survive. */
export interface AnnotationPatch {
  note?: string;
  tags?: string[];
  status?: ReadingStatus;
  /**
   * The note and tags as the editor had them before these edits. With it, an edit made elsewhere in
   * the meantime (another tab, the popup) is merged in instead of overwritten: see `mergeNote`.
   */
  base?: { note?: string; tags?: string[] };
}

/** What an open editor started from: sent as `base` with its edits. */
export interface EditBase {
  note: string;
  tags: string[];
}

/**
 * An editor's bookkeeping after a save of `sent` came back as `saved`: the stored values become its
 * base, and so the base of the edits typed while the save was on its way (`pending`). Returns the
 * fields the background merged with an edit made elsewhere, which the editor must show instead of
 * its own text; their pending edits give way (keys typed during that one round trip).
 */
export function takeSaved(sent: AnnotationPatch, saved: Annotation, base: EditBase, pending: AnnotationPatch): { note?: string; tags?: string[] } {
  const merged: { note?: string; tags?: string[] } = {};
  if (sent.note !== undefined) {
    base.note = saved.note;
    if (pending.base) pending.base.note = saved.note;
    if (saved.note !== sent.note) {
      merged.note = saved.note;
      delete pending.note;
    }
  }
  if (sent.tags !== undefined) {
    base.tags = saved.tags;
    if (pending.base) pending.base.tags = saved.tags;
    if (saved.tags.join('\n') !== normaliseTags(sent.tags).join('\n')) {
      merged.tags = saved.tags;
      delete pending.tags;
    }
  }
  return merged;
}

/**
 * An editor's saves, one at a time: an edit sent while the last one is on its way would carry a base
 * the library has since moved past (a deletion came back undone, a rewrite was kept twice), so each
 * waits for the answer to the last, which rebases it (`takeSaved`). The card editor and the popup's.
 */
export class SaveQueue {
  #current: Promise<void> | undefined;

  /** True while a save is on its way. */
  get busy(): boolean {
    return this.#current !== undefined;
  }

  /**
   * Once no save is on its way, calls `take`, which takes what is pending and answers its save (or
   * nothing, when nothing is pending), and waits for that save.
   */
  async run(take: () => Promise<void> | undefined): Promise<void> {
    while (this.#current) await this.#current;
    const saving = take();
    if (!saving) return;
    this.#current = saving;
    try {
      await saving;
    } finally {
      this.#current = undefined;
    }
  }
}

/** True when a patch changes nothing (a `base` alone is no edit). */
export function isEmptyPatch(patch: AnnotationPatch): boolean {
  return patch.note === undefined && patch.tags === undefined && patch.status === undefined;
}

/** Put between two versions of a note written at the same time in two places. */
export const CONCURRENT_NOTE_SEPARATOR = '\n\n--- also written elsewhere ---\n\n';

/**
 * The note to store when `mine` was written from `base` while the stored note is `stored`. If only
 * one side changed, it wins; if both did, the longer keeps the other when it contains it (typing on
 * from the same text), else both are kept, the stored one first. Nothing typed is ever dropped.
 */
export function mergeNote(stored: string, mine: string, base: string | undefined): string {
  if (base === undefined || stored === base || stored === mine) return mine;
  if (mine === base) return stored;
  if (mine.includes(stored)) return mine;
  if (stored.includes(mine)) return stored;
  return `${stored}${CONCURRENT_NOTE_SEPARATOR}${mine}`;
}

/**
 * The tags to store when the editor went from `base` to `mine` while `stored` holds the tags now: the
 * tags it added and removed are applied to the stored ones, so tags added elsewhere stay. A tag it
 * respelt (`rl` → `RL`) takes that spelling on this paper, as the reader typed it; one it left as it
 * was keeps the stored spelling, which may have been changed elsewhere meanwhile.
 */
export function mergeTagEdits(stored: readonly string[], mine: readonly string[], base: readonly string[] | undefined): string[] {
  if (base === undefined) return normaliseTags(mine);
  const spellings = (tags: readonly string[]) => new Map(normaliseTags(tags).map((tag) => [tagKey(tag), tag]));
  const before = spellings(base);
  const after = spellings(mine);
  const kept = stored.flatMap((tag) => {
    const key = tagKey(tag);
    if (!before.has(key)) return [tag];
    const now = after.get(key);
    if (now === undefined) return [];
    return [now === before.get(key) ? tag : now];
  });
  return normaliseTags([...kept, ...mine.filter((tag) => !before.has(tagKey(tag)))]);
}

/**
 * The reading status of two annotations of one paper joined (two tabs' edits, a backup kept with the
 * library's): the newer one's, unless it has none, so that a status set on either is never lost.
 */
export function joinedStatus(newer: Annotation, older: Annotation): ReadingStatus {
  return newer.status !== 'none' ? newer.status : older.status;
}

/**
 * When an edit made `now` of annotations last changed at `times` is dated: `now`, or just after the
 * latest of them when a clock put one later (this one set back, or a file's from a machine ahead).
 * An edit is then always newer than what it edited, so importing that file again cannot undo it.
 */
export function editTime(now: number, ...times: number[]): number {
  return Math.max(now, ...times.map((time) => time + 1));
}

export const MAX_NOTE_LENGTH = 100_000;
export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS = 50;

/**
 * A tag as displayed: trimmed, inner white space folded, `#` prefix dropped; empty when nothing is
 * left. Commas and semicolons separate tags in every tag field, so inside a tag (from a file or a
 * rename) they become spaces: such a tag could not be edited without being split.
 */
export function cleanTag(raw: string): string {
  return uncutTag(raw).slice(0, MAX_TAG_LENGTH).trimEnd();
}

const uncutTag = (raw: string) => raw.replace(/[,;\s]+/g, ' ').trim().replace(/^#+ ?/, '');

/** True when `normaliseTags` would drop some of these tags (past `MAX_TAGS`) or cut one (past `MAX_TAG_LENGTH`). */
export function tagsOverLimits(tags: readonly string[]): boolean {
  return tags.some((tag) => uncutTag(tag).length > MAX_TAG_LENGTH) || new Set(tags.map(tagKey).filter(Boolean)).size > MAX_TAGS;
}

/** The key tags are matched by: case-folded, so `RL` and `rl` are one tag. */
export function tagKey(tag: string): string {
  return cleanTag(tag).toLocaleLowerCase('en');
}

/** Cleans a tag list: drops empties and case-insensitive duplicates, keeps the first spelling. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanTag(String(raw));
    const key = tag.toLocaleLowerCase('en');
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

/**
 * Splits what a user typed into a tag field ("rl, diffusion models #vision") into tags. A `#` starts
 * a tag only at the start of a word, so "C#" and "F#" stay whole.
 */
export function parseTagInput(input: string): string[] {
  return normaliseTags(splitTagInput(input));
}

/** The tags typed into a tag field, uncleaned and uncapped: what `parseTagInput` cleans and caps at `MAX_TAGS`. */
export function splitTagInput(input: string): string[] {
  return input.split(/[,;\n]|(?<=^|\s)(?=#)/);
}

/**
 * True when a tag field holds more tags than a paper keeps, or a longer one: `parseTagInput` would
 * drop or cut them unsaid. The editors then save no tags and say so.
 */
export function isTagFieldOverLimits(input: string): boolean {
  return tagsOverLimits(splitTagInput(input));
}

/** True when the annotation holds anything the user wrote or chose. */
export function hasContent(annotation: Annotation | undefined): boolean {
  return !!annotation && (annotation.note.trim() !== '' || annotation.tags.length > 0 || annotation.status !== 'none');
}

/** A tag with how often and how lately it was used, for autocomplete and the tag manager. */
export interface TagUse {
  tag: string;
  key: string;
  count: number;
  lastUsedAt: number;
}

const DAY = 86_400_000;

/**
 * Tags that complete `prefix`, best first: frequency decayed by age (a tag's weight halves every
 * 30 days without use), with tags that start with the prefix ahead of those that merely contain it,
 * and the tag the prefix already is ahead of all: the first is the one Tab or Enter takes, and a reader
 * who typed `rl` means `rl`, however much more `rlhf` is used. Tags already on the paper are left out.
 */
export function rankTags(tags: readonly TagUse[], prefix: string, exclude: readonly string[] = [], now = Date.now(), limit = 8): TagUse[] {
  const wanted = tagKey(prefix);
  const excluded = new Set(exclude.map(tagKey));
  const scored: Array<[number, TagUse]> = [];
  for (const use of tags) {
    if (excluded.has(use.key)) continue;
    const at = use.key.indexOf(wanted);
    if (at < 0) continue;
    const weight = use.count * 2 ** (-Math.max(0, now - use.lastUsedAt) / (30 * DAY));
    scored.push([(use.key === wanted ? 2000 : at === 0 ? 1000 : 0) + weight, use]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1].key.localeCompare(b[1].key));
  return scored.slice(0, limit).map(([, use]) => use);
}
