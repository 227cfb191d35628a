import { describe, expect, it } from 'vitest';
import { averagePrecision, bestF1Threshold, binaryScores, rocAuc } from './metrics.js';

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
