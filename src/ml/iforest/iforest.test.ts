import { describe, expect, it } from 'vitest';
import { IsolationForest } from './forest.js';
import { averagePathLength } from './path-length.js';
import { rng } from './rng.js';

/** Gaussian-ish cluster (sum of uniforms) in `d` dimensions. */
function cluster(n: number, d: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => r() + r() + r() - 1.5));
}

describe('averagePathLength', () => {
  it('matches c(n) of Liu et al.', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });
});

describe('IsolationForest', () => {
  const train = cluster(2000, 4, 11);
  const forest = IsolationForest.fit(train, { seed: 3, featureNames: ['a', 'b', 'c', 'd'] });

  it('scores points far from the data high and typical points low', () => {
    expect(forest.score([0, 0, 0, 0])).toBeLessThan(0.45);
    // Extreme in one of four features: isolated, but only by the quarter of splits that use it.
    expect(forest.score([0, 0, 6, 0])).toBeGreaterThan(forest.score([0, 0, 0, 0]) + 0.1);
    expect(forest.score([4, -4, 4, 0])).toBeGreaterThan(0.65);
    const test = cluster(500, 4, 99);
    const scores = forest.scoreAll(test);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    expect(mean).toBeLessThan(0.5);
  });

  it('grows trees on ψ = 256 points to height ⌈log2 ψ⌉ = 8', () => {
    expect(forest.sampleSize).toBe(256);
    expect(forest.trees).toHaveLength(100);
    for (const t of forest.trees) expect(t.nodes).toBeLessThanOrEqual(2 * 256 - 1);
    const longest = Math.max(...forest.trees.map((t) => t.path([0, 0, 0, 0]).splits.length));
    expect(longest).toBeLessThanOrEqual(8);
  });

  it('attributes an outlier to the feature that makes it one', () => {
    const attr = forest.explain([0.1, -0.2, 6, 0]);
    expect(attr[0]).toMatchObject({ feature: 'c', index: 2, direction: 'high', observed: 6 });
    expect(attr[0]!.share).toBeGreaterThan(0.5); // vs 0.25 for an even split
    expect(attr[0]!.share).toBeGreaterThan(2 * attr[1]!.share);
    expect(attr.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1);
    expect(Math.abs(attr[0]!.baseline.median)).toBeLessThan(0.2);
    expect(forest.explain([0, -5, 0, 0])[0]).toMatchObject({ feature: 'b', direction: 'low' });
  });

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const again = IsolationForest.fit(train, { seed: 3 });
    expect(again.score([1, 1, 1, 1])).toBe(forest.score([1, 1, 1, 1]));
    const other = IsolationForest.fit(train, { seed: 4 });
    expect(other.score([1, 1, 1, 1])).not.toBe(forest.score([1, 1, 1, 1]));
    const back = IsolationForest.from(JSON.parse(JSON.stringify(forest.toJSON())));
    for (const x of [[0, 0, 0, 0], [3, -2, 1, 0.5]]) expect(back.score(x)).toBe(forest.score(x));
    expect(back.explain([0, 0, 6, 0])).toEqual(forest.explain([0, 0, 6, 0]));
  });

  it('handles constant columns, tiny inputs and bad documents', () => {
    const f = IsolationForest.fit([[1, 5], [1, 6], [1, 7], [1, 5]], { seed: 1 });
    expect(f.sampleSize).toBe(4);
    expect(Number.isFinite(f.score([1, 100]))).toBe(true);
    expect(() => IsolationForest.fit([[1]])).toThrow(/at least 2 rows/);
    expect(() => f.score([1])).toThrow(/expected 2 values/);
    expect(() => IsolationForest.from({ kind: 'nope' })).toThrow(/version-1/);
    const doc = f.toJSON();
    doc.trees[0]!.l[0] = 0;
    expect(() => IsolationForest.from(doc)).toThrow(/child index/);
  });
});
