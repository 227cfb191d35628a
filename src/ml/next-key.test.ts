import { describe, expect, it } from 'vitest';
import { NextKeyModel } from './next-key.js';

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

  it('backs off from contexts seen too rarely to trust', () => {
    // After [1, 2] only 3 was ever seen (once); after 2 alone, 3 and 4 both follow often.
    const train = [[1, 2, 3], ...Array.from({ length: 5 }, () => [7, 2, 4]), ...Array.from({ length: 5 }, () => [8, 2, 3])];
    expect(NextKeyModel.fit(train, { history: 2, topG: 3, predictEnd: false }).check([1, 2, 4])).toMatchObject({ anomalous: true, position: 2 });
    const m = NextKeyModel.fit(train, { history: 2, topG: 3, predictEnd: false, minSupport: 2 });
    expect(m.check([1, 2, 4])).toMatchObject({ anomalous: false });
    expect(m.candidates([1, 2]).context).toBe(1);
  });
});
