import { describe, expect, it } from 'vitest';
import { TransitionModel } from './transitions.js';

describe('TransitionModel', () => {
  it('flags a follower outside the top g only once the context is supported', () => {
    const m = new TransitionModel({ topG: 2, minSupport: 5 });
    expect(m.observe(1, 9, 0).unexpected).toBe(false); // nothing known yet: no judgement
    for (let i = 0; i < 10; i++) { m.observe(1, 2, i); m.observe(1, 3, i); }
    const v = m.observe(1, 7, 20);
    expect(v).toMatchObject({ unexpected: true, count: 0, expected: [2, 3] });
    expect(v.total).toBeCloseTo(21, 3); // decayed over 20 ms of a 7-day half-life
    expect(m.observe(1, 2, 21).unexpected).toBe(false);
  });

  it('decays old habits so a changed sequence becomes normal', () => {
    const m = new TransitionModel({ topG: 1, minSupport: 3, halfLifeMs: 1000 });
    for (let i = 0; i < 20; i++) m.observe(1, 2, 0);
    expect(m.observe(1, 5, 0).unexpected).toBe(true);
    for (let i = 0; i < 5; i++) m.observe(1, 5, 10_000 + i); // 10 half-lives later
    expect(m.observe(1, 5, 10_010).unexpected).toBe(false);
  });

  it('stays within its caps and round-trips through JSON', () => {
    const m = new TransitionModel({ maxContexts: 10, maxFollowers: 4, minSupport: 1, topG: 1 });
    for (let p = 0; p < 100; p++) for (let n = 0; n < 20; n++) m.observe(p, n, 0);
    expect(m.size).toBe(10);
    expect(m.toJSON().every(([, , f]) => f.length <= 4)).toBe(true);
    const back = TransitionModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())), m.opts);
    expect(back.toJSON()).toEqual(m.toJSON());
    m.forget(99);
    expect(m.size).toBe(9);
  });
});
