import type { PaperId } from '../shared/paper';
import type { PaperMarginDB } from '../store/db';
import { baseCiteKeys } from '../store/export/common';
import { type LibraryEntry, listLibrary } from '../store/query';
import { writeCount, writtenSince } from '../store/shared-read';

/** The noted papers by plain citation key, and each one's key. */
interface Roster {
  byBase: Map<string, Set<PaperId>>;
  baseOf: Map<PaperId, string>;
}

// More papers written since than this, and the whole library is read again rather than those.
const PATCHED_AT_MOST = 500;

/**
 * The noted papers by plain citation key. Keying one paper as the library's export keys it takes only
 * the noted papers with its plain key (see `baseCiteKeys`), but finding them took a read of every noted
 * record: 1.2–7 s a "Copy BibTeX" at 10 000 papers on this machine, for each click. The roster holds
 * ids only; their records are read when asked for. A write that names its papers (a page recorded, a
 * note saved) has only those read again; any other reads the library again.
 */
export class CiteRoster {
  #cached: { db: PaperMarginDB; writes: number; roster: Promise<Roster> } | undefined;

  /**
   * The noted papers that share a plain key with one of `entries`: keyed among these, the entries get
   * the keys an export of the whole library gives them.
   */
  async among(db: PaperMarginDB, entries: readonly LibraryEntry[]): Promise<LibraryEntry[]> {
    const bases = baseCiteKeys(entries);
    // A write begun while the roster was read makes it stale: it is brought up to date again; a
    // library written that often is simply read whole, as every export reads it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const { byBase } = await this.#roster(db);
      if (!this.#fresh(db)) continue;
      const ids = new Set<PaperId>();
      for (const base of bases) for (const id of byBase.get(base) ?? []) ids.add(id);
      // No await since the check: the read's transaction is made now, before any later write's.
      return listLibrary(db, { ids: [...ids], annotatedOnly: true });
    }
    return listLibrary(db, { annotatedOnly: true });
  }

  /**
   * Brings the roster up to date now, ahead of a copy. Called as the tag list is read, it joins that
   * read of the noted records (see `annotatedRecords`): the copy then costs no read of its own.
   */
  prepare(db: PaperMarginDB): void {
    this.#roster(db).catch(() => undefined);
  }

  #fresh(db: PaperMarginDB): boolean {
    return this.#cached?.db === db && this.#cached.writes === writeCount(db);
  }

  #roster(db: PaperMarginDB): Promise<Roster> {
    const cached = this.#cached;
    if (cached?.db === db && cached.writes === writeCount(db)) return cached.roster;
    // The count is taken in the same turn as the read's transaction is made (or joined, see
    // `annotatedRecords`): the read sees every write counted, and none after.
    const writes = writeCount(db);
    const touched = cached?.db === db ? writtenSince(db, cached.writes) : undefined;
    const roster =
      cached && touched && touched.size <= PATCHED_AT_MOST
        ? Promise.all([cached.roster, listLibrary(db, { ids: [...touched], annotatedOnly: true })]).then(([roster, noted]) => patched(roster, touched, noted))
        : listLibrary(db, { annotatedOnly: true }).then((noted) => patched({ byBase: new Map(), baseOf: new Map() }, [], noted));
    const kept = { db, writes, roster };
    this.#cached = kept;
    // A failed read is not kept: the next call reads the whole library again.
    roster.catch(() => {
      if (this.#cached === kept) this.#cached = undefined;
    });
    return roster;
  }
}

/** `roster` with the papers `touched` taken out and the noted ones of them (`noted`) put back in. */
function patched(roster: Roster, touched: Iterable<PaperId>, noted: readonly LibraryEntry[]): Roster {
  const { byBase, baseOf } = roster;
  for (const id of touched) {
    const base = baseOf.get(id);
    if (base === undefined) continue;
    baseOf.delete(id);
    const group = byBase.get(base)!;
    group.delete(id);
    if (group.size === 0) byBase.delete(base);
  }
  const bases = baseCiteKeys(noted);
  noted.forEach(({ paper: { id } }, i) => {
    const base = bases[i]!;
    baseOf.set(id, base);
    const group = byBase.get(base);
    if (group) group.add(id);
    else byBase.set(base, new Set([id]));
  });
  return roster;
}
