import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './eigen.js';

describe('symmetricEigen', () => {
  it('recovers eigenpairs of a symmetric matrix (A v = λ v, descending, unit vectors)', () => {
    const a = [[4, 1, 2], [1, 3, 0], [2, 0, 5]];
    const { values, vectors } = symmetricEigen(a);
    expect(values[0]!).toBeGreaterThanOrEqual(values[1]!);
    expect(values[1]!).toBeGreaterThanOrEqual(values[2]!);
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(12, 9); // trace
    values.forEach((l, k) => {
      const v = vectors[k]!;
      expect(Math.hypot(...v)).toBeCloseTo(1, 9);
      for (let i = 0; i < 3; i++) expect(a[i]!.reduce((s, x, j) => s + x * v[j]!, 0)).toBeCloseTo(l * v[i]!, 8);
    });
  });

  it('finds a zero eigenvalue for a rank-deficient Gram matrix and refuses a ragged one', () => {
    const { values } = symmetricEigen([[1, 1], [1, 1]]);
    expect(values[0]).toBeCloseTo(2, 12);
    expect(Math.abs(values[1]!)).toBeLessThan(1e-12);
    expect(() => symmetricEigen([[1, 2], [3]])).toThrow(/row 1/);
  });
});
