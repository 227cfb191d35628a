import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { zeekParser } from './index.js';
import { fixtureLines } from './test-helpers.js';

const FILES = ['conn.log', 'dns.log', 'http.log', 'files.log', 'ssl.log', 'notice.log', 'weird.log', 'x509.log', 'tm1t.json.log'];
const SAMPLES = FILES.flatMap((f) => fixtureLines(f));

describe('zeek: random and truncated input', () => {
  it('gives events or ParseError, never another exception; every record is accounted for', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(...SAMPLES).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
      fc.constantFrom(...SAMPLES).chain((s) => fc.tuple(fc.nat(s.length), fc.string({ maxLength: 4 })).map(([n, x]) => s.slice(0, n) + x + s.slice(n + 1))),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const parser = zeekParser.build({}, { dataDir: '/tmp' });
        let emitted = 0;
        let dead = 0;
        let headers = 0;
        for (const data of lines) {
          try {
            const out = parser.parse({ data, source: 'p', receivedAt: 0 });
            if (out.length === 0) headers++;
            emitted += out.length;
            for (const e of out) expect(Number.isNaN(Date.parse(e['@timestamp']))).toBe(false);
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
            dead++;
          }
        }
        expect(emitted + dead + headers).toBe(lines.length);
        // Header lines are the only records that give nothing.
        expect(headers).toBeLessThanOrEqual(lines.filter((l) => l.replace(/^\uFEFF/, '').startsWith('#')).length);
      }),
      { numRuns: 300 },
    );
  });
});
