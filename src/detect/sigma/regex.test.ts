import { describe, expect, it } from 'vitest';
import { compileRegex, regexLiteral, regexNeedles } from './regex.js';

describe('regexLiteral (prefilter needles from regular expressions)', () => {
  it('keeps only literals every match must contain', () => {
    expect(regexLiteral('\\\\AppData\\\\Local\\\\Temp\\\\[a-z]+\\.exe')).toBe('\\AppData\\Local\\Temp\\');
    expect(regexLiteral('abc|defgh')).toBe('');
    expect(regexLiteral('invoke-(web)?requestx?')).toBe('invoke-');
    expect(regexLiteral('\\x41bcd')).toBe('bcd');
    expect(regexLiteral('(?i)mimikatz')).toBe('mimikatz');
    expect(regexLiteral('abc(x|y)defg')).toBe('defg');
    expect(regexLiteral('[|]abcd')).toBe('abcd');
  });
  it('gives one needle per top-level alternative, or none', () => {
    expect(regexNeedles('mimikatz|sekurlsa::')).toEqual(['mimikatz', 'sekurlsa::']);
    expect(regexNeedles('mimikatz|ab')).toBeNull();
    expect(regexNeedles('(a|b)cdef')).toEqual(['cdef']);
  });
});

describe('compileRegex', () => {
  it('turns leading inline flags into JavaScript flags', () => {
    expect(compileRegex('(?i)^cmd', '').test('CMD.exe')).toBe(true);
    expect(compileRegex('(?s)a.b', '').test('a\nb')).toBe(true);
  });
  it('reports invalid patterns', () => {
    expect(() => compileRegex('a(?<=', '')).toThrow(/invalid regular expression/);
  });
});
