import { describe, expect, it } from 'vitest';
import { SessionAnomalyModel } from './session-anomaly.js';

describe('SessionAnomalyModel', () => {
  const base = [5, 5, 5, 22, 11, 9, 11, 9, 11, 9, 26, 26, 26];
  const normal = [...Array.from({ length: 30 }, () => base), ...Array.from({ length: 10 }, () => [22, ...base.filter((k, i) => !(k === 22 && i === 3))])];
  const m = SessionAnomalyModel.fit(normal, { dims: 30, history: 4, topG: 2 });

  it('accepts normal sessions', () => {
    for (const s of normal) expect(m.check(s).anomalous).toBe(false);
  });

  it('does not flag a reordering with ordinary counts (the sequence model alone would)', () => {
    const reordered = [5, 5, 5, 22, 11, 9, 11, 26, 9, 11, 9, 26, 26];
    expect(m.sequence.check(reordered).anomalous).toBe(true);
    expect(m.check(reordered).anomalous).toBe(false);
  });

  it('flags a session that is odd in counts and order, explaining both', () => {
    const v = m.check([5, 22]);
    expect(v.anomalous).toBe(true);
    expect(v.counts.violations.map((x) => x.key)).toContain(9);
    expect(v.sequence).toMatchObject({ anomalous: true, position: 1, key: 22 }); // 22 never follows a single 5
    expect(m.check([...base, 28]).counts.violations[0]).toMatchObject({ key: 28, max: 0 });
  });
});
