import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { feed, fixtureLinesOf } from './test-fixtures.js';
import { firewallParser } from './index.js';
import { sniffFirewall } from './sniff.js';

const REF = Date.UTC(2026, 0, 6);
const parser = firewallParser.build(firewallParser.config.parse({}), { dataDir: '/tmp' });

/** Fixtures: netfilter LOG lines as the kernel, ufw and nftables write them; filterlog records laid out per the pfSense "Filter Log Format" page. */
describe('firewall: netfilter kernel lines', () => {
  const { events, errors } = feed(parser, fixtureLinesOf('netfilter.log'), REF);

  it('reads every fixture line', () => {
    expect(errors).toEqual([]);
    expect(events).toHaveLength(6);
  });

  it('maps addresses, ports, MACs, interfaces, protocol and the verdict of the log prefix', () => {
    expect(events[0]).toMatchObject({
      '@timestamp': '2026-01-05T10:00:00.000Z',
      event: { module: 'firewall', dataset: 'firewall.netfilter', category: ['network'], type: ['connection', 'denied'], action: 'drop' },
      rule: { name: '[UFW BLOCK]' },
      host: { name: 'fw01' },
      source: { ip: '203.0.113.9', port: 51515, mac: '00-1B-21-DD-EE-FF' },
      destination: { ip: '10.20.0.5', port: 22, mac: '00-16-3E-AA-BB-CC' },
      network: { transport: 'tcp', type: 'ipv4', bytes: 60, packets: 1, direction: 'inbound' },
      observer: { type: 'firewall', hostname: 'fw01', ingress: { interface: { name: 'eth0' } } },
      raw: { TTL: '50', flags: ['DF', 'SYN'], syslog: { appname: 'kernel' } },
    });
    expect(events[1]).toMatchObject({ rule: { name: 'DROP-IN:' }, network: { transport: 'icmp' }, raw: { TYPE: '8', CODE: '0', ID: '0', ID_2: '4321' } });
    expect(events[2]).toMatchObject({ event: { type: ['connection', 'allowed'], action: 'accept' }, network: { transport: 'udp', bytes: 71, direction: 'outbound' }, destination: { port: 53 }, raw: { LEN_2: '51' }, observer: { egress: { interface: { name: 'eth0' } } } });
    expect(events[3]).toMatchObject({ network: { transport: 'icmpv6', type: 'ipv6' }, source: { ip: 'fe80:0000:0000:0000:021b:21ff:fedd:eeff' }, raw: { syslog: { priority: 4 } } });
    expect(events[4]).toMatchObject({ '@timestamp': '2026-01-05T09:00:04.123Z', event: { type: ['connection', 'denied'] }, destination: { ip: '192.0.2.80', port: 445 } });
    expect(events[4]!.network).not.toHaveProperty('direction');
    expect(events[5]).toMatchObject({ '@timestamp': new Date(REF).toISOString(), event: { type: ['connection'], action: 'log' }, destination: { port: 3389 } });
    expect(events[5]!.rule).toBeUndefined();
  });
});

describe('firewall: pfSense / OPNsense filterlog', () => {
  const { events, errors } = feed(parser, fixtureLinesOf('filterlog.log'), REF);

  it('reads every fixture line', () => {
    expect(errors).toEqual([]);
    expect(events).toHaveLength(7);
  });

  it('maps IPv4/IPv6 and TCP/UDP/ICMP/CARP layouts', () => {
    expect(events[0]).toMatchObject({
      event: { dataset: 'firewall.filterlog', type: ['connection', 'denied'], action: 'block', reason: 'match' },
      rule: { id: '1000000103', name: '5' },
      source: { ip: '192.168.1.2', port: 5353 },
      destination: { ip: '224.0.0.251', port: 5353 },
      network: { transport: 'udp', type: 'ipv4', iana_number: '17', bytes: 79, direction: 'inbound' },
      observer: { product: 'pf', ingress: { interface: { name: 'igb1' } }, hostname: 'pfSense' },
      raw: { datalen: '59', ttl: '64', flags: 'DF' },
    });
    expect(events[1]).toMatchObject({ event: { type: ['connection', 'allowed'], action: 'pass' }, network: { transport: 'tcp', direction: 'outbound' }, observer: { egress: { interface: { name: 'igb0' } } }, raw: { tcpflags: 'S', seq: '3091462471', window: '65228', options: 'mss;sackOK;TS;nop;wscale' } });
    expect(events[2]).toMatchObject({ network: { transport: 'icmpv6', type: 'ipv6', bytes: 32 }, source: { ip: 'fe80::1' }, destination: { ip: 'ff02::1' }, raw: { hoplimit: '255' } });
    expect(events[3]).toMatchObject({ '@timestamp': '2026-01-05T10:01:03.000Z', host: { name: 'opnsense.hospital.example' }, rule: { id: '02f4bab031b57d1e30553ce08e0ec131' }, destination: { port: 80 } });
    expect(events[4]).toMatchObject({ event: { action: 'reject', type: ['connection', 'denied'] }, network: { transport: 'icmp' }, raw: { icmp_type: 'request', icmp_id: '1', icmp_seq: '42' } });
    expect(events[5]).toMatchObject({ network: { transport: 'carp' }, raw: { carp_type: 'advertise', carp_ttl: '255', vhid: '1', carp_version: '2', advbase: '0', advskew: '1' } });
    expect(events[6]).toMatchObject({ network: { transport: 'udp', type: 'ipv6' }, source: { port: 5353 }, destination: { ip: 'ff02::fb' } });
  });
});

describe('firewall: errors, sniffing, robustness', () => {
  it('dead-letters other lines with the reason', () => {
    expect(() => parser.parse({ data: 'Jan  5 10:00:00 host sshd[1]: Accepted password for x', source: 'f', offset: 3, receivedAt: REF })).toThrow(/^f:3: not a firewall log record \(program "sshd"\)/);
    expect(() => parser.parse({ data: '5,,,1,igb1,match,block,in,9,x', source: 'f', receivedAt: REF })).toThrow(/IP version "9" is neither 4 nor 6/);
    expect(() => parser.parse({ data: 'Jan  5 10:01:00 pfSense filterlog[1]: 5,,,1,igb1', source: 'f', receivedAt: REF })).toThrow(/filterlog record has 5 fields/);
    expect(() => parser.parse({ data: 'Jan  5 10:01:00 pfSense filterlog[1]: 5,,,1,igb1,match,block,in,4,0x0,,64', source: 'f', receivedAt: REF })).toThrow(/ends after 12 fields, before the addresses/);
    expect(() => parser.parse({ data: '', source: 'f', receivedAt: REF })).toThrow(/empty record/);
  });

  it('sniffs netfilter and filterlog, not plain syslog', () => {
    expect(sniffFirewall(fixtureLinesOf('netfilter.log'))).toBe(1);
    expect(sniffFirewall(fixtureLinesOf('filterlog.log'))).toBe(1);
    expect(sniffFirewall(['Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186'])).toBe(0);
  });

  it('random and truncated input: one event or a ParseError', () => {
    const samples = [...fixtureLinesOf('netfilter.log'), ...fixtureLinesOf('filterlog.log')];
    const input = fc.oneof(fc.string(), fc.constantFrom(...samples).chain((s) => fc.tuple(fc.nat(s.length), fc.string({ maxLength: 3 })).map(([n, x]) => s.slice(0, n) + x + s.slice(n + 1))), fc.constantFrom(...samples).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))));
    fc.assert(
      fc.property(input, (data) => {
        try {
          expect(parser.parse({ data, source: 'p', receivedAt: REF })).toHaveLength(1);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
