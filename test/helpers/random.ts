/**
 * A seeded random source for fuzz and property tests (mulberry32: small, fast, and the same sequence
 * everywhere for one seed). Not an LCG multiplied in doubles: that loses its low bits past 2^53, and
 * its values then fall on a few residues only.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T | undefined => (items.length ? items[int(items.length)] : undefined);
  return { next, int, pick, chance: (p: number): boolean => next() < p };
}

export type Rng = ReturnType<typeof seededRandom>;
