import { describe, expect, it } from 'vitest';
import { rng } from '../iforest/rng.js';
import { RandomForest } from './forest.js';
import { binOf, cutPoints } from './binning.js';

function xor(n: number, seed: number) {
  const r = rng(seed), data = new Float64Array(n * 3), y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = r(), b = r();
    data[i * 3] = a; data[i * 3 + 1] = b; data[i * 3 + 2] = r(); // third column is noise
    y.push((a > 0.5) !== (b > 0.5) ? 1 : 0);
  }
  return { x: { data, rows: n, cols: 3 }, y };
}

describe('RandomForest', () => {
  it('learns XOR, which no single split separates', () => {
    const train = xor(2000, 1), test = xor(500, 2);
    const rf = RandomForest.fit(train.x, train.y, { trees: 30, seed: 5, featureNames: ['a', 'b', 'noise'] });
    const p = rf.probabilities(test.x);
    let right = 0;
    p.forEach((v, i) => { if ((v >= 0.5 ? 1 : 0) === test.y[i]) right++; });
    expect(right / 500).toBeGreaterThan(0.95);
    const imp = rf.importances();
    expect(imp[imp.length - 1]!.feature).toBe('noise');
    expect(imp.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 6);
  });

  it('is deterministic by seed and differs across seeds', () => {
    const { x, y } = xor(400, 3);
    const a = RandomForest.fit(x, y, { trees: 5, seed: 9 }).probabilities(x);
    const b = RandomForest.fit(x, y, { trees: 5, seed: 9 }).probabilities(x);
    const c = RandomForest.fit(x, y, { trees: 5, seed: 10 }).probabilities(x);
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('round-trips through JSON', () => {
    const { x, y } = xor(300, 4);
    const rf = RandomForest.fit(x, y, { trees: 4, seed: 1 });
    const back = RandomForest.from(JSON.parse(JSON.stringify(rf.toJSON())));
    expect([...back.probabilities(x)]).toEqual([...rf.probabilities(x)]);
  });

  it('rejects labels that are not class ids', () => {
    expect(() => RandomForest.fit({ data: Float64Array.of(1, 2), rows: 2, cols: 1 }, [0, 0.5])).toThrow(/class id/);
  });
});

describe('binning', () => {
  it('cuts between distinct values, and quantiles when there are many', () => {
    expect([...cutPoints(Float64Array.of(3, 1, 1, 2))]).toEqual([1.5, 2.5]);
    const many = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const c = cutPoints(many, 256);
    expect(c.length).toBeLessThanOrEqual(255);
    expect(c.length).toBeGreaterThan(200);
    expect(binOf(c, -1)).toBe(0);
    expect(binOf(c, 1e9)).toBe(c.length);
  });
});
