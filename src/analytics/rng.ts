/** Seeded uniform generator (mulberry32). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson draw (Knuth's product method; rates here are small per hour). */
export function poisson(rate: number, u: () => number): number {
  if (rate <= 0) return 0;
  if (rate > 60) return Math.max(0, Math.round(rate + Math.sqrt(rate) * Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u())));
  const L = Math.exp(-rate);
  let k = 0, p = 1;
  do { k++; p *= u(); } while (p > L);
  return k - 1;
}
