import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UrlFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { ParseError } from '../../core/errors.js';
import { draft } from '../common/draft-event.js';
import { apacheErrorParser, webAccessParser } from './index.js';
import { sniffApacheError, sniffWebAccess } from './sniff.js';

const urlOf = (e: DraftEvent): UrlFields | undefined => e.url as UrlFields | undefined;

const access = webAccessParser.build({}, { dataDir: '/tmp' });
const errorLog = apacheErrorParser.build({ timezone: 'UTC' }, { dataDir: '/tmp' });
const one = (data: string) => draft(access.parse({ data, source: 'f', offset: 1, receivedAt: 0 })[0]!);
const oneError = (data: string) => draft(errorLog.parse({ data, source: 'f', offset: 1, receivedAt: 0 })[0]!);

describe('web-access: Common and Combined Log Format', () => {
  it('reads the Apache manual examples', () => {
    const clf = one('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
    expect(clf).toMatchObject({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      event: { category: ['web'], type: ['access'], outcome: 'success', dataset: 'web.access' },
      source: { ip: '127.0.0.1' },
      user: { name: 'frank' },
      http: { request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 2326 } }, version: '1.0' },
      url: { original: '/apache_pb.gif', path: '/apache_pb.gif', extension: 'gif' },
    });
    const combined = one('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"');
    expect(combined).toMatchObject({ http: { request: { referrer: 'http://www.example.com/start.html' } }, user_agent: { original: 'Mozilla/4.08 [en] (Win98; I ;Nav)' } });
  });

  it('reads nginx combined with extra fields, IPv6 clients, escapes, proxy and CONNECT targets', () => {
    const nginx = one('2001:db8::7 - - [05/Jan/2026:10:00:00 +0100] "POST /api/login?next=%2F HTTP/2.0" 401 57 "-" "curl/8.5.0" "10.0.0.9" 0.004');
    expect(nginx).toMatchObject({ '@timestamp': '2026-01-05T09:00:00.000Z', source: { ip: '2001:db8::7' }, event: { outcome: 'failure' }, url: { path: '/api/login', query: 'next=%2F' }, http: { version: '2.0' }, raw: { extra: '"10.0.0.9" 0.004' } });
    expect(nginx.http).not.toHaveProperty('request.referrer');
    const escaped = one(String.raw`10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 - "-" "Mozilla \"quoted\" agent"`);
    expect(escaped).toMatchObject({ user_agent: { original: String.raw`Mozilla \"quoted\" agent` }, http: { response: { body: { bytes: 0 } } } });
    expect(one('10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "GET http://evil.example:8080/x?y HTTP/1.1" 200 1').url).toEqual({ original: 'http://evil.example:8080/x?y', scheme: 'http', domain: 'evil.example', port: 8080, path: '/x', query: 'y' });
    expect(one('10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "CONNECT pacs.internal:443 HTTP/1.1" 200 0').url).toEqual({ original: 'pacs.internal:443', domain: 'pacs.internal', port: 443 });
    expect(one('ws1.hospital.example - - [05/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1" 304 0').source).toEqual({ domain: 'ws1.hospital.example' });
    expect(one('10.0.0.1 - - [05/Jan/2026:10:00:00.123 +0000] "GET / HTTP/1.1" 200 0')['@timestamp']).toBe('2026-01-05T10:00:00.123Z');
  });

  it('dead-letters lines that are not access-log lines, naming the field', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty record/],
      ['hello', /^f:1: not an access-log line/],
      ['10.0.0.1 - - 05/Jan/2026 "GET / HTTP/1.1" 200 1', /no "\[time\]"/],
      ['10.0.0.1 - - [05/Jan/2026:10:00:00 +0000 "GET / HTTP/1.1" 200 1', /time is not closed/],
      ['10.0.0.1 - - [32/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1', /invalid access-log time "32\/Jan\/2026/],
      ['10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1', /request field is not closed/],
      ['10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1" abc 1', /status "abc" is not a 3-digit code/],
      ['10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1" 200', /expected the response size/],
      ['10.0.0.1 - - [05/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12x', /response size "12x"/],
    ];
    for (const [line, re] of cases) {
      expect(() => access.parse({ data: line, source: 'f', offset: 1, receivedAt: 0 }), line).toThrow(re);
    }
  });
});

describe('apache-error: Apache 2.4 and nginx forms', () => {
  it('reads Apache 2.4 lines with module, pid/tid, client ip:port and AH code', () => {
    expect(oneError('[Thu May 12 08:28:57.652118 2011] [core:error] [pid 8777:tid 4326490112] [client ::1:58619] AH00128: File does not exist: /usr/local/apache2/htdocs/favicon.ico')).toMatchObject({
      '@timestamp': '2011-05-12T08:28:57.652Z',
      event: { code: 'AH00128', type: ['error'], severity: 3 },
      log: { level: 'error', logger: 'core' },
      process: { pid: 8777, thread: { id: '4326490112' } },
      source: { ip: '::1', port: 58619 },
      message: 'File does not exist: /usr/local/apache2/htdocs/favicon.ico',
    });
    expect(oneError('[Sun Dec 04 17:43:08 2005] [error] [client 2001:db8::1] File does not exist: /var/www/x').source).toEqual({ ip: '2001:db8::1' });
  });

  it('reads nginx error lines with their context', () => {
    expect(oneError('2026/01/05 10:00:00 [error] 2345#2345: *17 open() "/usr/share/nginx/html/wp-login.php" failed (2: No such file or directory), client: 203.0.113.9, server: portal.hospital.example, request: "GET /wp-login.php HTTP/1.1", host: "portal.hospital.example"')).toMatchObject({
      '@timestamp': '2026-01-05T10:00:00.000Z',
      log: { level: 'error' },
      process: { pid: 2345 },
      source: { ip: '203.0.113.9' },
      http: { request: { method: 'GET' } },
      url: { original: '/wp-login.php', domain: 'portal.hospital.example' },
      message: 'open() "/usr/share/nginx/html/wp-login.php" failed (2: No such file or directory)',
      raw: { connection: '17', context: { server: 'portal.hospital.example' } },
    });
  });

  it('dead-letters other text', () => {
    expect(() => errorLog.parse({ data: 'hello', source: 'f', offset: 2, receivedAt: 0 })).toThrow(/^f:2: not an error-log line/);
    expect(() => errorLog.parse({ data: '[Sun Dec 32 04:47:44 2005] [error] x', source: 'f', receivedAt: 0 })).toThrow(/invalid error-log time/);
    expect(() => errorLog.parse({ data: '[Sun Dec 04 04:47:44 2005] x', source: 'f', receivedAt: 0 })).toThrow(/expected " \[level\]"/);
  });
});

describe('sniffing', () => {
  it('tells access logs, error logs and others apart', () => {
    const acc = ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'];
    const err = ['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties'];
    expect(sniffWebAccess(acc)).toBe(1);
    expect(sniffWebAccess(err)).toBe(0);
    expect(sniffApacheError(err)).toBe(1);
    expect(sniffApacheError(acc)).toBe(0);
    expect(sniffWebAccess(['{"a":1}'])).toBe(0);
  });
});

describe('web parsers: random and truncated input', () => {
  const samples = [
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    '[Thu May 12 08:28:57.652118 2011] [core:error] [pid 8777:tid 4326490112] [client ::1:58619] AH00128: File does not exist: /x',
    '2026/01/05 10:00:00 [error] 2345#2345: *17 open() failed, client: 203.0.113.9, server: s, request: "GET / HTTP/1.1"',
  ];
  it('gives one event or a ParseError per record, never another exception', () => {
    const input = fc.oneof(fc.string(), fc.constantFrom(...samples).chain((s) => fc.tuple(fc.nat(s.length), fc.string({ maxLength: 3 })).map(([n, x]) => s.slice(0, n) + x + s.slice(n + 1))));
    fc.assert(
      fc.property(input, (data) => {
        for (const parser of [access, errorLog]) {
          try {
            expect(parser.parse({ data, source: 'p', receivedAt: 0 })).toHaveLength(1);
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

const CRS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/web/attack-logs/owasp-crs-regression/crs_test_index.csv');
const haveCrs = existsSync(CRS);
if (!haveCrs) console.warn(`OWASP CRS round-trip skipped: ${CRS} not found (the shared data set lives in ../shared/data beside the project)`);

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe.skipIf(!haveCrs)('web-access: OWASP CRS regression requests rendered as access-log lines', () => {
  it('round-trips method and request target of every renderable request', () => {
    const [header, ...rows] = csvRows(readFileSync(CRS, 'utf8'));
    const col = (n: string) => header!.indexOf(n);
    let checked = 0;
    for (const r of rows) {
      const method = r[col('method')] ?? '';
      const uri = r[col('uri')] ?? '';
      // Apache escapes '"', '\' and control bytes in %r; requests that would need escaping are skipped.
      if (!/^[A-Z]+$/.test(method) || uri.length === 0 || /[\s"\\\x00-\x1f\x7f-\uffff]/.test(uri)) continue;
      const e = one(`203.0.113.5 - - [05/Jan/2026:10:00:00 +0000] "${method} ${uri} HTTP/1.1" 403 199 "-" "OWASP CRS regression"`);
      expect(e.http, uri).toMatchObject({ request: { method }, response: { status_code: 403 } });
      expect(urlOf(e)?.original, uri).toBe(uri);
      const u = e.url as { path?: string; query?: string; fragment?: string; scheme?: string };
      if (u.scheme === undefined && uri.startsWith('/')) {
        expect(`${u.path ?? ''}${u.query !== undefined ? `?${u.query}` : ''}${u.fragment !== undefined ? `#${u.fragment}` : ''}`, uri).toBe(uri);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(4000);
  });
});
