import { describe, expect, it } from 'vitest';
import type { Parser } from '../../core/components.js';
import { zeekParser } from './index.js';
import { sniffZeek } from './sniff.js';
import { feed, fixtureLines } from './test-helpers.js';

const build = (config: unknown = {}): Parser => zeekParser.build(zeekParser.config.parse(config), { dataDir: '/tmp' });

/** Fixture: the JSON logs of tm1t.pcap from the Zeek manual (LogAscii::use_json=T), one stream after another. */
describe('zeek JSON', () => {
  const { events, errors } = feed(build(), fixtureLines('tm1t.json.log'));

  it('reads every line; the stream is recognised by its field names', () => {
    expect(errors).toEqual([]);
    expect(events.map((e) => e.event.dataset)).toEqual(['zeek.unknown', 'zeek.conn', 'zeek.conn', 'zeek.dns', 'zeek.dns', 'zeek.files', 'zeek.http']);
  });

  it('maps the same fields as the TSV form', () => {
    expect(events[2]).toMatchObject({
      '@timestamp': '2020-06-05T14:39:59.430Z',
      source: { ip: '192.168.4.76', port: 46378, bytes: 77, packets: 6 },
      destination: { ip: '31.3.245.133', port: 80, bytes: 295, packets: 4 },
      network: { transport: 'tcp', protocol: 'http', bytes: 372 },
      event: { outcome: 'success', duration: 254115105 },
    });
    expect(events[4]).toMatchObject({ dns: { answers: [{ data: '31.3.245.133', ttl: 3600 }], resolved_ip: ['31.3.245.133'] } });
    expect(events[5]).toMatchObject({ file: { mime_type: 'text/plain', size: 39 }, source: { ip: '31.3.245.133' }, destination: { ip: '192.168.4.76' } });
    expect(events[6]).toMatchObject({ http: { response: { status_code: 200, mime_type: 'text/plain' } }, url: { domain: 'testmyids.com' } });
  });

  it('takes the stream from _path, then the path option; reads ISO ts and nested id objects', () => {
    const p = build();
    const e = p.parse({ data: '{"_path":"weird","_write_ts":"2020-06-05T14:40:00.000000Z","ts":"2020-06-05T14:39:59.123456Z","uid":"C1","id":{"orig_h":"10.0.0.1","orig_p":1,"resp_h":"10.0.0.2","resp_p":2},"name":"bad_HTTP_request"}', source: 's', receivedAt: 0 })[0]!;
    expect(e).toMatchObject({ '@timestamp': '2020-06-05T14:39:59.123Z', event: { dataset: 'zeek.weird', action: 'bad_HTTP_request' }, source: { ip: '10.0.0.1', port: 1 } });
    const q = build({ path: 'packet_filter' }).parse({ data: fixtureLines('tm1t.json.log')[0]!, source: 's', receivedAt: 0 })[0]!;
    expect(q.event.dataset).toBe('zeek.packet_filter');
  });

  it('splits a port off the Host header', () => {
    const e = build().parse({ data: '{"_path":"http","ts":1,"uid":"C1","host":"emr.hospital.example:8443","uri":"/a"}', source: 's', receivedAt: 0 })[0]!;
    expect(e.url).toEqual({ original: '/a', path: '/a', domain: 'emr.hospital.example', port: 8443 });
    const v6 = build().parse({ data: '{"_path":"http","ts":1,"host":"[2001:db8::1]:8080","uri":"/"}', source: 's', receivedAt: 0 })[0]!;
    expect(v6.url).toMatchObject({ domain: '2001:db8::1', port: 8080 });
    const bare = build().parse({ data: '{"_path":"http","ts":1,"host":"2001:db8::1","uri":"/"}', source: 's', receivedAt: 0 })[0]!;
    expect(bare.url).toMatchObject({ domain: '2001:db8::1' });
  });

  it('dead-letters bad JSON, non-objects and records without ts', () => {
    const p = build();
    expect(() => p.parse({ data: '{"ts":1,', source: 'f', offset: 4, receivedAt: 0 })).toThrow(/^f:4: invalid Zeek JSON/);
    expect(() => p.parse({ data: '{"uid":"C1"}', source: 'f', offset: 5, receivedAt: 0 })).toThrow(/^f:5: Zeek record has no "ts"/);
    expect(() => p.parse({ data: '{"ts":"yesterday"}', source: 'f', receivedAt: 0 })).toThrow(/unreadable "ts"/);
  });
});

describe('sniffZeek', () => {
  it('is sure of a TSV header or Zeek JSON, and not of other formats', () => {
    expect(sniffZeek(fixtureLines('conn.log'))).toBe(1);
    expect(sniffZeek(fixtureLines('tm1t.json.log'))).toBe(1);
    expect(sniffZeek(['{"ts":1591368442.854585,"node":"zeek","filter":"ip or not ip"}'])).toBe(0);
    expect(sniffZeek(['{"@timestamp":"2026-01-05T10:00:00Z"}'])).toBe(0);
    expect(sniffZeek(['Dec 10 06:55:46 LabSZ sshd[24200]: hi'])).toBe(0);
    expect(sniffZeek([])).toBe(0);
  });
});
