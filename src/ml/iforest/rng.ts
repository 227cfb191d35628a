/**
 * Seeded pseudo-random numbers (mulberry32): fast, 32-bit state, reproducible across runs and
 * platforms, so a forest fitted with the same seed on the same data is the same forest.
 *
 * @example
 * const r = rng(42); r() // 0.6011… always
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randInt(r: () => number, n: number): number {
  return Math.floor(r() * n);
}
