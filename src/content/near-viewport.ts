import type { TrackedCard } from './tracked-card';

/**
 * Builds the UI of a long page's cards as they come near the viewport (a viewport's height above or
 * below it). Feeds list their cards top to bottom (grids row by row), so the cards waiting for a UI,
 * kept in page order, are in order of position too: a binary search finds the first one near the
 * viewport and the ones after it are built until one lies too far below. An IntersectionObserver
 * with one target per card did the same, but recomputed every target after every change and scroll:
 * 90 ms a frame on a 10 000-card page.
 */
export class NearViewport {
  #waiting: TrackedCard[] = [];
  #scheduled = false;
  #held: boolean;

  /** `held`: build nothing until `release()`. */
  constructor(held = false) {
    this.#held = held;
    // Capture: scrolling inside the page's own scroll containers counts too.
    addEventListener('scroll', () => this.#schedule(), { passive: true, capture: true });
    addEventListener('resize', () => this.#schedule(), { passive: true });
    // Content that grows or shrinks without a scroll (images, formulas typeset late, a filter).
    new ResizeObserver(() => this.#schedule()).observe(document.documentElement);
  }

  /** Cards found by a scan, in page order. */
  add(entries: readonly TrackedCard[]): void {
    const last = this.#waiting.at(-1)?.card;
    this.#waiting.push(...entries);
    // Cards the page inserted above the ones waiting (rare): back into page order. The flags are
    // written as numbers (2: PRECEDING, 4: FOLLOWING), as minification cannot shorten their names.
    const first = entries[0]?.card;
    if (last && first && last.compareDocumentPosition(first) & 2) {
      this.#waiting.sort((a, b) => (a.card.compareDocumentPosition(b.card) & 4 ? -1 : 1));
    }
    this.#schedule();
  }

  /** Starts building the UIs of the cards near the viewport (and from then on as it moves). */
  release(): void {
    this.#held = false;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#held || this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    requestAnimationFrame(() => {
      this.#scheduled = false;
      this.#build();
    });
  }

  #build(): void {
    // Cards the page removed (a re-render, client-side navigation) are forgotten.
    this.#waiting = this.#waiting.filter((entry) => entry.live);
    const margin = innerHeight;
    const bottomLimit = innerHeight + margin;
    let low = 0;
    let high = this.#waiting.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const box = this.#waiting[middle]!.card.getBoundingClientRect();
      // A hidden card (no box) says nothing of where the viewport is: searching on past it is safe.
      if (isEmpty(box) || box.bottom < -margin) low = middle + 1;
      else high = middle;
    }
    const built: number[] = [];
    for (let index = low; index < this.#waiting.length; index++) {
      const box = this.#waiting[index]!.card.getBoundingClientRect();
      if (isEmpty(box) || box.bottom < -margin) continue;
      if (box.top > bottomLimit) break;
      built.push(index);
    }
    for (const index of built) this.#waiting[index]!.ensureUi();
    const done = new Set(built);
    if (done.size) this.#waiting = this.#waiting.filter((_, index) => !done.has(index));
  }
}

function isEmpty(box: DOMRect): boolean {
  return box.width === 0 && box.height === 0;
}
