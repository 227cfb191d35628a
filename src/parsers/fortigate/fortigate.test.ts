import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { fortigateParser, parseKv, sniffFortigate } from './index.js';

/**
 * Golden sample: 8 lines of elastic/integrations' FortiGate pipeline test log
 * (packages/fortinet_fortigate/data_stream/log/_dev/test/pipeline/test-fortinet.log), see
 * test/fixtures/formats/SOURCES.md.
 */
const lines = readFileSync(new URL('../../../test/fixtures/formats/fortigate.log', import.meta.url), 'utf8').trim().split('\n');
const parser = fortigateParser.build(fortigateParser.config.parse({}), { dataDir: '/tmp' });
const parse = (data: string) => draft(parser.parse({ data, source: 'file:fg.log', offset: 1, receivedAt: 0 })[0]!);
const [web, deny, dns, fsso, ipsec, logon, tunnel, accept] = lines.map(parse);

describe('fortigate parser', () => {
  it('sniffs FortiOS key=value lines and splits quoted values', () => {
    expect(sniffFortigate(lines)).toBe(1);
    expect(sniffFortigate(['Jan  5 10:00:00 host sshd[1]: x=1'])).toBe(0);
    expect(parseKv('a="x \\"y\\" z" b=2 c=')).toEqual({ a: 'x "y" z', b: '2', c: '' });
  });

  it('time from date/time and tz; traffic deny and accept with NAT, bytes, policy', () => {
    expect(web!['@timestamp']).toBe('2020-04-23T17:17:48.000Z');
    expect(deny).toMatchObject({
      event: { category: ['network'], type: ['connection', 'denied'], outcome: 'failure', action: 'deny', code: '0000000013' },
      source: { ip: '10.10.10.10', port: 60899 }, destination: { ip: '67.43.156.13', port: 161 },
      network: { transport: 'udp', iana_number: '17' }, observer: { name: 'testswitch1', vendor: 'Fortinet' },
    });
    expect(accept).toMatchObject({
      event: { type: ['connection', 'allowed'], outcome: 'success', duration: 5462e9 },
      source: { ip: '192.168.10.10', bytes: 438650, packets: 723417, nat: { ip: '67.43.156.14', port: 60964 } },
      destination: { bytes: 65446, geo: { country_name: 'Netherlands' } },
      rule: { id: '3426', name: 'newruleelastic', uuid: '1765de8-5a13-765da73fdsfa1c' },
    });
  });

  it('UTM: web filter block and DNS', () => {
    expect(web).toMatchObject({ event: { category: ['web'], type: ['denied'], outcome: 'failure' }, url: { domain: 'elastic.co', path: '/config/' }, user: { name: 'elasticuser', group: { name: 'elasticgroup' } }, fortinet: { category: 'Internet Telephony' } });
    expect(dns).toMatchObject({ event: { category: ['network'], outcome: 'success' }, dns: { question: { name: 'elastic.example.com', type: 'A' }, resolved_ip: ['67.43.156.13', '67.43.156.13'] } });
  });

  it('events: user logons are authentication successes, VPN negotiation errors are failures', () => {
    expect(fsso).toMatchObject({ event: { category: ['authentication'], type: ['start'], outcome: 'success' }, user: { name: 'elasticouser' }, source: { ip: '10.10.10.10' } });
    expect(logon).toMatchObject({ event: { category: ['authentication'], outcome: 'success' }, user: { name: 'elastiiiuser' } });
    expect(tunnel).toMatchObject({ event: { category: ['authentication'], outcome: 'success' }, user: { name: 'someuser' }, source: { ip: '67.43.156.13' }, fortinet: { tunnel_ip: '10.10.10.10' } });
    expect(ipsec).toMatchObject({ event: { category: ['network', 'session'], outcome: 'failure', reason: 'peer SA proposal not match local policy' } });
    expect(ipsec!.user).toBeUndefined(); // "N/A"
  });

  it('a failed SSL-VPN login (action=ssl-login-fail, FortiOS log 0101039426) is an authentication failure', () => {
    // The sample's tunnel-up line with the fields FortiOS writes for a failed login.
    const failed = lines[6]!.replace('logid="0101039947"', 'logid="0101039426"').replace('action="tunnel-up"', 'action="ssl-login-fail"').replace('reason="tunnel established"', 'reason="sslvpn_login_permission_denied"');
    expect(parse(failed)).toMatchObject({ event: { category: ['authentication'], outcome: 'failure', reason: 'sslvpn_login_permission_denied' }, user: { name: 'someuser' }, source: { ip: '67.43.156.13' } });
  });

  it('says what is missing', () => {
    expect(() => parse('hello=world')).toThrow(/file:fg.log:1: not a FortiGate log record/);
  });
});
