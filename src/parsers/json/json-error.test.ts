import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorPosition } from './json-error.js';

function v8Message(s: string): unknown {
  try {
    JSON.parse(s);
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a":}', 5],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"a":1} x', 8],
    ['{', 1],
    ['{"a":tru}', 8],
    ['{"a":"\u0001"}', 6],
    [String.raw`{"a":"\x"}`, 7],
    ['{"a":01}', 6],
    ['{"a":1.}', 7],
    ['[1,2', 4],
    ['', 0],
  ])('%j → %i', (s, pos) => {
    expect(jsonErrorPosition(s)).toBe(pos);
  });

  it('accepts everything JSON.parse accepts', () => {
    fc.assert(fc.property(fc.json(), (s) => {
      expect(jsonErrorPosition(s)).toBeUndefined();
    }), { numRuns: 2000 });
  });

  it('finds an error in everything JSON.parse rejects', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (s, n, ins) => {
        const at = n % (s.length + 1);
        const broken = s.slice(0, at) + ins + s.slice(at + 1);
        const err = v8Message(broken);
        const pos = jsonErrorPosition(broken);
        if (err === undefined) expect(pos).toBeUndefined();
        else expect(pos).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('describeJsonError', () => {
  it('names the position and what V8 says, without V8 own position or snippet', () => {
    expect(describeJsonError('{"a":}', v8Message('{"a":}'))).toBe("invalid JSON at position 5: Unexpected token '}'");
    expect(describeJsonError('{"a":1,}', v8Message('{"a":1,}'))).toBe('invalid JSON at position 7: Expected double-quoted property name');
    expect(describeJsonError('{"a":1', v8Message('{"a":1'))).toMatch(/^invalid JSON at position 6: /);
  });
});
