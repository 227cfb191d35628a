import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho.js';

function found(ac: AhoCorasick, text: string): Set<number> {
  const s = new Set<number>();
  ac.search(text, (id) => s.add(id));
  return s;
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested patterns', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers', 'é\u2013x']);
    expect([...found(ac, 'ushers')].sort()).toEqual([0, 1, 3]);
    expect([...found(ac, 'aé\u2013x')]).toEqual([4]);
  });
  it('agrees with String.includes on random inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', 'c', '\\') }), { minLength: 1, maxLength: 30 }), fc.string({ maxLength: 60, unit: fc.constantFrom('a', 'b', 'c', '\\', 'd') }), (pats, text) => {
        const ac = new AhoCorasick(pats);
        const got = found(ac, text);
        pats.forEach((p, i) => expect(got.has(i)).toBe(text.includes(p)));
      }),
      { numRuns: 300 },
    );
  });
});
