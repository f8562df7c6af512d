// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { NearViewport } from '../../../src/content/near-viewport';
import type { TrackedCard } from '../../../src/content/tracked-card';

const CARD_HEIGHT = 100;
let scrollY = 0;

/** Cards stacked top to bottom, CARD_HEIGHT each, placed as if the page were scrolled by `scrollY`. */
function cards(count: number): { entries: TrackedCard[]; built: Set<number>; reads: () => number } {
  const built = new Set<number>();
  let reads = 0;
  const entries = Array.from({ length: count }, (_, index) => {
    const card = document.createElement('article');
    document.body.append(card);
    card.getBoundingClientRect = () => {
      reads++;
      const top = index * CARD_HEIGHT - scrollY;
      return { top, bottom: top + CARD_HEIGHT } as DOMRect;
    };
    return { card, ensureUi: () => built.add(index) } as unknown as TrackedCard;
  });
  return { entries, built, reads: () => reads };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('NearViewport', () => {
  it('builds the cards within a viewport of the screen, then more as the page scrolls, reading few positions', async () => {
    document.body.replaceChildren();
    scrollY = 0;
    const { entries, built, reads } = cards(10_000);
    const near = new NearViewport();
    near.add(entries);
    await frame();
    const below = Math.floor((innerHeight * 2) / CARD_HEIGHT);
    expect([...built].sort((a, b) => a - b)).toEqual(range(0, below + 1));
    // A binary search, not a look at every card.
    expect(reads()).toBeLessThan(60);

    built.clear();
    scrollY = 500_000;
    dispatchEvent(new Event('scroll'));
    await frame();
    const first = Math.ceil((scrollY - innerHeight) / CARD_HEIGHT) - 1;
    const sorted = [...built].sort((a, b) => a - b);
    expect(sorted[0]).toBeGreaterThanOrEqual(first);
    expect(sorted.at(-1)! - sorted[0]!).toBeLessThanOrEqual((innerHeight * 3) / CARD_HEIGHT + 1);
    expect(sorted).toContain(scrollY / CARD_HEIGHT);
    expect(reads()).toBeLessThan(120);
  });

  it('forgets cards the page removed', async () => {
    document.body.replaceChildren();
    scrollY = 0;
    const { entries, built } = cards(50);
    for (const entry of entries.slice(0, 5)) entry.card.remove();
    new NearViewport().add(entries);
    await frame();
    expect(built.has(0)).toBe(false);
    expect(built.has(5)).toBe(true);
  });
});
