import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { parseStructuredData } from './structured-data.js';

describe('parseStructuredData', () => {
  it('reads several SD-ELEMENTs', () => {
    const s = '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] msg';
    const r = parseStructuredData(s, 0);
    expect(r.data).toEqual({
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
      'examplePriority@32473': { class: 'high' },
    });
    expect(s.slice(r.end)).toBe(' msg');
  });

  it('resolves \\" \\\\ and \\] and keeps other backslashes (RFC 5424 §6.3.3)', () => {
    const r = parseStructuredData(String.raw`[x@1 a="say \"hi\"" b="C:\\dir" c="[a\]" d="keep\n" e=""]`, 0);
    expect(r.data['x@1']).toEqual({ a: 'say "hi"', b: 'C:\\dir', c: '[a]', d: 'keep\\n', e: '' });
  });

  it('accepts an SD-ELEMENT without parameters and merges a repeated SD-ID', () => {
    expect(parseStructuredData('[origin][x@1 a="1"][x@1 b="2"]', 0).data).toEqual({ origin: {}, 'x@1': { a: '1', b: '2' } });
  });

  it('never writes to a prototype', () => {
    const r = parseStructuredData('[__proto__ polluted="yes"][x@1 __proto__="v"]', 0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(r.data)).toEqual(['__proto__', 'x@1']);
    expect(Object.getOwnPropertyDescriptor(r.data['x@1'], '__proto__')?.value).toBe('v');
  });

  it.each([
    ['[', 'expected an SD-ID'],
    ['[x@1 a="1"', 'expected " " or "]"'],
    ['[x@1 a=1]', `expected '"'`],
    ['[x@1 a]', 'expected "=" after PARAM-NAME "a"'],
    ['[x@1 a="unterminated]', 'unterminated value of "a"'],
    [String.raw`[x@1 a="ends in escape\"]`, 'unterminated value of "a"'],
    ['[x@1  a="1"]', 'expected a PARAM-NAME'],
  ])('rejects %s', (s, reason) => {
    expect(() => parseStructuredData(s, 0)).toThrow(ParseError);
    expect(() => parseStructuredData(s, 0)).toThrow(reason);
  });
});
