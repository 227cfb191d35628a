import { describe, expect, it } from 'vitest';
import { InvariantModel } from './invariants.js';

describe('InvariantModel', () => {
  // Every block allocated (key 0) is received three times (key 1); key 2 (reads) varies freely; key 3 never occurs.
  const rows = [[1, 3, 0, 0], [1, 3, 2, 0], [2, 6, 1, 0], [1, 3, 5, 0], [3, 9, 4, 0]];
  const m = InvariantModel.fit(rows);

  it('learns the relations that hold in every normal vector and accepts vectors that keep them', () => {
    expect(m.invariants.length).toBe(2); // 3·c0 − c1 = 0 and c3 = 0
    expect(m.check([4, 12, 7, 0]).anomalous).toBe(false);
  });

  it('flags a vector breaking a relation and names the keys involved', () => {
    const v = m.check([1, 2, 0, 0]);
    expect(v.anomalous).toBe(true);
    expect(v.broken[0]!.invariant.terms.map((t) => t.key).sort()).toEqual([0, 1]);
    expect(m.check([1, 3, 0, 1]).broken[0]!.invariant.terms.map((t) => t.key)).toEqual([3]);
  });
});
