import type { PaperState } from '../shared/messages';
import type { PaperId } from '../shared/paper';
import type { Freshness } from './card-ui';

/**
 * How this page visit relates to the reader's history. The library answers each record with what it
 * had stored, and stores this visit's record too: a paper recorded again later in the visit (the page
 * re-rendered its card, client-side navigation showed its list again) comes back as seen by this very
 * visit. So the first answer per paper is the one that counts for the whole visit.
 */
export class Visit {
  /** When the visit began: the library answers each paper's showing before it. */
  readonly startedAt: number;
  // When each paper was last seen, as this visit first heard it (`undefined`: never).
  readonly #lastSeen = new Map<PaperId, number | undefined>();
  #returning = false;

  constructor(startedAt = Date.now()) {
    this.startedAt = startedAt;
  }

  /**
   * The library's state of a paper, with `lastSeenAt` as this visit first heard it. Hearing a paper
   * shown before makes the visit a return: the papers never seen are then news.
   */
  hear(id: PaperId, state: PaperState | undefined): PaperState | undefined {
    // No state is no answer (the library could not be read): it is not "never seen".
    if (!state) return undefined;
    if (!this.#lastSeen.has(id)) this.#lastSeen.set(id, state.lastSeenAt);
    const lastSeenAt = this.#lastSeen.get(id);
    if (seenBefore(lastSeenAt, this.startedAt)) this.#returning = true;
    return { ...state, lastSeenAt };
  }

  /** True once a paper shown on an earlier visit was heard of. */
  get isReturn(): boolean {
    return this.#returning;
  }

  /** How a paper relates to the reader's last visits, from its state as `hear` gave it; unknown without one. */
  freshness(state: PaperState | undefined): Freshness {
    if (!state) return 'unknown';
    if (seenBefore(state.lastSeenAt, this.startedAt)) return 'seen';
    return this.#returning ? 'new' : 'unknown';
  }
}

// Seen before the visit began: a later time was written during it (by another tab).
const seenBefore = (lastSeenAt: number | undefined, startedAt: number): boolean => lastSeenAt !== undefined && lastSeenAt < startedAt;
