import { describe, expect, it } from 'vitest';
import type { Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { zeekParser } from './index.js';
import { feed, fixtureLines } from './test-helpers.js';

const build = (config: unknown = {}): Parser => zeekParser.build(zeekParser.config.parse(config), { dataDir: '/tmp' });

/** Fixtures: the tm1t.pcap logs of the Zeek manual (log-formats.rst) and hand-written ssl/notice/weird/x509 from the field reference. */
describe('zeek TSV', () => {
  it('reads conn.log: header lines give no events and no dead letters', () => {
    const lines = fixtureLines('conn.log');
    const { events, errors } = feed(build(), lines);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      '@timestamp': '2020-06-05T14:39:59.430Z',
      event: { kind: 'event', module: 'zeek', dataset: 'zeek.conn', category: ['network'], type: ['connection', 'end'], outcome: 'success', duration: 254115000 },
      source: { ip: '192.168.4.76', port: 46378, bytes: 77, packets: 6 },
      destination: { ip: '31.3.245.133', port: 80, bytes: 295, packets: 4 },
      network: { transport: 'tcp', protocol: 'http', bytes: 372, packets: 10 },
      related: { ip: ['192.168.4.76', '31.3.245.133'] },
      zeek: { session_id: 'CLqEx41jYPOdfHF586' },
    });
    expect(events[1]!.raw).toEqual({
      ts: 1591367999.430166, uid: 'CLqEx41jYPOdfHF586', 'id.orig_h': '192.168.4.76', 'id.orig_p': 46378, 'id.resp_h': '31.3.245.133', 'id.resp_p': 80,
      proto: 'tcp', service: 'http', duration: 0.254115, orig_bytes: 77, resp_bytes: 295, conn_state: 'SF', missed_bytes: 0, history: 'ShADadFf',
      orig_pkts: 6, orig_ip_bytes: 397, resp_pkts: 4, resp_ip_bytes: 511,
    });
  });

  it('reads dns.log: question, answers with TTLs, flags, rcode', () => {
    const { events, errors } = feed(build(), fixtureLines('dns.log'));
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({ event: { dataset: 'zeek.dns', outcome: 'success' }, dns: { id: '8555', question: { name: 'testmyids.com', type: 'AAAA', class: 'C_INTERNET' }, header_flags: ['RD'] } });
    expect(events[0]!.dns).not.toHaveProperty('answers');
    expect(events[1]).toMatchObject({
      '@timestamp': '2020-06-05T14:39:59.305Z',
      event: { action: 'dns_query', duration: 66852000 },
      network: { protocol: 'dns', transport: 'udp' },
      dns: { type: 'answer', response_code: 'NOERROR', header_flags: ['RD', 'RA'], answers: [{ data: '31.3.245.133', ttl: 3600 }], resolved_ip: ['31.3.245.133'] },
    });
  });

  it('reads http.log and files.log (old tx_hosts/rx_hosts layout)', () => {
    const http = feed(build(), fixtureLines('http.log'));
    expect(http.errors).toEqual([]);
    expect(http.events[0]).toMatchObject({
      event: { dataset: 'zeek.http', category: ['network', 'web'], outcome: 'success' },
      http: { request: { method: 'GET', body: { bytes: 0 } }, response: { status_code: 200, body: { bytes: 39 }, mime_type: 'text/plain' }, version: '1.1' },
      url: { original: '/', path: '/', domain: 'testmyids.com' },
      user_agent: { original: 'curl/7.47.0' },
    });
    expect(http.events[0]!.raw).toMatchObject({ tags: [], resp_fuids: ['FEEsZS1w0Z0VJIb5x4'] });
    const files = feed(build(), fixtureLines('files.log'));
    expect(files.errors).toEqual([]);
    expect(files.events[0]).toMatchObject({
      event: { dataset: 'zeek.files', category: ['file'] },
      file: { mime_type: 'text/plain', size: 39, uid: 'FEEsZS1w0Z0VJIb5x4' },
      source: { ip: '31.3.245.133' },
      destination: { ip: '192.168.4.76' },
      network: { protocol: 'http' },
    });
    expect(files.events[0]!.raw).toMatchObject({ analyzers: [], tx_hosts: ['31.3.245.133'], conn_uids: ['CLqEx41jYPOdfHF586'] });
  });

  it('reads ssl.log: version, SNI, established → outcome', () => {
    const { events, errors } = feed(build(), fixtureLines('ssl.log'));
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({
      network: { protocol: 'tls' },
      destination: { ip: '93.184.216.34', port: 443, domain: 'www.example.com' },
      tls: { version: '1.3', version_protocol: 'tls', cipher: 'TLS_AES_128_GCM_SHA256', curve: 'x25519', resumed: false, established: true, next_protocol: 'h2', client: { server_name: 'www.example.com' } },
      event: { outcome: 'success' },
    });
    expect((events[0]!.tls as { server: { certificate_chain: string[] } }).server.certificate_chain).toHaveLength(2);
    expect(events[1]).toMatchObject({ tls: { version: '1.2', established: false }, event: { outcome: 'failure' } });
  });

  it('reads notice.log as alerts, with and without a connection', () => {
    const { events, errors } = feed(build(), fixtureLines('notice.log'));
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({
      event: { kind: 'alert', category: ['intrusion_detection'], action: 'Scan::Port_Scan' },
      rule: { name: 'Scan::Port_Scan', description: 'remote' },
      message: '10.20.30.99 scanned at least 15 unique ports of host 10.20.30.5 in 0m3s',
      source: { ip: '10.20.30.99' },
      destination: { ip: '10.20.30.5' },
    });
    expect(events[1]).toMatchObject({
      rule: { name: 'SSL::Invalid_Server_Cert' },
      source: { ip: '10.20.30.41', port: 51240 },
      destination: { ip: '203.0.113.7', port: 8443 },
      zeek: { session_id: 'CHhAvVGS1DHFjwGM9', notice: { actions: ['Notice::ACTION_LOG', 'Notice::ACTION_EMAIL'] } },
    });
  });

  it('reads weird.log and x509.log, unescaping \\xHH in strings', () => {
    const weird = feed(build(), fixtureLines('weird.log'));
    expect(weird.errors).toEqual([]);
    expect(weird.events[0]).toMatchObject({ event: { action: 'dns_unmatched_reply' }, source: { ip: '192.168.4.76' } });
    expect(weird.events[1]).toMatchObject({ event: { action: 'bad_TCP_checksum' }, message: 'bad_TCP_checksum: tab\tinside' });
    const x509 = feed(build(), fixtureLines('x509.log'));
    expect(x509.errors).toEqual([]);
    expect(x509.events[0]).toMatchObject({
      file: {
        hash: { sha256: '3f8e9c7a5d0b6c4e2f1a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e' },
        x509: {
          serial_number: '0FD078DD48F1A2BD4D0F2BA96B6038FE',
          subject: { distinguished_name: 'CN=www.example.com,O=Internet, Corporation,C=US' },
          not_before: '2024-01-12T00:00:00.000Z',
          public_key_size: 2048,
          version_number: '3',
          alternative_names: ['www.example.com', 'example.com'],
        },
      },
    });
  });

  it('reads real Zeek output for the MQTT trace in ../shared/data/pcap/zeek-traces (zeek/zeek btest baseline mqtt_connect.log)', () => {
    const { events, errors } = feed(build(), fixtureLines('mqtt_connect.log'));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      '@timestamp': '2016-04-20T16:43:10.509Z',
      event: { dataset: 'zeek.mqtt_connect', category: ['network'] },
      source: { ip: '10.0.1.4', port: 49327 },
      destination: { ip: '198.41.30.241', port: 1883 },
      zeek: { session_id: 'CACtSi4vYZ71yvzdc' },
      raw: { proto_name: 'MQIsdp', proto_version: '3.1', client_id: 'paho/34AAE54A75D839566E', connect_status: 'Connection Accepted' },
    });
    expect(events[0]!.raw).not.toHaveProperty('will_topic');
  });

  it('keeps streams without a mapping (packet_filter) as plain network events', () => {
    const { events, errors } = feed(build(), fixtureLines('packet_filter.log'));
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({ event: { dataset: 'zeek.packet_filter', category: ['network'] }, raw: { filter: 'ip or not ip', init: true } });
  });

  it('keeps one schema per source, and a new #separator starts a new header (rotated files back to back)', () => {
    const parser = build();
    const conn = fixtureLines('conn.log');
    const dns = fixtureLines('dns.log');
    const both = feed(parser, [...conn, ...dns], 'file:all.log');
    expect(both.errors).toEqual([]);
    expect(both.events.map((e) => e.event.dataset)).toEqual(['zeek.conn', 'zeek.conn', 'zeek.dns', 'zeek.dns']);
    // Interleaved sources do not disturb each other.
    const p2 = build();
    const a = conn.slice(0, 8);
    const b = dns.slice(0, 8);
    feed(p2, a, 'a');
    feed(p2, b, 'b');
    expect(feed(p2, [conn[8]!], 'a').events[0]!.event.dataset).toBe('zeek.conn');
    expect(feed(p2, [dns[8]!], 'b').events[0]!.event.dataset).toBe('zeek.dns');
  });

  it('reads header-less lines with the built-in schema when "path" is configured', () => {
    const line = fixtureLines('conn.log')[8]!;
    expect(() => build().parse({ data: line, source: 's', offset: 3, receivedAt: 0 })).toThrow(/before any "#fields" header.*path/);
    const e = build({ path: 'conn' }).parse({ data: line, source: 's', receivedAt: 0 })[0]!;
    expect(e).toMatchObject({ event: { dataset: 'zeek.conn' }, source: { ip: '192.168.4.76' }, network: { transport: 'udp' } });
  });

  it('honours a custom separator, set separator, unset and empty markers', () => {
    const lines = ['#separator |', '#set_separator|;', '#empty_field|EMPTY', '#unset_field|NONE', '#path|conn', '#fields|ts|uid|id.orig_h|proto|tunnel_parents|service', '#types|time|string|addr|enum|set[string]|string', '1.5|C1|10.0.0.1|tcp|a;b|NONE', '2.5|C2|10.0.0.2|udp|EMPTY|EMPTY'];
    const { events, errors } = feed(build(), lines);
    expect(errors).toEqual([]);
    expect(events[0]!.raw).toEqual({ ts: 1.5, uid: 'C1', 'id.orig_h': '10.0.0.1', proto: 'tcp', tunnel_parents: ['a', 'b'] });
    expect(events[1]!.raw).toEqual({ ts: 2.5, uid: 'C2', 'id.orig_h': '10.0.0.2', proto: 'udp', tunnel_parents: [], service: '' });
    expect(events[0]!['@timestamp']).toBe('1970-01-01T00:00:01.500Z');
  });

  it('dead-letters malformed lines with a reason naming what and where', () => {
    const head = fixtureLines('conn.log').slice(0, 8);
    const good = fixtureLines('conn.log')[8]!;
    const cases: Array<[string, RegExp]> = [
      [good.split('\t').slice(0, 10).join('\t'), /^test:9: Zeek conn line has 10 fields, "#fields" declares 21$/],
      [`${good}\textra`, /line has 22 fields/],
      [good.replace('0.066852', 'abc'), /field "duration": expected a number, got "abc"/],
      [good.replace('\t-\t-\t0\t', '\tX\t-\t0\t'), /field "local_orig": expected T or F, got "X"/],
      [good.replace('1591367999.305988', '-'), /record has no "ts"/],
      ['', /empty record/],
    ];
    for (const [line, re] of cases) {
      const parser = build();
      feed(parser, head);
      expect(() => parser.parse({ data: line, source: 'test', offset: 9, receivedAt: 0 }), line).toThrow(re);
      try {
        parser.parse({ data: line, source: 'test', offset: 9, receivedAt: 0 });
      } catch (err) {
        expect(err).toBeInstanceOf(ParseError);
      }
    }
  });
});
