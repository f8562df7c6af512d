// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { NearViewport } from '../../../src/content/near-viewport';
import type { TrackedCard } from '../../../src/content/tracked-card';

const CARD_HEIGHT = 100;
let scrollY = 0;

/** Cards stacked top to bottom, CARD_HEIGHT each, placed as if the page were scrolled by `scrollY`. */
function cards(count: number, hidden: (index: number) => boolean = () => false): { entries: TrackedCard[]; built: Set<number>; reads: () => number } {
  const built = new Set<number>();
  let reads = 0;
  const entries = Array.from({ length: count }, (_, index) => {
    const card = document.createElement('article');
    document.body.append(card);
    card.getBoundingClientRect = () => {
      reads++;
      if (hidden(index)) return { top: 0, bottom: 0, width: 0, height: 0 } as DOMRect;
      const top = index * CARD_HEIGHT - scrollY;
      return { top, bottom: top + CARD_HEIGHT, width: 800, height: CARD_HEIGHT } as DOMRect;
    };
    return {
      card,
      get live() {
        return card.isConnected;
      },
      ensureUi: () => built.add(index),
    } as unknown as TrackedCard;
  });
  return { entries, built, reads: () => reads };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('NearViewport', () => {
  beforeEach(() => {
    document.body.replaceChildren();
    scrollY = 0;
  });

  it('builds nothing while held (until the library first answers), then the cards near the viewport', async () => {
    const { entries, built } = cards(50);
    const near = new NearViewport(true);
    near.add(entries);
    await frame();
    dispatchEvent(new Event('scroll'));
    await frame();
    expect(built.size).toBe(0);
    near.release();
    await frame();
    expect([...built].sort((a, b) => a - b)).toEqual(range(0, Math.floor((innerHeight * 2) / CARD_HEIGHT) + 1));
  });

  it('builds the cards within a viewport of the screen, then more as the page scrolls, reading few positions', async () => {
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

  it('builds only what is near the viewport when hidden cards (no box) are among the waiting ones', async () => {
    scrollY = 200_000;
    const { entries, built } = cards(5_000, (index) => index % 7 === 0);
    new NearViewport().add(entries);
    await frame();
    const sorted = [...built].sort((a, b) => a - b);
    expect(sorted.length).toBeGreaterThan(10);
    expect(sorted.length).toBeLessThan((innerHeight * 3) / CARD_HEIGHT + 2);
    expect(sorted.every((index) => index % 7 !== 0 && Math.abs(index * CARD_HEIGHT - scrollY) <= innerHeight * 2)).toBe(true);
    expect(sorted).toContain(scrollY / CARD_HEIGHT + 1);
  });

  it('puts cards the page inserted above the waiting ones back in page order', async () => {
    const { entries, built } = cards(40);
    const near = new NearViewport();
    // The page's later cards were found first; the first ones, above them, come in a second scan.
    near.add(entries.slice(20));
    near.add(entries.slice(0, 20));
    await frame();
    expect(built.has(0)).toBe(true);
    expect(built.has(5)).toBe(true);
  });

  it('forgets cards the page removed', async () => {
    const { entries, built } = cards(50);
    for (const entry of entries.slice(0, 5)) entry.card.remove();
    new NearViewport().add(entries);
    await frame();
    expect(built.has(0)).toBe(false);
    expect(built.has(5)).toBe(true);
  });

  it('looks again when the page changes size without a scroll (content above grew or shrank)', async () => {
    const observed: Array<() => void> = [];
    const Real = globalThis.ResizeObserver;
    globalThis.ResizeObserver = class {
      constructor(callback: () => void) {
        observed.push(callback);
      }
      observe(): void {}
      disconnect(): void {}
      unobserve(): void {}
    } as unknown as typeof ResizeObserver;
    try {
      const { entries, built } = cards(1_000);
      new NearViewport().add(entries);
      await frame();
      built.clear();
      // Content above the cards shrank by 50 000 px: the cards moved up, and no scroll event came.
      scrollY = 50_000;
      await frame();
      expect(built.size).toBe(0);
      for (const callback of observed) callback();
      await frame();
      expect(built.has(scrollY / CARD_HEIGHT)).toBe(true);
    } finally {
      globalThis.ResizeObserver = Real;
    }
  });
});
