import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng('42');
    const b = new Rng('42');
    const c = new Rng('43');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('forks independent streams that do not depend on the parent’s draws', () => {
    const a = new Rng('s');
    a.next();
    expect(a.fork('x').next()).toBe(new Rng('s').fork('x').next());
  });

  it('keeps ranges', () => {
    const r = new Rng('r');
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7).toBe(true);
      expect(r.next()).toBeLessThan(1);
    }
    expect(r.sample([1, 2, 3, 4], 3)).toHaveLength(3);
    expect(new Set(r.sample([1, 2, 3, 4], 4)).size).toBe(4);
    expect(r.poisson(0)).toBe(0);
  });
});
