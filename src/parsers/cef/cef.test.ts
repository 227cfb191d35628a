import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { draft } from '../common/draft-event.js';
import { cefParser, leefParser } from './index.js';
import { sniffCef, sniffLeef } from './sniff.js';

const REF = Date.UTC(2026, 0, 2);
const cef = cefParser.build(cefParser.config.parse({}), { dataDir: '/tmp' });
const leef = leefParser.build(leefParser.config.parse({}), { dataDir: '/tmp' });
const one = (data: string, p = cef) => draft(p.parse({ data, source: 'f', offset: 1, receivedAt: REF, referenceTime: REF })[0]!);

/** Examples from the ArcSight "Implementing ArcSight CEF" guide (rev. 25) and IBM's LEEF guide. */
describe('cef', () => {
  it('reads the spec example behind a syslog header', () => {
    const e = one('Sep 19 08:26:10 host CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232');
    expect(e).toMatchObject({
      '@timestamp': '2025-09-19T08:26:10.000Z',
      event: { kind: 'event', module: 'cef', code: '100', severity: 10, category: ['network'] },
      observer: { vendor: 'Security', product: 'threatmanager', version: '1.0', hostname: 'host' },
      rule: { id: '100', name: 'worm successfully stopped' },
      message: 'worm successfully stopped',
      source: { ip: '10.0.0.1', port: 1232 },
      destination: { ip: '2.1.2.2' },
      related: { ip: ['10.0.0.1', '2.1.2.2'] },
      raw: { extension: { src: '10.0.0.1', dst: '2.1.2.2', spt: '1232' }, syslog: { header: 'Sep 19 08:26:10 host', hostname: 'host' } },
    });
  });

  it('unescapes \\| and \\\\ in the header, \\=, \\\\, \\n in extension values; values may hold spaces', () => {
    expect(one('CEF:0|Security|threatmanager|1.0|100|detected a \\| in message|10|src=10.0.0.1 act=blocked a | dst=1.1.1.1')).toMatchObject({ rule: { name: 'detected a | in message' }, event: { action: 'blocked a |' }, destination: { ip: '1.1.1.1' } });
    expect(one('CEF:0|Security|threatmanager|1.0|100|detected a \\\\ in packet|10|src=10.0.0.1 act=blocked a \\\\ dst=1.1.1.1')).toMatchObject({ rule: { name: 'detected a \\ in packet' }, event: { action: 'blocked a \\' } });
    expect(one('CEF:0|Security|threatmanager|1.0|100|detected a = in message|10|src=10.0.0.1 act=blocked a \\= dst=1.1.1.1')).toMatchObject({ event: { action: 'blocked a =' }, destination: { ip: '1.1.1.1' } });
    expect(one('CEF:0|Security|threatmanager|1.0|100|x|10|msg=Detected a threat.\\n No action needed. src=10.0.0.1').message).toBe('Detected a threat.\n No action needed.');
  });

  it('maps custom fields with their labels, rt epoch ms, outcome, users, hosts, request', () => {
    const e = one('CEF:0|ArcSight|Logger|5.0.0.5355.2|sensor:115|Logger Internal Event|1|cat=/Monitor/Sensor/Fan5 cs2=Current Value cnt=1 dvc=10.0.0.1 cs3=Ok cs1=null type=0 cs1Label=unit rt=1305034099211 cs3Label=Status cn1Label=value cs2Label=timeframe');
    expect(e).toMatchObject({ '@timestamp': '2011-05-10T13:28:19.211Z', labels: { unit: 'null', timeframe: 'Current Value', Status: 'Ok' }, observer: { ip: '10.0.0.1' }, event: { count: 1, severity: 1, code: 'sensor:115' } });
    const w = one('<134>1 2026-01-05T10:00:00Z fw01 Vendor - - - CEF:0|Palo Alto Networks|PAN-OS|10.1|TRAFFIC|end|3|rt=Jan 05 2026 09:59:58 GMT suser=HOSP\\\\jdoe duser=svc shost=ws-12 dhost=emr.hospital.example spt=51000 dpt=443 proto=TCP act=allow outcome=success request=https://emr.hospital.example/chart?id\\=7 requestMethod=GET in=712 out=50312 deviceInboundInterface=ethernet1/1');
    expect(w).toMatchObject({
      '@timestamp': '2026-01-05T09:59:58.000Z',
      event: { action: 'allow', outcome: 'success' },
      source: { user: { name: 'HOSP\\jdoe' }, domain: 'ws-12', port: 51000, bytes: 712 },
      destination: { user: { name: 'svc' }, domain: 'emr.hospital.example', port: 443, bytes: 50312 },
      network: { transport: 'tcp' },
      url: { original: 'https://emr.hospital.example/chart?id=7', scheme: 'https', domain: 'emr.hospital.example', path: '/chart', query: 'id=7' },
      http: { request: { method: 'GET' } },
      observer: { hostname: 'fw01', ingress: { interface: { name: 'ethernet1/1' } } },
      related: { user: ['HOSP\\jdoe', 'svc'], hosts: ['ws-12', 'emr.hospital.example'] },
    });
    // Long key names, textual severity, a year-less rt in the configured zone.
    const berlin = cefParser.build({ timezone: 'Europe/Berlin' }, { dataDir: '/tmp' });
    expect(one('CEF:0|V|P|1|9|n|High|sourceAddress=10.1.1.1 destinationPort=22 rt=Dec 31 23:30:00', berlin)).toMatchObject({ '@timestamp': '2025-12-31T22:30:00.000Z', event: { severity: 8 }, source: { ip: '10.1.1.1' }, destination: { port: 22 } });
  });

  it('keeps an unreadable rt in raw, uses the syslog/receive time and tags the event', () => {
    const e = one('CEF:0|V|P|1|9|n|5|rt=sometime src=10.0.0.1');
    expect(e).toMatchObject({ '@timestamp': new Date(REF).toISOString(), tags: ['cef_time_unparsed'], raw: { extension: { rt: 'sometime' } } });
  });

  it('dead-letters truncated headers and non-CEF text, naming the missing field', () => {
    expect(() => cef.parse({ data: 'CEF:0|Security|threatmanager|1.0|100', source: 'f', offset: 9, receivedAt: 0 })).toThrow(/^f:9: truncated CEF header: it ends in "Device Event Class ID" \(field 5 of 7/);
    expect(() => cef.parse({ data: 'hello', source: 'f', receivedAt: 0 })).toThrow(/no "CEF:" found/);
    expect(() => cef.parse({ data: 'CEF:x|a|b|c|d|e|f|', source: 'f', receivedAt: 0 })).toThrow(/Version "x" is not a number/);
    expect(() => cef.parse({ data: 'CEF:0|a|b|c|d|e|5|just text', source: 'f', receivedAt: 0 })).toThrow(/does not start with "key="/);
    expect(one('CEF:0|a|b|c|d|e|5|').raw).toMatchObject({ extension: {} });
  });
});

describe('leef', () => {
  it('reads LEEF 1.0 (tab) behind syslog and LEEF 2.0 with a custom or hex delimiter', () => {
    const v1 = one('Jan 18 11:07:53 host LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black', leef);
    expect(v1).toMatchObject({
      '@timestamp': '2025-01-18T11:07:53.000Z',
      event: { module: 'leef', code: '15345', severity: 5, category: ['network'] },
      observer: { vendor: 'Microsoft', product: 'MSExchange', version: '4.0 SP1', hostname: 'host' },
      source: { ip: '192.0.2.0', port: 81 },
      destination: { ip: '172.50.123.1', port: 21 },
      user: { name: 'joe.black' },
      raw: { attributes: { cat: 'anomaly' } },
    });
    const v2 = one('LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=192.0.2.0^dst=172.50.123.1^sev=5^cat=anomaly^srcPort=81^dstPort=21^usrName=joe.black^devTime=Sep 03 2014 10:43:38.452 UTC^devTimeFormat=MMM dd yyyy HH:mm:ss.SSS z', leef);
    expect(v2).toMatchObject({ '@timestamp': '2014-09-03T10:43:38.452Z', source: { ip: '192.0.2.0' }, user: { name: 'joe.black' } });
    const hex = one('LEEF:2.0|Vendor|Product|1|login|x5E|src=10.0.0.1^usrName=a b^devTime=1767607200000', leef);
    expect(hex).toMatchObject({ '@timestamp': '2026-01-05T10:00:00.000Z', user: { name: 'a b' } });
    expect(one('LEEF:2.0|Vendor|Product|1|login|src=10.0.0.1\tsev=2', leef)).toMatchObject({ source: { ip: '10.0.0.1' }, event: { severity: 2 } });
  });

  it('dead-letters broken LEEF, saying why', () => {
    expect(() => leef.parse({ data: 'LEEF:1.0|a|b|c', source: 'f', offset: 2, receivedAt: 0 })).toThrow(/^f:2: truncated LEEF header: it ends in "Product Version" \(field 4 of 5/);
    expect(() => leef.parse({ data: 'LEEF:3.0|a|b|c|d|x=1', source: 'f', receivedAt: 0 })).toThrow(/unsupported LEEF version "3.0"/);
    expect(() => leef.parse({ data: 'LEEF:1.0|a|b|c|d|novalue', source: 'f', receivedAt: 0 })).toThrow(/"novalue" is not "key=value"/);
  });
});

describe('cef/leef sniffing and robustness', () => {
  it('recognises its own format only', () => {
    expect(sniffCef(['CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1'])).toBe(1);
    expect(sniffCef(['LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=1'])).toBe(0);
    expect(sniffLeef(['LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=1'])).toBe(1);
    expect(sniffLeef(['Dec 10 06:55:46 LabSZ sshd[24200]: hi'])).toBe(0);
  });

  it('random and truncated input gives one event or a ParseError', () => {
    const samples = [
      '<134>Feb 14 19:04:54 fw CEF:0|Security|threatmanager|1.0|100|detected a \\| in message|10|src=10.0.0.1 act=blocked a \\= x cs1=v cs1Label=l rt=1305034099211',
      'Jan 18 11:07:53 host LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5',
      'LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=192.0.2.0^devTime=Sep 03 2014 10:43:38.452 UTC',
    ];
    const input = fc.oneof(fc.string(), fc.constantFrom(...samples).chain((s) => fc.tuple(fc.nat(s.length), fc.string({ maxLength: 3 })).map(([n, x]) => s.slice(0, n) + x + s.slice(n + 1))), fc.constantFrom(...samples).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))));
    fc.assert(
      fc.property(input, (data) => {
        for (const p of [cef, leef]) {
          try {
            const out = p.parse({ data, source: 'p', receivedAt: REF });
            expect(out).toHaveLength(1);
            expect(Number.isNaN(Date.parse(out[0]!['@timestamp']))).toBe(false);
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
