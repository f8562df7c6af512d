/**
 * Reading the library as a list of papers with their annotations, for the popup's library view and
 * for every export.
 *
 * Tag matching uses the `tags` multiEntry index, which holds display forms (`RL`, `rl` are two
 * index keys). There is deliberately no schema with a lower-cased `tagKeys` field: IndexedDB
 * cannot index a computed key, so every writer of annotations (library.ts, tags.ts, import.ts)
 * would have to keep a derived copy in step, and one that forgot would make papers silently vanish
 * from tag searches. A library has hundreds of distinct spellings, not millions, so walking the
 * index's unique keys and then reading the primary keys of the few spellings whose `tagKey`
 * matches costs O(spellings + matches) with no record loaded.
 */
import { type Annotation, hasContent, tagKey } from '../shared/annotation';
import { type PaperId, isPaperId } from '../shared/paper';
import type { LibraryRecord, PaperMarginDB, PaperMarginSchema, PaperRecord } from './db';
import type { IDBPIndex, IDBPTransaction } from 'idb';
import { annotatedRecords } from './shared-read';

/** One paper of the library with the user's annotation of it, if any. */
export interface LibraryEntry {
  paper: PaperRecord;
  annotation?: Annotation;
}

/** Which entries `listLibrary` answers; the conditions combine with AND. */
export interface LibraryFilter {
  /** Only papers carrying this tag, matched by `tagKey` (case-insensitive, `#` and spacing ignored). */
  tag?: string;
  /** Only these papers. */
  ids?: readonly PaperId[];
  /** Only papers whose annotation holds a note, a tag or a status (`hasContent`). */
  annotatedOnly?: boolean;
}

type TagIndex = IDBPIndex<PaperMarginSchema, ['library'], 'library', 'tags', 'readonly'>;

/**
 * The page to link to when a record has none: arXiv's abstract page, the DOI resolver, or nothing
 * for a paper known only by its title.
 */
export function fallbackUrl(id: PaperId): string {
  if (id.startsWith('arxiv:')) return `https://arxiv.org/abs/${id.slice(6)}`;
  if (id.startsWith('doi:')) return `https://doi.org/${id.slice(4)}`;
  return '';
}

/**
 * A paper record made up from an annotation alone. `setAnnotation` may store a note for a paper
 * whose record was never written (the caller had no `Paper` to hand); the note must still be listed
 * and exported, so the id stands in for the missing metadata.
 */
export function stubPaper(id: PaperId, annotation: Annotation): PaperRecord {
  const arxivId = id.startsWith('arxiv:') ? id.slice(6) : undefined;
  const doi = id.startsWith('doi:') ? id.slice(4) : undefined;
  const record: PaperRecord = {
    id,
    title: arxivId ? `arXiv:${arxivId}` : (doi ?? id.slice(6)),
    authors: [],
    url: fallbackUrl(id),
    codeLinks: [],
    source: 'unknown',
    firstSeenAt: annotation.createdAt,
    lastSeenAt: annotation.createdAt,
    seenOn: [],
    createdAt: annotation.createdAt,
    updatedAt: annotation.createdAt,
  };
  if (arxivId) record.arxivId = arxivId;
  if (doi) record.doi = doi;
  return record;
}

/**
 * Ids of the papers whose annotation holds a tag whose `tagKey` is `key`. Walks the distinct index keys
 * (`nextunique`), so each spelling is visited once however many papers carry it.
 */
async function idsWithTag(index: TagIndex, key: string): Promise<Set<PaperId>> {
  const spellings: string[] = [];
  let cursor = await index.openKeyCursor(null, 'nextunique');
  while (cursor) {
    if (tagKey(cursor.key) === key) spellings.push(cursor.key);
    cursor = await cursor.continue();
  }
  const ids = new Set<PaperId>();
  for (const keys of await Promise.all(spellings.map((spelling) => index.getAllKeys(spelling)))) {
    for (const id of keys) ids.add(id);
  }
  return ids;
}

/** Newest annotation first; unannotated papers last; then by id, so equal times keep one order. */
export function compareEntries(a: LibraryEntry, b: LibraryEntry): number {
  const at = a.annotation?.updatedAt ?? -Infinity;
  const bt = b.annotation?.updatedAt ?? -Infinity;
  if (at !== bt) return bt > at ? 1 : -1;
  return a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0;
}

async function entriesFor(tx: IDBPTransaction<PaperMarginSchema, ['library'], 'readonly'>, ids: Iterable<PaperId>): Promise<LibraryEntry[]> {
  return toEntries(await Promise.all([...ids].map((id) => tx.store.get(id))));
}

/** A record holds a paper, an annotation or both; one holding neither (never written) is skipped. */
function toEntries(records: ReadonlyArray<LibraryRecord | undefined>): LibraryEntry[] {
  const entries: LibraryEntry[] = [];
  for (const record of records) {
    if (!record) continue;
    const { id, paper, annotation } = record;
    if (paper) entries.push(annotation ? { paper, annotation } : { paper });
    else if (annotation) entries.push({ paper: stubPaper(id, annotation), annotation });
  }
  return entries;
}

/**
 * The library, or the part of it the filter selects, read in one readonly transaction (or joining a
 * read of the annotated records that runs already, see `annotatedRecords`) and sorted by
 * `compareEntries`. Annotations without a paper record are listed with a `stubPaper`. A tag that
 * cleans to nothing (`""`, `"##"`) matches no paper.
 */
export async function listLibrary(db: PaperMarginDB, filter: LibraryFilter = {}): Promise<LibraryEntry[]> {
  let entries: LibraryEntry[];
  // Annotated only, nothing else asked: the records the `annotatedAt` index holds, those with an annotation.
  if (filter.annotatedOnly && !filter.ids && filter.tag === undefined) entries = toEntries(await annotatedRecords(db));
  else entries = await selected(db, filter);
  if (filter.annotatedOnly) entries = entries.filter((entry) => hasContent(entry.annotation));
  return entries.sort(compareEntries);
}

/** The papers of a filter by ids or tag, or the whole library, in one readonly transaction. */
async function selected(db: PaperMarginDB, filter: LibraryFilter): Promise<LibraryEntry[]> {
  const tx = db.transaction('library', 'readonly');
  let ids: Set<PaperId> | undefined = filter.ids ? new Set(filter.ids.filter((id) => isPaperId(id))) : undefined;
  if (filter.tag !== undefined) {
    const key = tagKey(filter.tag);
    const tagged = key ? await idsWithTag(tx.store.index('tags'), key) : new Set<PaperId>();
    ids = ids ? new Set([...ids].filter((id) => tagged.has(id))) : tagged;
  }
  const entries = ids ? await entriesFor(tx, ids) : toEntries(await tx.store.getAll());
  await tx.done;
  return entries;
}

/**
 * The most recently edited annotated papers, newest first, read through the `annotatedAt` index: what
 * the library shows first, before the whole library (for search) has loaded.
 */
export async function recentLibrary(db: PaperMarginDB, limit: number): Promise<LibraryEntry[]> {
  const tx = db.transaction('library', 'readonly');
  // Newest first through the index, stopping at `limit`: a few dozen steps, where reading every key
  // of a 10 000-paper library first cost most of the Library tab's first paint.
  const entries: LibraryEntry[] = [];
  let cursor = await tx.store.index('annotatedAt').openCursor(null, 'prev');
  while (cursor && entries.length < limit) {
    if (hasContent(cursor.value.annotation)) entries.push(...toEntries([cursor.value]));
    cursor = await cursor.continue();
  }
  await tx.done;
  // The cursor gives equal times newest id first; the full list's order puts the lower id first.
  return entries.sort(compareEntries);
}
