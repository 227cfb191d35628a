import { describe, expect, it } from 'vitest';
import { rng } from './iforest/rng.js';
import { LogisticRegression } from './logistic.js';
import { binaryScores } from './metrics.js';

function separable(n: number, seed: number) {
  // Class 1 iff 3·a − 2·b + 100 > 0 with b on a large scale: standardisation must cope.
  const r = rng(seed), data = new Float64Array(n * 2), y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = r() * 10, b = 30 + r() * 60;
    data[i * 2] = a; data[i * 2 + 1] = b;
    y.push(3 * a - 2 * b + 100 > 0 ? 1 : 0);
  }
  return { x: { data, rows: n, cols: 2 }, y };
}

describe('LogisticRegression', () => {
  it('learns a linearly separable rule on unscaled features', () => {
    const train = separable(2000, 1), test = separable(500, 2);
    const lr = LogisticRegression.fit(train.x, train.y, { C: 100, seed: 2, featureNames: ['a', 'b'] });
    const p = lr.probabilities(test.x);
    const s = binaryScores(Array.from(p, (v) => v >= 0.5), test.y);
    expect(s.accuracy).toBeGreaterThan(0.97);
    const [first, second] = lr.coefficients();
    expect(first!.weight * second!.weight).toBeLessThan(0); // a pushes up, b pushes down
  });

  it('is deterministic by seed and JSON round-trips', () => {
    const { x, y } = separable(300, 3);
    const a = LogisticRegression.fit(x, y, { seed: 4, epochs: 3 });
    const b = LogisticRegression.fit(x, y, { seed: 4, epochs: 3 });
    expect([...a.weights]).toEqual([...b.weights]);
    expect([...LogisticRegression.fit(x, y, { seed: 5, epochs: 3 }).weights]).not.toEqual([...a.weights]);
    expect(LogisticRegression.from(JSON.parse(JSON.stringify(a.toJSON()))).probability([5, 50])).toBe(a.probability([5, 50]));
  });
});
