import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternTest } from './pattern.js';
import { parseSigmaString, toRegExpSource } from './sigma-string.js';

describe('patternTest', () => {
  it('agrees with the anchored RegExp of the pattern on random patterns and texts', () => {
    const unit = fc.constantFrom('a', 'b', '*', '?', '\\');
    fc.assert(
      fc.property(fc.string({ maxLength: 8, unit }), fc.string({ maxLength: 10, unit: fc.constantFrom('a', 'b', '*', '?', '\\') }), (pat, text) => {
        const parts = parseSigmaString(pat);
        expect(patternTest(parts)(text)).toBe(new RegExp(toRegExpSource(parts)).test(text));
      }),
      { numRuns: 2000 },
    );
  });
});
