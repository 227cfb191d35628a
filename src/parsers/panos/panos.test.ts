import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { panosParser, sniffPanos, splitCsv } from './index.js';

/**
 * Golden sample: elastic/integrations' PAN-OS pipeline test logs (3 TRAFFIC lines of
 * test-panw-panos-traffic-sample.log, 1 THREAT line of test-panw-panos-threat-sample.log), see
 * test/fixtures/formats/SOURCES.md. Field positions per Palo Alto's PAN-OS 10/11 syslog field
 * descriptions.
 */
const lines = readFileSync(new URL('../../../test/fixtures/formats/panos.log', import.meta.url), 'utf8').trim().split('\n');
const parser = panosParser.build(panosParser.config.parse({}), { dataDir: '/tmp' });
const parse = (data: string) => draft(parser.parse({ data, source: 'file:pan.log', offset: 1, receivedAt: 0 })[0]!);
const [tcp, icmp, drop, url] = lines.map(parse);

describe('panos parser', () => {
  it('sniffs PAN-OS CSV and splits quoted fields', () => {
    expect(sniffPanos(lines)).toBe(1);
    expect(sniffPanos(['Jan  5 10:00:00 host sshd[1]: a,b,c'])).toBe(0);
    expect(splitCsv('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
  });

  it('TRAFFIC end: endpoints, NAT, bytes and packets per direction, duration, rule, zones, end reason', () => {
    expect(tcp).toMatchObject({
      '@timestamp': '2018-11-30T16:09:07.000Z',
      event: { category: ['network'], type: ['connection', 'allowed', 'end'], action: 'allow', outcome: 'success', duration: 586e9, reason: 'tcp-fin' },
      source: { ip: '192.168.15.207', port: 55113, bytes: 1758, packets: 16, nat: { ip: '192.168.1.63', port: 16418 } },
      destination: { ip: '175.16.199.1', port: 443, bytes: 5976, packets: 20, geo: { country_name: 'United States' } },
      network: { transport: 'tcp', application: 'apple-maps', bytes: 7734, packets: 36 },
      rule: { name: 'new_outbound_from_trust' },
      observer: { serial_number: '012801096514', name: 'PA-220', ingress: { zone: 'trust', interface: { name: 'ethernet1/2' } }, egress: { zone: 'untrust' } },
      panos: { url_category: 'computer-and-internet-info', session_id: '22751' },
    });
    expect(tcp!.source).not.toHaveProperty('geo'); // a private range, not a country
    expect(icmp).toMatchObject({ network: { transport: 'icmp', application: 'ping' }, event: { reason: 'aged-out' } });
  });

  it('TRAFFIC drop is a denied connection', () => {
    expect(drop).toMatchObject({ event: { type: ['connection', 'denied'], outcome: 'failure' }, destination: { port: 4282 } });
  });

  it('THREAT url: web category, blocked, URL split', () => {
    expect(url).toMatchObject({
      event: { kind: 'alert', category: ['web'], type: ['denied'], action: 'block-url', outcome: 'failure', severity: 1 },
      url: { original: 'consent.cmp.oath.com/', domain: 'consent.cmp.oath.com', path: '/' },
      rule: { id: '9999' },
      panos: { url_category: 'business-and-economy', direction: 'client-to-server' },
    });
  });

  it('THREAT vulnerability: threat name and id, severity', () => {
    // The sample's THREAT line as a vulnerability record (subtype, verdict, threat and severity changed).
    const vuln = lines[3]!.replace('THREAT,url,', 'THREAT,vulnerability,').replace('block-url,', 'reset-both,')
      .replace('(9999),business-and-economy,informational', 'Microsoft RPC Endpoint Mapper Detection(30845),any,critical');
    expect(parse(vuln)).toMatchObject({
      event: { category: ['intrusion_detection'], type: ['denied', 'indicator'], severity: 5 },
      rule: { id: '30845', description: 'Microsoft RPC Endpoint Mapper Detection', name: 'new_outbound_from_trust' },
      log: { level: 'critical' },
    });
  });

  it('says what is wrong', () => {
    expect(() => parse('1,2018/11/30 16:09:07,0128,TRAFFIC,end,1')).toThrow(/file:pan.log:1: PAN-OS TRAFFIC record too short/);
    expect(() => parse('hello')).toThrow(/not a PAN-OS CSV record/);
  });
});
