import { describe, expect, it } from 'vitest';
import { rng } from './iforest/rng.js';
import { LogisticRegression } from './logistic.js';
import { averagePrecision, bestF1Threshold, binaryScores, rocAuc } from './metrics.js';
import { NextKeyModel } from './next-key.js';
import { TemplateRarity } from './template-rarity.js';

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

describe('metrics', () => {
  it('computes AUC with ties, AP and the confusion rates', () => {
    expect(rocAuc([0.9, 0.1, 0.8, 0.1], [1, 0, 1, 0])).toBe(1);
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(rocAuc([0.5, 0.5], [1, 1])).toBeNull();
    expect(averagePrecision([0.9, 0.8, 0.1], [0, 1, 1])).toBeCloseTo((0.5 + 2 / 3) / 2, 9);
    const s = binaryScores([1, 1, 0, 0], [1, 0, 1, 0]);
    expect([s.tp, s.fp, s.fn, s.tn, s.precision, s.recall, s.fpr]).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5]);
  });

  it('chooses the F1-best threshold on the rows it is given', () => {
    expect(bestF1Threshold([0.9, 0.2, 0.7, 0.6], [1, 0, 1, 0])).toEqual({ threshold: 0.7, f1: 1 });
  });
});

describe('NextKeyModel', () => {
  const normal = [[5, 5, 22, 11, 9, 26], [5, 22, 5, 11, 9, 26], [22, 5, 5, 11, 9, 26]];
  it('accepts normal sessions and flags an unexpected key or an early end', () => {
    const m = NextKeyModel.fit(normal, { history: 3, topG: 2 });
    for (const s of normal) expect(m.check(s).anomalous).toBe(false);
    const odd = m.check([5, 5, 22, 11, 28, 26]);
    expect(odd).toMatchObject({ anomalous: true, position: 4, key: 28 });
    expect(odd.expected).toContain(9);
    expect(m.check([5, 22]).anomalous).toBe(true); // ends where no normal session ends
    expect(NextKeyModel.fit(normal, { history: 3, topG: 2, predictEnd: false }).check([5, 22]).anomalous).toBe(false);
  });
});

describe('TemplateRarity', () => {
  it('flags unseen templates and picks a threshold on training windows', () => {
    const r = TemplateRarity.fit(['E1', 'E1', 'E2']);
    expect(r.assess('E9')).toEqual({ template: 'E9', count: 0, rare: true });
    expect(r.assess('E1').rare).toBe(false);
    const windows = [
      { templates: ['E1', 'E1'], normal: [true, true], anomalous: false },
      { templates: ['E1', 'E1'], normal: [true, true], anomalous: false },
      { templates: ['E1', 'E7'], normal: [true, false], anomalous: true },
    ];
    expect(TemplateRarity.chooseThreshold(windows, [0, 1, 5])).toEqual({ threshold: 0, f1: 1 });
  });
});
