import type { TagUse } from '../shared/annotation';
import type { PaperMarginDB } from '../store/db';
import { listTags } from '../store/tags';

/**
 * The tag list, kept between calls. Reading it is a pass over every annotated record (0.3–0.7 s at
 * 10 000 papers on this machine), asked for by each page's tag input, the popup and the options
 * page; and only the background's own writes change it. Each write that may touch tags runs through
 * `changing`, which drops the list when the write ends, whether it succeeded or not: a list read
 * before or during the write goes with it, and the next call reads afresh.
 */
export class TagList {
  #cached: { db: PaperMarginDB; uses: Promise<TagUse[]> } | undefined;

  get(db: PaperMarginDB): Promise<TagUse[]> {
    // Another connection (the database was closed and opened again) may see other data.
    if (this.#cached?.db === db) return this.#cached.uses;
    const uses = listTags(db);
    this.#cached = { db, uses };
    // A failed read is not kept: the next call tries again.
    uses.catch(() => {
      if (this.#cached?.uses === uses) this.#cached = undefined;
    });
    return uses;
  }

  async changing<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.#cached = undefined;
    }
  }
}
