import type { PaperId } from '../shared/paper';
import type { PaperMarginDB } from '../store/db';
import { baseCiteKeys } from '../store/export/common';
import { type LibraryEntry, listLibrary } from '../store/query';
import { writeCount } from '../store/shared-read';

type Roster = Map<string, PaperId[]>;

/**
 * The noted papers by plain citation key, kept until the library's next write. Keying one paper as
 * the library's export keys it takes only the noted papers with its plain key (see `baseCiteKeys`),
 * but finding them took a read of every noted record: 1.2–7 s a "Copy BibTeX" at 10 000 papers on
 * this machine, for each click. The roster holds ids only; their records are read when asked for.
 */
export class CiteRoster {
  #cached: { db: PaperMarginDB; writes: number; roster: Promise<Roster> } | undefined;

  /**
   * The noted papers that share a plain key with one of `entries`: keyed among these, the entries get
   * the keys an export of the whole library gives them.
   */
  async among(db: PaperMarginDB, entries: readonly LibraryEntry[]): Promise<LibraryEntry[]> {
    const bases = baseCiteKeys(entries);
    // A write begun while the roster was read makes it stale: it is read again, once; a library
    // written that often is simply read whole, as every export reads it.
    for (let attempt = 0; attempt < 2; attempt++) {
      const roster = await this.#roster(db);
      if (!this.#fresh(db)) continue;
      const ids = new Set<PaperId>();
      for (const base of bases) for (const id of roster.get(base) ?? []) ids.add(id);
      // No await since the check: the read's transaction is made now, before any later write's.
      return listLibrary(db, { ids: [...ids], annotatedOnly: true });
    }
    return listLibrary(db, { annotatedOnly: true });
  }

  #fresh(db: PaperMarginDB): boolean {
    return this.#cached?.db === db && this.#cached.writes === writeCount(db);
  }

  #roster(db: PaperMarginDB): Promise<Roster> {
    if (this.#fresh(db)) return this.#cached!.roster;
    // Counted in the same turn as the read's transaction is made (or joined, see `annotatedRecords`).
    const writes = writeCount(db);
    const roster = listLibrary(db, { annotatedOnly: true }).then((noted) => {
      const byBase: Roster = new Map();
      const bases = baseCiteKeys(noted);
      noted.forEach((entry, i) => {
        const group = byBase.get(bases[i]!);
        if (group) group.push(entry.paper.id);
        else byBase.set(bases[i]!, [entry.paper.id]);
      });
      return byBase;
    });
    const cached = { db, writes, roster };
    this.#cached = cached;
    // A failed read is not kept: the next call tries again.
    roster.catch(() => {
      if (this.#cached === cached) this.#cached = undefined;
    });
    return roster;
  }
}
