import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UrlFields } from '../../core/event.js';
import { ParseError } from '../../core/errors.js';
import { feed } from '../zeek/test-helpers.js';
import { iisW3cParser } from './index.js';
import { sniffIisW3c } from './sniff.js';

const IIS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/web/attack-logs/sbousseaden-c2-weblogs/Tunna_rdp_tunnel_IIS.log');
const present = existsSync(IIS);
if (!present) console.warn(`IIS W3C golden test skipped: ${IIS} not found (the shared data set lives in ../shared/data beside the project)`);
const build = () => iisW3cParser.build(iisW3cParser.config.parse({}), { dataDir: '/tmp' });

describe.skipIf(!present)('iis-w3c: Tunna RDP tunnel IIS log (real attack session)', () => {
  const lines = present ? readFileSync(IIS, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1 || l.length > 0) : [];
  const { events, errors } = feed(build(), lines, 'iis.log');

  it('parses every row with zero dead letters; directives, the comment and the blank line give no event', () => {
    expect(errors).toEqual([]);
    const rows = lines.filter((l) => !l.startsWith('#') && l.trim().length > 0);
    expect(rows).toHaveLength(4298);
    expect(events).toHaveLength(rows.length);
  });

  it('finds the Tunna "proxy&port=*&ip=*" requests and maps the fields', () => {
    const tunna = events.filter((e) => /^proxy&port=\d+&ip=/.test((e.url as UrlFields | undefined)?.query ?? ''));
    expect(tunna.length).toBe(lines.filter((l) => / proxy&port=\d+&ip=/.test(l)).length);
    expect(tunna[0]).toMatchObject({
      '@timestamp': '2019-09-03T10:13:36.000Z',
      event: { module: 'iis-w3c', category: ['web'], type: ['access'], outcome: 'success', duration: 7_000_000 },
      source: { ip: '10.0.2.17' },
      destination: { ip: '10.0.2.15', port: 80 },
      http: { request: { method: 'GET' }, response: { status_code: 200 } },
      url: { path: '/erp/conn.aspx', query: 'proxy&port=3389&ip=127.0.0.1', original: '/erp/conn.aspx?proxy&port=3389&ip=127.0.0.1', extension: 'aspx' },
      raw: { 'sc-substatus': '0', 'sc-win32-status': '0' },
    });
    expect(events.filter((e) => (e.http as { request: { method?: string } }).request.method === 'POST')).toHaveLength(1737);
  });
});

describe('iis-w3c: fields and errors', () => {
  it('follows #Fields:, reads + as space in the user agent, bytes and version', () => {
    const { events, errors } = feed(build(), [
      '#Fields: date time s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Referer) cs-host sc-status sc-bytes cs-bytes time-taken',
      '2026-01-05 10:00:00 WEB01 10.20.40.9 POST /owa/auth.owa - 443 HOSP\\jdoe 203.0.113.9 HTTP/1.1 Mozilla/5.0+(Windows+NT+10.0) - mail.hospital.example 302 512 1200 15',
    ]);
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({
      host: { name: 'WEB01' },
      user: { name: 'HOSP\\jdoe' },
      user_agent: { original: 'Mozilla/5.0 (Windows NT 10.0)' },
      url: { domain: 'mail.hospital.example', path: '/owa/auth.owa' },
      http: { version: '1.1', request: { bytes: 1200 }, response: { status_code: 302, bytes: 512 } },
    });
    const p = build();
    expect(() => p.parse({ data: '2026-01-05 10:00:00 x', source: 's', offset: 3, receivedAt: 0 })).toThrow(/^s:3: W3C log row has 3 fields, "#Fields:" declares 15/);
    expect(() => p.parse({ data: 'yesterday 10:00:00 1 GET / - 80 - 1.2.3.4 - - 200 0 0 1', source: 's', receivedAt: 0 })).toThrow(/date\/time "yesterday 10:00:00"/);
  });

  it('sniffs the directives', () => {
    expect(sniffIisW3c(['#Software: Microsoft Internet Information Services 10.0'])).toBe(1);
    expect(sniffIisW3c(['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1'])).toBe(0);
  });

  it('random input: events, nothing (directives/blank) or ParseError', () => {
    const sample = '2019-09-03 10:13:36 10.0.2.15 GET /erp/conn.aspx proxy&port=3389&ip=127.0.0.1 80 - 10.0.2.17 - - 200 0 0 7';
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.tuple(fc.nat(sample.length), fc.string({ maxLength: 3 })).map(([n, x]) => sample.slice(0, n) + x + sample.slice(n + 1))), (data) => {
        try {
          expect(build().parse({ data, source: 'p', receivedAt: 0 }).length).toBeLessThanOrEqual(1);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 500 },
    );
  });
});
