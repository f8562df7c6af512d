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
  private waiting: TrackedCard[] = [];
  private scheduled = false;

  constructor() {
    // Capture: scrolling inside the page's own scroll containers counts too.
    addEventListener('scroll', () => this.schedule(), { passive: true, capture: true });
    addEventListener('resize', () => this.schedule(), { passive: true });
  }

  /** Cards found by a scan, in page order, after the ones added before. */
  add(entries: readonly TrackedCard[]): void {
    this.waiting.push(...entries);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.build();
    });
  }

  private build(): void {
    // Cards the page removed (a re-render, client-side navigation) are forgotten.
    if (!this.waiting[0]?.card.isConnected || !this.waiting.at(-1)?.card.isConnected) {
      this.waiting = this.waiting.filter((entry) => entry.card.isConnected);
    }
    const margin = innerHeight;
    let low = 0;
    let high = this.waiting.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.waiting[middle]!.card.getBoundingClientRect().bottom < -margin) low = middle + 1;
      else high = middle;
    }
    let end = low;
    while (end < this.waiting.length && this.waiting[end]!.card.getBoundingClientRect().top <= innerHeight + margin) end++;
    for (const entry of this.waiting.splice(low, end - low)) entry.ensureUi();
  }
}
