/**
 * A seeded random integer source for property tests (mulberry32): the same seed gives the same
 * strings on every run, and every residue comes up. A plain `seed * 1103515245` in doubles loses its
 * low bits past 2^53, and its values then fall on a few residues only.
 */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}
