// Keeps the library under its limit (store/history.ts) as pages record papers. Its size is checked
// after every CHECK_EVERY papers new to it: a count is cheap, but not free (0.4–1 s at 200 000 papers
// in Chromium, which reads every key), and most feed visits add a few dozen papers at most.
import browser from '../shared/browser';
import { errorMessage } from '../shared/messages';
import type { PaperMarginDB } from '../store/db';
import { pruneSeen } from '../store/history';

const CHECK_EVERY = 5_000;
// In storage.session: the worker sleeps after 30 s idle, and a count kept in its memory would start over.
const ADDED_KEY = 'libraryLimit:added';
// In storage.local: when papers were last forgotten to keep the library under its limit, and how many.
const PRUNED_KEY = 'libraryLimit:pruned';

export interface Pruned {
  at: number;
  count: number;
}

// One count at a time: two pages recording at once must not both read the same count.
let counting: Promise<void> = Promise.resolve();
// The count where storage.session fails: then it starts over with each worker, as a check on every start would.
let inMemory = 0;

async function readAdded(): Promise<number> {
  try {
    return Number((await browser.storage.session.get(ADDED_KEY))[ADDED_KEY]) || 0;
  } catch {
    return inMemory;
  }
}

async function writeAdded(count: number): Promise<void> {
  inMemory = count;
  await browser.storage.session.set({ [ADDED_KEY]: count }).catch(() => undefined);
}

/**
 * Counts `added` papers new to the library (recorded by a page, or imported); after every
 * CHECK_EVERY, forgets what is over the limit. The count starts over only once that has worked: a
 * prune that failed, or a worker stopped during it, is tried again with the next new paper. An
 * import only counts (`check` false): the reader's next clicks (an export, often) would wait for
 * the check's read of the library; the next paper a page shows runs it.
 */
export function countAdded(db: PaperMarginDB, added: number, onPruned: () => void, check = true): Promise<void> {
  if (added <= 0) return counting;
  counting = counting
    .then(async () => {
      const total = (await readAdded()) + added;
      await writeAdded(total);
      if (total < CHECK_EVERY || !check) return;
      const count = await pruneSeen(db);
      await writeAdded(0);
      if (count === 0) return;
      console.warn(`[paper-margin] the library was full: forgot ${count} papers seen longest ago and never annotated`);
      await browser.storage.local.set({ [PRUNED_KEY]: { at: Date.now(), count } satisfies Pruned });
      onPruned();
    })
    .catch((error: unknown) => console.warn('[paper-margin] keeping the library under its limit:', errorMessage(error)));
  return counting;
}

/** When papers were last forgotten to keep the library under its limit, if ever. */
export async function lastPruned(): Promise<Pruned | undefined> {
  const value = (await browser.storage.local.get(PRUNED_KEY))[PRUNED_KEY] as Partial<Pruned> | undefined;
  return typeof value?.at === 'number' && typeof value.count === 'number' ? { at: value.at, count: value.count } : undefined;
}
