import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { createApacheErrorParser } from './error-parser.js';

describe('apache-error fractional seconds', () => {
  it('reads digits and refuses an exponent with a ParseError (a fast-check counterexample threw a RangeError)', () => {
    const p = createApacheErrorParser({ timezone: 'UTC' });
    const [e] = p.parse({ data: '[Thu May 12 08:28:57.650 2011] [error] x', source: 'f', receivedAt: 0 });
    expect(e!['@timestamp']).toBe('2011-05-12T08:28:57.650Z');
    expect(() => p.parse({ data: '[Thu May 12 08:28:57.65E118 2011] [error] x', source: 'f', receivedAt: 0 })).toThrow(ParseError);
  });
});
