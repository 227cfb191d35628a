import { describe, expect, it } from 'vitest';
import { CountEnvelope, countVector } from './count-envelope.js';

describe('CountEnvelope', () => {
  const normal = [[5, 5, 5, 22, 11, 9], [5, 5, 5, 22, 11, 9, 3], [22, 5, 5, 5, 11, 9, 3, 3]];
  const e = CountEnvelope.fitSessions(normal, 30);

  it('accepts sessions whose every key count is within the training range, in any order', () => {
    for (const s of normal) expect(e.checkSession(s).anomalous).toBe(false);
    expect(e.checkSession([9, 11, 3, 22, 5, 5, 5]).anomalous).toBe(false);
  });

  it('flags a missing step, an extra repetition and a never-seen key, furthest outside first', () => {
    expect(e.checkSession([5, 22]).violations.map((v) => v.key)).toEqual([5, 9, 11]);
    expect(e.checkSession([5, 5, 5, 22, 11, 9, 3, 3, 3, 3, 3]).violations).toEqual([{ key: 3, observed: 5, min: 0, max: 2 }]);
    expect(e.checkSession([5, 5, 5, 22, 11, 9, 28]).violations).toEqual([{ key: 28, observed: 1, min: 0, max: 0 }]);
  });

  it('counts out-of-range keys in the last slot, so a key beyond the vector is never dropped', () => {
    expect([...countVector([1, 99, -3], 4)]).toEqual([0, 1, 0, 2]);
    expect(e.checkSession([5, 5, 5, 22, 11, 9, 1234]).violations[0]).toMatchObject({ key: 29, observed: 1 });
    expect(() => CountEnvelope.fit([])).toThrow(/no training vectors/);
    expect(() => CountEnvelope.fit([[1, 2], [1]])).toThrow(/vector 1/);
  });
});
