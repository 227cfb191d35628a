import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { UrlFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { feed } from '../zeek/test-helpers.js';
import { apacheErrorParser, webAccessParser } from './index.js';

const urlOf = (e: DraftEvent): UrlFields | undefined => e.url as UrlFields | undefined;
const tagsOf = (e: DraftEvent): string[] | undefined => e.tags as string[] | undefined;

/**
 * Golden tests on real logs from ../shared/data: the Tomcat/Apache access log of an attack session
 * (web/attack-logs/sbousseaden-c2-weblogs) and the Loghub Apache error log, cross-checked against
 * Loghub's structured CSV.
 */
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
const ACCESS = path.join(DATA, 'web/attack-logs/sbousseaden-c2-weblogs/web_attack_and_isp_webshell_localhost_access_log.txt');
const ERROR = path.join(DATA, 'logs/loghub/Apache/Apache_2k.log');
const haveAccess = existsSync(ACCESS);
const haveError = existsSync(ERROR);
if (!haveAccess || !haveError) console.warn(`web golden tests skipped: ${DATA} lacks web/attack-logs or logs/loghub/Apache (the shared data set lives in ../shared/data beside the project)`);

function lines(file: string): string[] {
  const out = readFileSync(file, 'latin1').split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

describe.skipIf(!haveAccess)('web-access: attack-session access log (2,661 lines)', () => {
  const all = haveAccess ? lines(ACCESS) : [];
  const { events, errors } = feed(webAccessParser.build({}, { dataDir: '/tmp' }), all, 'access.log');

  it('parses every line, with zero dead letters', () => {
    expect(errors).toEqual([]);
    expect(all).toHaveLength(2661);
    expect(events).toHaveLength(all.length);
  });

  it('maps status, outcome and method counts the same as the raw text', () => {
    const count = (re: RegExp) => all.filter((l) => re.test(l)).length;
    expect(events.filter((e) => e.event.outcome === 'failure')).toHaveLength(count(/" [45]\d\d \S+\r?$/));
    expect(events.filter((e) => (e.http as { response: { status_code: number } }).response.status_code === 404)).toHaveLength(count(/" 404 \S+\r?$/));
    expect(events.filter((e) => (e.http as { request: { method?: string } }).request.method === 'POST')).toHaveLength(count(/\] "POST /));
    // Request lines that are not HTTP (TLS bytes, GNUTELLA, "-") are events without url.*; tagged unless "-".
    const noUrl = events.filter((e) => e.url === undefined);
    // 14 "-", 2 each of GNUTELLA 0.6/0.4, "Secure * Secure-HTTP/1.4", "some invalid request", "t3 12.2.1 ",
    // one TLS ClientHello on the plain port and one "connect XXXX…://".
    expect(noUrl).toHaveLength(count(/\] "(-|GNUTELLA [^"]*|some invalid request|Secure \* [^"]*|t3 [^"]*|connect X+:\/\/ |\x16\x03[^"]*)" \d/));
    expect(noUrl).toHaveLength(26);
    expect(noUrl.filter((e) => tagsOf(e)?.includes('malformed_request'))).toHaveLength(noUrl.length - count(/\] "-" /));
    // Tomcat leaves '"' in the request unescaped: the request ends where status and size follow.
    const xss = events.filter((e) => (urlOf(e)?.query as string | undefined)?.startsWith('postdata="><script>'));
    expect(xss).toHaveLength(2);
    expect(xss[0]).toMatchObject({ url: { path: '/WebID/IISWebAgentIF.dll', query: 'postdata="><script>foo</script>' }, http: { response: { status_code: 404 } } });
  });

  it('golden fields of representative lines', () => {
    expect(events[0]).toMatchObject({
      '@timestamp': '2018-07-11T05:41:28.000Z',
      event: { kind: 'event', module: 'web-access', category: ['web'], type: ['access'], outcome: 'success' },
      source: { ip: '192.168.105.83' },
      http: { request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 11444 } }, version: '1.1' },
      url: { original: '/', path: '/' },
    });
    expect(events[3]).toMatchObject({
      event: { outcome: 'failure' },
      url: { path: '/manager/html;jsessionid=79939A18DC04E30A98E7DC07067A4FD8', query: 'org.apache.catalina.filters.CSRF_NONCE=A0C7E9691A3A68A0EC67B208ADB6808A' },
      http: { response: { status_code: 401, body: { bytes: 2550 } } },
    });
    const admin = events.findLast((e) => e.user?.name === 'admin' && urlOf(e)?.original === '/host-manager/html')!;
    expect(admin).toMatchObject({ source: { ip: '192.168.153.46' }, related: { user: ['admin'] }, http: { response: { status_code: 200 } } });
    const shell = events.filter((e) => (urlOf(e)?.path as string | undefined)?.endsWith('/cmd.jsp'));
    expect(shell.length).toBeGreaterThan(0);
    expect(shell.every((e) => urlOf(e)?.extension === 'jsp')).toBe(true);
    const epoch = events.find((e) => e['@timestamp'].startsWith('1970'))!;
    expect(epoch).toMatchObject({ '@timestamp': '1970-01-01T00:00:00.000Z', http: { response: { status_code: 400, body: { bytes: 0 } } } });
    expect(epoch.tags).toBeUndefined();
    const http09 = events.find((e) => urlOf(e)?.original === '/index.jsp' && (e.http as { version?: string }).version === undefined)!;
    expect(http09).toMatchObject({ http: { request: { method: 'GET' } } });
    const gnutella = events.find((e) => (e.raw as { request: string }).request.startsWith('GNUTELLA'))!;
    expect(gnutella).toMatchObject({ tags: ['malformed_request'], event: { outcome: 'failure' } });
  });
});

describe.skipIf(!haveError)('apache-error: Loghub Apache_2k.log', () => {
  const all = haveError ? lines(ERROR) : [];
  const { events, errors } = feed(apacheErrorParser.build({ timezone: 'UTC' }, { dataDir: '/tmp' }), all, 'error.log');

  it('parses every line with zero dead letters and agrees with the structured CSV on level and content', () => {
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2000);
    const rows = readFileSync(`${ERROR}_structured.csv`, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(events.length);
    rows.forEach((row, i) => {
      // LineId,Time,Level,Content,EventId,EventTemplate — Content has no commas in this sample's E1–E3; compare level always.
      const [, , level] = row.split(',');
      expect(events[i]!.log?.level, `line ${i + 1}`).toBe(level);
      expect(row.includes(events[i]!.message!.replace(/^\[client [^\]]+\] /, '')) || row.includes(`[client ${events[i]!.source?.ip}] ${events[i]!.message}`), `line ${i + 1}`).toBe(true);
    });
  });

  it('golden fields: level, severity, client address, zone rule', () => {
    expect(events[1]).toMatchObject({
      '@timestamp': '2005-12-04T04:47:44.000Z',
      event: { module: 'apache-error', category: ['web'], type: ['error'], severity: 3 },
      log: { level: 'error' },
      message: 'mod_jk child workerEnv in error state 6',
    });
    expect(events[0]).toMatchObject({ event: { type: ['info'], severity: 5 }, log: { level: 'notice' } });
    const forbidden = events.filter((e) => e.message?.startsWith('Directory index forbidden by rule:'));
    expect(forbidden).toHaveLength(all.filter((l) => l.includes('] [client ') && l.includes('Directory index forbidden')).length);
    expect(forbidden[0]).toMatchObject({ source: { ip: '222.166.160.184' }, related: { ip: ['222.166.160.184'] }, message: 'Directory index forbidden by rule: /var/www/html/' });
    const berlin = apacheErrorParser.build({ timezone: 'Europe/Berlin' }, { dataDir: '/tmp' });
    expect(berlin.parse({ data: all[1]!, source: 'x', receivedAt: 0 })[0]!['@timestamp']).toBe('2005-12-04T03:47:44.000Z');
  });
});
