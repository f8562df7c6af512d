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
}

export const MAX_NOTE_LENGTH = 100_000;
export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS = 50;

/** A tag as displayed: trimmed, inner white space folded, `#` prefix dropped; empty when nothing is left. */
export function cleanTag(raw: string): string {
  return raw.replace(/^#+/, '').replace(/\s+/g, ' ').trim().slice(0, MAX_TAG_LENGTH);
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

/** Splits what a user typed into a tag field ("rl, diffusion models #vision") into tags. */
export function parseTagInput(input: string): string[] {
  return normaliseTags(input.split(/[,;\n]|(?=#)/));
}

/** True when the annotation holds anything the user wrote or chose. */
export function hasContent(annotation: Annotation | undefined): boolean {
  return !!annotation && (annotation.note.trim() !== '' || annotation.tags.length > 0 || annotation.status !== 'none');
}
