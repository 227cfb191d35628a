import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64offset, utf16, utf16be, utf16le, windash } from './encode.js';

describe('encodings', () => {
  it('base64offset: one variant occurs in the base64 of any text containing the value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), fc.string({ minLength: 3, maxLength: 12 }), fc.string({ maxLength: 6 }), (pre, value, post) => {
        const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, 'x');
        const v = ascii(value);
        const enc = Buffer.from(ascii(pre) + v + ascii(post), 'latin1').toString('base64');
        expect(base64offset(v).some((x) => enc.includes(x))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('utf16 variants', () => {
    expect(utf16le('cmd')).toBe('c\0m\0d\0');
    expect(utf16be('cmd')).toBe('\0c\0m\0d');
    expect(utf16('a')).toBe('\xff\xfea\0');
  });
  it('windash permutes flag dashes only', () => {
    expect(windash('a-b -c /d')).toEqual(expect.arrayContaining(['a-b -c /d', 'a-b /c -d', 'a-b \u2013c \u2015d']));
    expect(windash('a-b -c /d')).toHaveLength(25);
    expect(windash('nothing')).toEqual(['nothing']);
  });
});
