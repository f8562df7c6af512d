import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Annotation, type ReadingStatus, hasContent, tagKey } from '../shared/annotation';
import type { PaperId } from '../shared/paper';
import { errorMessage } from '../shared/messages';
import { openDatabase } from '../store/db';
import { listLibrary } from '../store/query';
import { type MessageKey, t } from '../shared/i18n';
import { useLibraryTags } from './library-tags';
import { moveFocus } from './move-focus';
import { formatCount } from './number';
import { PaperItem } from './PaperItem';
import { takeRecent } from './recent';
import { type Entry, type SortOrder, buildIndex, search } from './search';
import { useAnnotationEvents } from './use-annotation-events';
import { useTagRenames } from './tag-renames';

const PAGE = 50;
// The filter's choices, in the order a reader looks for them.
const STATUS_FILTERS = [
  ['to-read', 'statusToRead'],
  ['starred', 'statusStarred'],
  ['read', 'statusRead'],
  ['skip', 'statusSkip'],
  ['none', 'statusNone'],
] as const satisfies ReadonlyArray<readonly [ReadingStatus, MessageKey]>;

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; entries: Entry[]; partial?: boolean };

/** One annotated paper as the library lists it, read from the database; none when it holds nothing. */
async function entryOf(id: string): Promise<Entry | undefined> {
  const db = await openDatabase();
  try {
    return (await listLibrary(db, { ids: [id as PaperId], annotatedOnly: true }))[0];
  } finally {
    db.close();
  }
}

/** Every annotated paper, read here: see `Library`. */
async function readAnnotated(): Promise<Entry[]> {
  const db = await openDatabase();
  try {
    return await listLibrary(db, { annotatedOnly: true });
  } finally {
    db.close();
  }
}

export type LibraryProps = {
  active?: boolean;
  focusSearch?: boolean;
  /**
   * Told the papers listed whenever a search, a tag or a status narrows the list (for the export bar's
   * "Listed" button), and `undefined` when the list is every annotated paper or not read whole yet.
   */
  onListed?: (ids: PaperId[] | undefined) => void;
};

/** Every annotated paper, searchable as you type, filtered by tag and reading status, sorted by last edit or paper date. */
export function Library({ active = true, focusSearch = true, onListed }: LibraryProps = {}) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [tags, readTags] = useLibraryTags();
  const [query, setQuery] = useState('');
  const [chosenTag, setTag] = useState('');
  const [sort, setSort] = useState<SortOrder>('edited');
  const [status, setStatus] = useState<ReadingStatus | ''>('');
  const [limit, setLimit] = useState(PAGE);
  const [open, setOpen] = useState<string>();
  // Rows holding what the library does not have (a failed save, refused tags): closing them, by opening
  // another row or by a new search, would drop what was typed. They stay open and listed until saved.
  const [unsaved, setUnsaved] = useState<ReadonlySet<string>>(new Set());
  const markUnsaved = (id: string, isUnsaved: boolean) =>
    setUnsaved((old) => (old.has(id) === isUnsaved ? old : new Set(isUnsaved ? [...old, id] : [...old].filter((known) => known !== id))));
  const searchBox = useRef<HTMLInputElement>(null);
  const emptyNote = useRef<HTMLParagraphElement>(null);
  // A chosen tag renamed or merged on the options page is followed to its new name (told by that page);
  // one gone otherwise means all papers again, not an empty list under a filter the menu no longer has.
  useTagRenames(({ from, to }) => setTag((chosen) => (chosen && from.some((name) => tagKey(name) === tagKey(chosen)) ? to : chosen)));
  const tag = tags.find((use) => use.key === tagKey(chosenTag))?.tag ?? '';
  // The tags and every annotated paper: after the first rows, and again when many papers changed.
  const readAll = async () => {
    readTags();
    const fresh = await readAnnotated();
    // One given content again meanwhile (an import) is no longer emptied: it stays once its row closes.
    for (const entry of fresh) emptied.current.delete(entry.paper.id);
    // A listed paper emptied in a row still open (or unsaved) is not in the library's read: it stays
    // listed until that row closes, as between reads (see `emptied`).
    setLoad((old) => {
      const kept = old.kind === 'ready' ? old.entries.filter((entry) => emptied.current.has(entry.paper.id)) : [];
      return { kind: 'ready', entries: kept.length > 0 ? [...fresh, ...kept] : fresh };
    });
  };
  const list = useRef<HTMLOListElement>(null);
  // The row whose editor was just closed, and its place among the rows: its button takes the focus back
  // once it is drawn again, or, when the paper left the list, the row now in its place.
  const refocus = useRef<{ id: string; at: number } | undefined>(undefined);
  // The first row "Show more" drew: it takes the focus, as the button may be gone with the last of them.
  const firstMore = useRef<number | undefined>(undefined);
  const close = (id: string) => {
    refocus.current = { id, at: [...(list.current?.children ?? [])].findIndex((row) => row.getAttribute('data-paper-id') === id) };
    setOpen((current) => (current === id ? undefined : current));
  };
  useEffect(() => {
    const closed = refocus.current;
    if (closed === undefined || open !== undefined) return;
    // A paper emptied in its row is still drawn as the row closes, and leaves at the next drawing (see
    // `emptied`): focused now, its button would take the focus with it, to the page's body.
    if (emptied.current.has(closed.id) && !unsaved.has(closed.id)) return;
    refocus.current = undefined;
    // The row may be gone (emptied, or what was typed into it no longer matches the search): the next
    // row then, the one before when it was the last, and the search box (or what says the library is
    // empty) when none is left.
    const rows = [...(list.current?.children ?? [])];
    const row = rows.find((candidate) => candidate.getAttribute('data-paper-id') === closed.id) ?? rows[closed.at] ?? rows[closed.at - 1];
    (row?.querySelector<HTMLElement>('button.row, textarea') ?? searchBox.current ?? emptyNote.current)?.focus();
  });
  useEffect(() => {
    if (firstMore.current === undefined) return;
    list.current?.children[firstMore.current]?.querySelector<HTMLElement>('button.row')?.focus();
    firstMore.current = undefined;
  }, [limit]);

  useEffect(() => {
    // Read here, not through a message: the popup shares the extension's origin and database, and
    // 10 000 records through the message channel cost over a second. The background stays the only
    // writer. The latest edits come first, so the list shows at once; the rest follows for search.
    (async () => {
      setLoad({ kind: 'ready', entries: await takeRecent(), partial: true });
      // After the first rows: the tag list may make the background read every annotated record.
      await readAll();
    })()
      .catch((error: unknown) => setLoad({ kind: 'error', message: errorMessage(error) }));
    const slash = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (event.key === '/' && !typing && searchBox.current && !searchBox.current.closest('[hidden]')) {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    addEventListener('keydown', slash);
    return () => removeEventListener('keydown', slash);
  }, []);

  // The search box exists once the first rows are in: focus it then, ready for typing, when the tab was
  // chosen to be used (not passed over with the arrow keys).
  const ready = load.kind === 'ready';
  useEffect(() => {
    if (ready && active && focusSearch) searchBox.current?.focus();
  }, [ready, active, focusSearch]);

  const listed = useRef<Entry[]>([]);
  // Listed papers whose note, tags and status were all cleared: a fresh read leaves them out, and so
  // does the list, but not while the row is open (its note cleared to be retyped) or unsaved.
  const emptied = useRef(new Set<string>());
  const onSaved = (annotation: Annotation) => {
    const known = listed.current.find((entry) => entry.paper.id === annotation.id);
    // Only a change of tags changes the filter's list (a note autosaves as it is typed).
    if (!known || known.annotation?.tags.join('\n') !== annotation.tags.join('\n')) readTags(true);
    if (known) {
      if (hasContent(annotation)) emptied.current.delete(annotation.id);
      else emptied.current.add(annotation.id);
      setLoad((old) => {
        if (old.kind !== 'ready') return old;
        return { kind: 'ready', entries: old.entries.map((entry) => (entry.paper.id === annotation.id ? { ...entry, annotation } : entry)) };
      });
      return;
    }
    // Annotated elsewhere while this tab is open (on a card, in another tab): the paper joins the list.
    void entryOf(annotation.id).then(
      (entry) =>
        entry &&
        setLoad((old) => (old.kind !== 'ready' || old.entries.some((known) => known.paper.id === entry.paper.id) ? old : { ...old, entries: [entry, ...old.entries] })),
      () => undefined,
    );
  };
  // Many papers changed at once (an import, a tag renamed or merged on the options page): read again.
  useAnnotationEvents(onSaved, () => void readAll().catch(() => undefined));
  // An emptied paper leaves once its row closes (Escape, another row opened) or is saved.
  useEffect(() => {
    const gone = new Set([...emptied.current].filter((id) => id !== open && !unsaved.has(id)));
    if (gone.size === 0) return;
    for (const id of gone) emptied.current.delete(id);
    setLoad((old) => (old.kind === 'ready' ? { ...old, entries: old.entries.filter((entry) => !gone.has(entry.paper.id)) } : old));
  }, [load, open, unsaved]);

  const entries = load.kind === 'ready' ? load.entries : [];
  listed.current = entries;
  const index = useMemo(() => buildIndex(entries), [entries]);
  const shown = useRef<{ entries: Entry[]; search: string }>({ entries: [], search: '' });
  const found = useMemo(() => search(index, query, { tag: tag || undefined, status: status || undefined, sort }), [index, query, tag, status, sort]);
  const results = useMemo(() => {
    const rows = [...found];
    const searched = `${query}\n${tag}\n${status}\n${sort}`;
    const sameSearch = shown.current.search === searched;
    // The row being edited stays where it was: each save moved it to the top of "Last edited", away
    // from the reader's eyes and pointer, and what is typed into it may stop matching the search. It
    // takes its place in the order when it closes; a new search is the reader's own choice, and may
    // move it or leave it out.
    if (open && sameSearch) {
      const at = shown.current.entries.findIndex((entry) => entry.paper.id === open);
      const now = rows.findIndex((entry) => entry.paper.id === open);
      const entry = now >= 0 ? rows[now] : entries.find((candidate) => candidate.paper.id === open);
      if (at >= 0 && entry && now !== at) {
        if (now >= 0) rows.splice(now, 1);
        rows.splice(Math.min(at, rows.length), 0, entry);
      }
    }
    for (const id of unsaved) {
      const entry = entries.find((candidate) => candidate.paper.id === id);
      if (entry && !rows.includes(entry)) rows.unshift(entry);
    }
    shown.current = { entries: rows, search: searched };
    return rows;
  }, [found, open, unsaved]);
  // While the first rows stand in for the library, a narrowed list is not what the search finds yet.
  // "Listed" exports what the search finds, not the rows kept in sight beside it (an open row that
  // stopped matching, an unsaved one), nor a paper emptied in its row.
  const narrowed = ready && !load.partial && (query.trim() !== '' || tag !== '' || status !== '');
  useEffect(
    () => onListed?.(narrowed ? found.filter((entry) => hasContent(entry.annotation)).map((entry) => entry.paper.id) : undefined),
    [found, narrowed],
  );
  useEffect(() => () => onListed?.(undefined), []);

  if (load.kind === 'loading') return <p class="empty">{t('popupLoading')}</p>;
  if (load.kind === 'error') return <p class="empty error">{t('libraryError', load.message)}</p>;
  // Focusable from the script only: it takes the focus when the last paper leaves from its open row.
  if (entries.length === 0)
    return (
      <p class="empty" ref={emptyNote} tabIndex={-1}>
        {t('libraryEmpty')}
      </p>
    );
  return (
    <div class="library">
      <div class="filters">
        <input
          ref={searchBox}
          type="search"
          aria-label={t('librarySearch')}
          placeholder={t('librarySearchPlaceholder')}
          value={query}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setLimit(PAGE);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              list.current?.querySelector<HTMLElement>('button.row')?.focus();
            }
          }}
        />
        <select aria-label={t('libraryTagFilter')} value={tag} onChange={(event) => setTag(event.currentTarget.value)}>
          <option value="">{t('libraryAllTags')}</option>
          {tags.map((use) => (
            <option key={use.key} value={use.tag}>
              #{use.tag} ({use.count})
            </option>
          ))}
        </select>
        {/* The reading list: what was marked "to read" (u) or starred (s) while skimming. */}
        <select aria-label={t('libraryStatusFilter')} value={status} onChange={(event) => setStatus(event.currentTarget.value as ReadingStatus | '')}>
          <option value="">{t('libraryAnyStatus')}</option>
          {STATUS_FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
        <select aria-label={t('librarySort')} value={sort} onChange={(event) => setSort(event.currentTarget.value as SortOrder)}>
          <option value="edited">{t('librarySortEdited')}</option>
          <option value="date">{t('librarySortDate')}</option>
        </select>
      </div>
      <p class="results" role="status">
        {load.partial
          ? t('libraryLoadingRest')
          : results.length === 1
            ? t('libraryResultsOne')
            : t('libraryResults', formatCount(Math.min(limit, results.length)), formatCount(results.length))}
      </p>
      {results.length === 0 ? (
        <p class="empty">{t('libraryNoMatch')}</p>
      ) : (
        <ol class="papers" ref={list} aria-label={t('libraryList')} onKeyDown={(event) => moveFocus(event, list.current, 'button.row', searchBox.current)}>
          {results.slice(0, limit).map((entry) =>
            open === entry.paper.id || unsaved.has(entry.paper.id) ? (
              <PaperItem
                key={entry.paper.id}
                paper={entry.paper}
                annotation={entry.annotation}
                onSaved={onSaved}
                autoFocus
                onClose={() => close(entry.paper.id)}
                onUnsaved={(isUnsaved) => markUnsaved(entry.paper.id, isUnsaved)}
              />
            ) : (
              <li key={entry.paper.id} class="paper compact" data-paper-id={entry.paper.id}>
                <button type="button" class="row" aria-label={`${t('itemEdit')}: ${entry.paper.title}`} onClick={() => setOpen(entry.paper.id)}>
                  {/* dir="auto": a title or note in Arabic or Hebrew reads right to left, whatever the popup's language. */}
                  <span class="title" dir="auto">
                    {entry.paper.title}
                  </span>
                  {/* Each tag isolated (<bdi>): an Arabic or Hebrew tag would otherwise carry the "#" and the
                      separators around it into its own right-to-left run, and the line would read scrambled. */}
                  <span class="meta">
                    {entry.paper.date}
                    {(entry.annotation?.tags ?? []).map((name, index) => (
                      <Fragment key={name}>
                        {index > 0 || entry.paper.date ? ' · ' : ''}
                        <bdi>#{name}</bdi>
                      </Fragment>
                    ))}
                  </span>
                  {entry.annotation?.note && (
                    <span class="excerpt" dir="auto">
                      {entry.annotation.note.slice(0, 160)}
                    </span>
                  )}
                </button>
              </li>
            ),
          )}
        </ol>
      )}
      {results.length > limit && (
        <button
          type="button"
          class="more"
          onClick={() => {
            firstMore.current = limit;
            setLimit(limit + PAGE);
          }}
        >
          {t('libraryShowMore')}
        </button>
      )}
    </div>
  );
}
