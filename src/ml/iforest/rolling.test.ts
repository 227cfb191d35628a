import { describe, expect, it } from 'vitest';
import { rng } from './rng.js';
import { RollingIsolationForest } from './rolling.js';

describe('RollingIsolationForest', () => {
  const r = rng(5);
  const normal = () => [10 + 3 * r(), 2 + r(), 1];

  it('fits once it has enough rows, refits on schedule, keeps a bounded window', () => {
    const m = new RollingIsolationForest({ features: ['logins', 'hosts', 'countries'], window: 500, refitEvery: 200, minRows: 100, trees: 50 });
    for (let i = 0; i < 99; i++) m.add(normal());
    expect(m.score(normal())).toBeUndefined();
    m.add(normal());
    expect(m.fitted).toBe(true);
    for (let i = 0; i < 1000; i++) m.add(normal());
    expect(m.size).toBe(500);
    expect(m.score([11, 2.5, 1])!).toBeLessThan(0.5);
    expect(m.score([80, 14, 3])!).toBeGreaterThan(0.65);
    expect(m.explain([11, 14, 1])[0]!.feature).toBe('hosts');
  });

  it('restores to score exactly as before, and validates row width', () => {
    const m = new RollingIsolationForest({ features: ['a', 'b', 'c'], window: 300, refitEvery: 100, minRows: 50, trees: 30 });
    for (let i = 0; i < 420; i++) m.add(normal());
    const back = RollingIsolationForest.from(JSON.parse(JSON.stringify(m)), m.opts);
    expect(back.score([40, 1, 1])).toBe(m.score([40, 1, 1]));
    for (let i = 0; i < 150; i++) { const x = normal(); m.add(x); back.add(x); }
    expect(back.score([40, 1, 1])).toBe(m.score([40, 1, 1]));
    expect(() => m.add([1, 2])).toThrow(/expected 3 values/);
    expect(RollingIsolationForest.from({ rows: [[1, 2]], forest: null }, m.opts).size).toBe(0);
  });
});
