/**
 * Deterministic pseudo-random numbers (mulberry32) for test media and the benchmarks: the same seed
 * gives the same sequence, so a generated meeting or archive can be built again identically.
 */
export type Random = () => number;

/** A generator of numbers in [0, 1) from `seed`. */
export function rng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
