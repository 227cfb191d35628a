import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { feed } from '../zeek/test-helpers.js';
import { suricataParser } from './index.js';
import { sniffSuricata } from './sniff.js';

/** Fixture: the examples of Suricata's EVE format documentation, plus records in the same shape for each mapped type. */
const LINES = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/eve.json'), 'utf8').trim().split('\n');
const parser = suricataParser.build(suricataParser.config.parse({}), { dataDir: '/tmp' });

describe('suricata EVE', () => {
  const { events, errors } = feed(parser, LINES);

  it('reads every fixture record', () => {
    expect(errors).toEqual([]);
    expect(events.map((e) => e.event.dataset)).toEqual(['alert', 'alert', 'anomaly', 'flow', 'dns', 'dns', 'dns', 'http', 'tls', 'fileinfo', 'smtp'].map((t) => `suricata.eve.${t}`));
  });

  it('maps alerts to rule.*, severity, allowed/denied and ATT&CK threat fields', () => {
    expect(events[0]).toMatchObject({
      '@timestamp': '2009-11-24T21:27:09.534Z',
      event: { kind: 'alert', category: ['network', 'intrusion_detection'], type: ['allowed'], severity: 1, action: 'allowed' },
      rule: { id: '2001999', name: 'ET MALWARE BTGrab.com Spyware Downloading Ads', category: 'A Network Trojan was detected', version: '9', ruleset: 'gid:1' },
      source: { ip: '192.168.2.7', port: 1041 },
      destination: { ip: 'x.x.250.50', port: 80 },
      network: { transport: 'tcp' },
      observer: { vendor: 'OISF', product: 'Suricata', type: 'ids' },
      message: 'ET MALWARE BTGrab.com Spyware Downloading Ads',
    });
    expect(events[1]).toMatchObject({
      '@timestamp': '2026-01-05T10:02:03.123Z',
      event: { type: ['denied'], severity: 2 },
      threat: { framework: 'MITRE ATT&CK', tactic: { id: ['TA0011'], name: ['Command And Control'] }, technique: { id: ['T1071'], name: ['Application Layer Protocol'] } },
      network: { protocol: 'tls', community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=', bytes: 5714, packets: 7 },
      destination: { domain: 'dns.google', bytes: 5003 },
      tls: { version: '1.3', version_protocol: 'tls', client: { server_name: 'dns.google' } },
      observer: { hostname: 'ids-icu', ingress: { interface: { name: 'eth1' } } },
    });
    expect(events[1]!.event.outcome).toBeUndefined();
  });

  it('maps flow, anomaly, dns, http, tls, fileinfo', () => {
    expect(events[2]).toMatchObject({ '@timestamp': '2016-01-11T13:10:54.612Z', event: { action: 'APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION' }, message: 'applayer: APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION' });
    expect(events[3]).toMatchObject({
      event: { type: ['connection', 'end'], start: '2026-01-05T09:59:58.250Z', end: '2026-01-05T10:00:00.400Z', duration: 2_150_000_000, reason: 'timeout' },
      source: { ip: '10.20.30.50', bytes: 2210, packets: 12 },
      destination: { ip: '10.20.40.7', port: 104, bytes: 884120, packets: 10 },
      network: { transport: 'tcp', bytes: 886330, packets: 22 },
    });
    expect(events[3]!.network).not.toHaveProperty('protocol');
    expect(events[4]).toMatchObject({ dns: { type: 'query', id: '16000', question: { name: 'twitter.com', type: 'A' } } });
    expect(events[5]).toMatchObject({
      event: { outcome: 'success' },
      dns: { type: 'answer', response_code: 'NOERROR', header_flags: ['RD', 'RA'], resolved_ip: ['192.0.78.24', '192.0.78.25'], answers: [{ name: 'www.suricata-ids.org', type: 'CNAME', ttl: 3324, data: 'suricata-ids.org' }, {}, {}] },
    });
    expect(events[6]).toMatchObject({ event: { outcome: 'failure' }, dns: { response_code: 'NXDOMAIN' } });
    expect(events[7]).toMatchObject({
      event: { category: ['network', 'web'], outcome: 'success' },
      url: { original: '/chart/view?patient=12345', path: '/chart/view', query: 'patient=12345', domain: 'emr.hospital.example', port: 8080 },
      http: { request: { method: 'GET', referrer: 'http://emr.hospital.example:8080/' }, response: { status_code: 200, body: { bytes: 310 }, mime_type: 'text/html' }, version: '1.1' },
      user_agent: { original: 'Mozilla/5.0' },
    });
    expect(events[8]).toMatchObject({
      destination: { domain: 'www.example.com' },
      tls: {
        version: '1.2',
        client: { server_name: 'www.example.com', ja3: 'e7d705a3286e19ea42f587b344ee6865' },
        server: { subject: 'C=US, O=Internet Corporation, CN=www.example.com', hash: { sha1: '363FA42D9E13671AD4FE8C169517D7B51C68407E' }, ja3s: '15af977ce25de452b96affa2addb1036', not_before: '2024-01-30T00:00:00' },
      },
    });
    expect(events[9]).toMatchObject({
      event: { category: ['network', 'file'] },
      file: { name: 'update.exe', path: '/download/update.exe', extension: 'exe', size: 68, hash: { md5: '44d88612fea8a8f36de82e1278abb02f', sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' } },
      url: { domain: 'emr.hospital.example' },
    });
    expect(events[10]).toMatchObject({ event: { action: 'smtp', category: ['network'] }, raw: { smtp: { helo: 'ws60' } } });
  });

  it('dead-letters what is not an EVE record, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty record/],
      ['{"timestamp":', /^f:3: invalid EVE JSON/],
      ['[1]', /expected an EVE JSON object, got an array/],
      ['{"timestamp":"2026-01-05T10:00:00Z"}', /no "event_type"/],
      ['{"event_type":"alert"}', /EVE alert record has no "timestamp"/],
      ['{"event_type":"alert","timestamp":"yesterday"}', /unreadable "timestamp": "yesterday"/],
    ];
    for (const [data, re] of cases) expect(() => parser.parse({ data, source: 'f', offset: 3, receivedAt: 0 }), data).toThrow(re);
  });

  it('sniffs EVE and not other JSON', () => {
    expect(sniffSuricata(LINES)).toBe(1);
    expect(sniffSuricata(['{"@timestamp":"2026-01-05T10:00:00Z"}'])).toBe(0);
    expect(sniffSuricata(['{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1"}'])).toBe(0);
  });

  it('random and truncated input: events or ParseError, never another exception', () => {
    const input = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constantFrom(...LINES).chain((s) => fc.tuple(fc.nat(s.length), fc.string({ maxLength: 3 })).map(([n, x]) => s.slice(0, n) + x + s.slice(n + 1))),
      fc.constantFrom(...LINES).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
    );
    fc.assert(
      fc.property(fc.array(input, { maxLength: 20 }), (lines) => {
        let emitted = 0;
        let dead = 0;
        for (const data of lines) {
          try {
            emitted += parser.parse({ data, source: 'p', receivedAt: 0 }).length;
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
            dead++;
          }
        }
        expect(emitted + dead).toBe(lines.length);
      }),
      { numRuns: 300 },
    );
  });
});
