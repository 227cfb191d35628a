import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho.js';

function found(ac: AhoCorasick, text: string, fold = false): Set<number> {
  const s = new Set<number>();
  ac.search(text, (id) => s.add(id), fold);
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

  it('folds case on the fly, in both the dense and the sparse automaton', () => {
    const unit = fc.constantFrom('a', 'B', 'c', 'É', 'é', '\\', 'D');
    const limit = AhoCorasick.DFA_LIMIT;
    try {
      for (const dense of [true, false]) {
        AhoCorasick.DFA_LIMIT = dense ? limit : 0;
        fc.assert(
          fc.property(fc.array(fc.string({ minLength: 1, maxLength: 4, unit }), { minLength: 1, maxLength: 20 }), fc.string({ maxLength: 50, unit }), (pats, text) => {
            const lower = pats.map((p) => p.toLowerCase());
            const ac = new AhoCorasick(lower);
            const got = found(ac, text, true);
            lower.forEach((p, i) => expect(got.has(i)).toBe(text.toLowerCase().includes(p)));
          }),
          { numRuns: 300 },
        );
      }
    } finally {
      AhoCorasick.DFA_LIMIT = limit;
    }
  });

  it('never skips an occurrence in the skip gate (patterns of 4+ characters, folded)', () => {
    const unit = fc.constantFrom('a', 'B', 'c', 'É', 'é', '\\', 'D');
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 4, maxLength: 9, unit }), { minLength: 1, maxLength: 12 }), fc.string({ maxLength: 80, unit }), fc.nat(3), (pats, text, cut) => {
        const lower = pats.map((p) => p.toLowerCase());
        const ac = new AhoCorasick(lower);
        // Plant a pattern in half the texts so occurrences are common, not only accidental.
        const t = cut % 2 === 0 ? text.slice(0, text.length >> 1) + pats[0]!.toUpperCase() + text.slice(text.length >> 1) : text;
        const got = found(ac, t, true);
        lower.forEach((p, i) => expect(got.has(i)).toBe(t.toLowerCase().includes(p)));
      }),
      { numRuns: 500 },
    );
  });
});
