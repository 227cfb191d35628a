import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { asaParser, sniffAsa } from './index.js';

/**
 * Golden sample: 25 lines of elastic/integrations' Cisco ASA pipeline test log
 * (packages/cisco_asa/data_stream/log/_dev/test/pipeline/test-additional-messages.log), see
 * test/fixtures/formats/SOURCES.md. Expected values follow Cisco's message reference.
 */
const lines = readFileSync(new URL('../../../test/fixtures/formats/cisco-asa.log', import.meta.url), 'utf8').trim().split('\n');
const parser = asaParser.build(asaParser.config.parse({}), { dataDir: '/tmp' });
const REF = Date.parse('2020-06-01T00:00:00Z');
const events = lines.map((data, i) => draft(parser.parse({ data, source: 'file:asa.log', offset: i + 1, receivedAt: REF, referenceTime: REF })[0]!));
const byCode = (code: string, n = 0) => events.filter((e) => e.event.code === code)[n]!;

describe('cisco-asa parser', () => {
  it('sniffs ASA/FTD lines and reads every sample line', () => {
    expect(sniffAsa(lines)).toBe(1);
    expect(sniffAsa(['Jan  5 10:00:00 host sshd[1]: Accepted password for a from 1.2.3.4'])).toBe(0);
    expect(events).toHaveLength(25);
  });

  it('header: year-less time from the reference year, explicit year, ISO, host name, severity', () => {
    expect(events[0]).toMatchObject({
      '@timestamp': '2020-05-05T17:51:17.000Z',
      host: { name: 'dev01' },
      observer: { vendor: 'Cisco', product: 'FTD', hostname: 'dev01' },
      event: { code: '302013', severity: 6 },
      log: { level: 'informational' },
    });
    expect(byCode('113005')).toMatchObject({ '@timestamp': '2023-08-28T15:35:01.000Z', host: { name: 'fw123-vc456' } });
    expect(byCode('725001')['@timestamp']).toBe('2024-06-26T01:35:50.000Z');
  });

  it('connections: built inbound/outbound, teardown with duration and bytes', () => {
    expect(byCode('302013', 0)).toMatchObject({
      source: { ip: '10.10.10.10', port: 53500 }, destination: { ip: '192.168.2.2', port: 53500 },
      network: { transport: 'tcp', direction: 'inbound' },
      event: { category: ['network'], type: ['connection', 'start', 'allowed'], action: 'connection-built', outcome: 'success' },
      observer: { ingress: { interface: { name: 'net' } }, egress: { interface: { name: 'fw111' } } },
    });
    // Outbound: the "for" side is the responder.
    expect(byCode('302013', 1)).toMatchObject({ source: { ip: '10.10.10.10', port: 54839 }, destination: { ip: '192.168.2.2', port: 80 }, network: { direction: 'outbound' } });
    expect(byCode('302014')).toMatchObject({
      source: { ip: '10.10.10.10', port: 443 }, destination: { ip: '192.168.2.2', port: 55225 },
      network: { transport: 'tcp', bytes: 0 }, event: { type: ['connection', 'end', 'allowed'], duration: 0, reason: 'TCP Reset-I' },
    });
    expect(byCode('302015')).toMatchObject({ network: { transport: 'udp', direction: 'outbound' }, source: { ip: '192.168.2.2', port: 22638 } });
  });

  it('denies: 106001, 106006, 106014, 106015, 106023 (IPv4 and IPv6), 106100, 710003', () => {
    const denied = { category: ['network'], type: ['connection', 'denied'], outcome: 'failure' };
    expect(byCode('106001')).toMatchObject({ event: denied, source: { ip: '192.168.2.2', port: 43803 }, destination: { ip: '10.10.10.10', port: 14322 }, network: { transport: 'tcp', direction: 'inbound' } });
    expect(byCode('106006')).toMatchObject({ event: denied, network: { transport: 'udp' }, observer: { ingress: { interface: { name: 'fw111' } } } });
    expect(byCode('106014')).toMatchObject({ event: denied, network: { transport: 'icmp' }, source: { ip: '10.10.10.10' } });
    expect(byCode('106015')).toMatchObject({ event: { ...denied, action: 'no-connection' }, cisco: { tcp_flags: 'FIN PSH ACK' } });
    expect(byCode('106023', 0)).toMatchObject({ event: { ...denied, action: 'firewall-rule' }, source: { ip: '10.10.10.10', port: 64388 }, destination: { ip: '192.168.2.2', port: 443 }, rule: { name: 'out1111_access_out' } });
    expect(byCode('106023', 1)).toMatchObject({ source: { ip: '2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6' }, rule: { name: 'OUTSIDE_in' }, network: { transport: 'icmp' } });
    expect(byCode('106100')).toMatchObject({ event: { type: ['connection', 'allowed'], outcome: 'success' }, rule: { name: 'fw111_out' }, source: { ip: '192.168.2.2', port: 62157 }, destination: { ip: '10.10.10.10', port: 3452 } });
    expect(byCode('710003')).toMatchObject({ event: denied, source: { ip: '81.2.69.144', port: 6370 }, destination: { ip: '192.168.157.61', port: 23 } });
  });

  it('AAA and management logins are authentication successes/failures with user and source', () => {
    const fail = { category: ['authentication'], outcome: 'failure' };
    expect(byCode('113005')).toMatchObject({ event: { ...fail, reason: 'Invalid password' }, user: { name: 'a2bcde' }, source: { ip: '81.2.69.143' } });
    expect(byCode('113015')).toMatchObject({ event: fail, user: { name: 'a2bcde' }, cisco: { aaa_server: 'LOCAL' } });
    expect(byCode('113012')).toMatchObject({ event: { category: ['authentication'], outcome: 'success' }, user: { name: 'sample.user' } });
    expect(byCode('611102')).toMatchObject({ event: fail, user: { name: 'admin' }, source: { ip: '10.10.0.87' } });
    expect(byCode('611101').event.outcome).toBe('success');
    expect(byCode('605004')).toMatchObject({ event: fail, source: { ip: '10.10.1.212', port: 51923 }, destination: { ip: '10.10.1.254' } });
    expect(byCode('605004').user).toBeUndefined(); // "*****": the device masked it
    expect(byCode('605005')).toMatchObject({ event: { outcome: 'success' }, user: { name: 'admin' } });
    expect(byCode('716039')).toMatchObject({ event: fail, user: { name: 'malory' }, source: { ip: '172.31.98.44' } });
  });

  it('VPN sessions: 113019, 722051, 716002, 713xxx', () => {
    expect(byCode('113019')).toMatchObject({ event: { action: 'vpn-session-disconnected', type: ['end'], reason: 'User Requested', duration: 1936e9 }, source: { ip: '81.2.69.144' } });
    expect(byCode('722051')).toMatchObject({ user: { name: 'john' }, source: { ip: '192.168.50.3' }, cisco: { group_policy: 'VPN5Policy', assigned_ip: '192.168.50.5' } });
    expect(byCode('716002')).toMatchObject({ event: { action: 'webvpn-session-terminated', reason: 'Idle timeout' }, user: { name: 'alice' }, source: { ip: '192.168.50.1' } });
    expect(byCode('713049')).toMatchObject({ event: { action: 'vpn-ike' }, user: { name: 'test_user' }, source: { ip: '81.2.69.143' } });
  });

  it('an unlisted id keeps its code and text; a line without the tag is a parse error naming the place', () => {
    expect(byCode('725001')).toMatchObject({ message: expect.stringContaining('Starting SSL handshake'), event: { code: '725001' } });
    expect(() => parser.parse({ data: 'May  5 17:51:17 dev01: hello', source: 'file:asa.log', offset: 9, receivedAt: REF })).toThrow(/file:asa.log:9: not a Cisco ASA/);
  });
});
