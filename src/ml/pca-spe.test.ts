import { describe, expect, it } from 'vitest';
import { rng } from './iforest/rng.js';
import { PcaSpe } from './pca-spe.js';

describe('PcaSpe', () => {
  // Normal vectors lie near the line (t, 2t, 3t) with a little noise in every direction.
  const r = rng(7);
  const noise = () => (r() - 0.5) * 0.2;
  const rows = Array.from({ length: 500 }, () => { const t = r() * 10; return [t + noise(), 2 * t + noise(), 3 * t + noise()]; });
  const p = PcaSpe.fit(rows);

  it('keeps the dominant direction and flags few normal vectors (Q-statistic threshold from training eigenvalues)', () => {
    expect(p.components.length).toBe(1);
    expect(p.threshold).toBeGreaterThan(0);
    const fpr = rows.filter((x) => p.check(x).anomalous).length / rows.length;
    expect(fpr).toBeLessThan(0.02);
  });

  it('flags a vector off the normal subspace even when each value is ordinary, naming where the residual is', () => {
    const v = p.check([5, 2, 15]); // each within the training range, but not on the line
    expect(v.anomalous).toBe(true);
    expect(v.spe).toBeGreaterThan(p.threshold * 10);
    expect(v.residual[0]!.key).toBe(1);
    expect(p.check([4, 8, 12]).anomalous).toBe(false);
  });
});
