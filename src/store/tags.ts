/**
 * The tag vocabulary: counts for autocomplete and the tag manager, renaming and merging.
 * Tags are matched by `tagKey`, so `RL`, `rl` and `#rl` are one tag with several spellings.
 */
import { type TagUse, cleanTag, editTime, normaliseTags, tagKey } from '../shared/annotation';
import { t } from '../shared/i18n';
import type { PaperId } from '../shared/paper';
import type { LibraryRecord, PaperMarginDB } from './db';
import { annotatedRecords, writeTransaction } from './shared-read';

/**
 * Every tag in use with how many papers carry it and when it was last used (the newest `updatedAt`
 * of those annotations). The display form is the spelling on the most recently updated annotation
 * (ties: the spelling that sorts first), so renaming `rl` to `RL` shows `RL` at once.
 * Sorted by count, most used first, then by key.
 */
export async function listTags(db: PaperMarginDB): Promise<TagUse[]> {
  // Only the records with an annotation: those the `annotatedAt` index holds.
  const records = await annotatedRecords(db);
  const byKey = new Map<string, TagUse>();
  // A library spells its tags a few hundred ways over tens of thousands of uses: each is cleaned once.
  const keys = new Map<string, string>();
  for (const { annotation } of records) {
    if (!annotation) continue;
    for (const tag of annotation.tags) {
      let key = keys.get(tag);
      if (key === undefined) keys.set(tag, (key = tagKey(tag)));
      if (!key) continue;
      const use = byKey.get(key);
      if (!use) {
        byKey.set(key, { tag, key, count: 1, lastUsedAt: annotation.updatedAt });
        continue;
      }
      use.count += 1;
      if (annotation.updatedAt > use.lastUsedAt || (annotation.updatedAt === use.lastUsedAt && tag < use.tag)) {
        use.tag = tag;
        use.lastUsedAt = annotation.updatedAt;
      }
    }
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The tags of one annotation after merging: the first tag whose key is a source's or the target's
 * becomes `target` in place, the others of those keys go, and the rest keep their order.
 */
function retag(tags: readonly string[], keys: ReadonlySet<string>, target: string): string[] {
  const out: string[] = [];
  let placed = false;
  for (const tag of tags) {
    if (!keys.has(tagKey(tag))) out.push(tag);
    else if (!placed) {
      out.push(target);
      placed = true;
    }
  }
  return normaliseTags(out);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/**
 * Replaces every tag matching one of `sources` (case-insensitively) with `target`, in one readwrite
 * transaction. A paper that already has the target keeps one copy of it, spelt as `target`: tags
 * never duplicate. Changed annotations get `updatedAt = now`. Answers how many papers changed.
 */
export async function mergeTags(db: PaperMarginDB, sources: readonly string[], target: string, now = Date.now()): Promise<number> {
  const wanted = cleanTag(String(target));
  if (!wanted) throw new Error(t('errorEmptyTag'));
  const sourceKeys = new Set(sources.map((source) => tagKey(String(source))).filter((key) => key !== ''));
  if (sourceKeys.size === 0) return 0;
  const keys = new Set([...sourceKeys, tagKey(wanted)]);
  const tx = writeTransaction(db);
  const store = tx.store;
  const index = store.index('tags');
  try {
    const spellings: string[] = [];
    let cursor = await index.openKeyCursor(null, 'nextunique');
    while (cursor) {
      if (sourceKeys.has(tagKey(cursor.key))) spellings.push(cursor.key);
      cursor = await cursor.continue();
    }
    const ids = new Set<PaperId>((await Promise.all(spellings.map((spelling) => index.getAllKeys(spelling)))).flat());
    const found = await Promise.all([...ids].map((id) => store.get(id)));
    const changed: LibraryRecord[] = [];
    for (const record of found) {
      const annotation = record?.annotation;
      if (!annotation) continue;
      const tags = retag(annotation.tags, keys, wanted);
      if (!sameTags(tags, annotation.tags)) changed.push({ ...record, annotation: { ...annotation, tags, updatedAt: editTime(now, annotation.updatedAt) } });
    }
    const writes: Array<Promise<unknown>> = [];
    for (const record of changed) {
      const request = store.put(record);
      // If a later put throws at once, the abort rejects this one: keep that from going unobserved.
      request.catch(() => undefined);
      writes.push(request);
    }
    await Promise.all(writes);
    await tx.done;
    return changed.length;
  } catch (error) {
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing was committed by us either way.
    }
    throw error;
  }
}

/**
 * Renames a tag on every paper, case-insensitively (`rl` → `RL` changes the spelling; `rl` →
 * `vision` merges into `vision` where a paper already has it). Answers how many papers changed.
 */
export function renameTag(db: PaperMarginDB, from: string, to: string, now = Date.now()): Promise<number> {
  return mergeTags(db, [from], to, now);
}
