import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { sniffWindowsDhcp, windowsDhcpParser } from './index.js';

/**
 * Golden sample: elastic/integrations' Microsoft DHCP pipeline test log
 * (packages/microsoft_dhcp/data_stream/log/_dev/test/pipeline/test-log.log), see
 * test/fixtures/formats/SOURCES.md.
 */
const lines = readFileSync(new URL('../../../test/fixtures/formats/windows-dhcp.log', import.meta.url), 'utf8').trim().split('\n');
const parser = windowsDhcpParser.build(windowsDhcpParser.config.parse({}), { dataDir: '/tmp' });
const parse = (data: string) => parser.parse({ data, source: 'file:DhcpSrvLog-Mon.log', offset: 1, receivedAt: 0 }).map(draft);
const events = lines.flatMap(parse);

describe('windows-dhcp parser', () => {
  it('sniffs the log and its preamble', () => {
    expect(sniffWindowsDhcp(lines)).toBe(1);
    expect(sniffWindowsDhcp(['\t\tMicrosoft DHCP Service Activity Log', 'Event ID  Meaning', '00\tThe log was started.'])).toBe(1);
    expect(sniffWindowsDhcp(['Jan  5 10:00:00 host sshd[1]: x'])).toBe(0);
  });

  it('maps every sample row (golden)', () => {
    expect(events).toHaveLength(17);
    const assign = events.find((e) => e.event.code === '10')!;
    expect(assign).toMatchObject({
      '@timestamp': '2001-01-01T01:01:01.000Z',
      event: { action: 'dhcp-lease-assigned', category: ['network'], type: ['allowed'], outcome: 'success' },
      source: { ip: '192.0.2.10', domain: 'host.test.com', mac: '00-00-00-00-00-00' },
      network: { protocol: 'dhcp' },
      windows_dhcp: { transaction_id: '17739', result: '0' },
    });
    expect(events[10]).toMatchObject({ windows_dhcp: { vendor_class: 'MSFT 5.0' } });
    expect(events.find((e) => e.event.code === '31')).toMatchObject({ event: { outcome: 'failure', action: 'dhcp-dns-update-failed' }, windows_dhcp: { dns_error: '10054' } });
    expect(events.find((e) => e.event.code === '36')).toMatchObject({ event: { type: ['denied'] }, source: { mac: '76-69-1E-D4-5C-90' } });
    expect(events.find((e) => e.event.code === '55')).toMatchObject({ event: { category: ['configuration'], outcome: 'success' }, source: { domain: 'domain.local' } });
    expect(events[0]).toMatchObject({ '@timestamp': '2020-04-19T13:11:13.000Z', event: { action: 'dhcp-log-stopped' } });
  });

  it('the preamble carries no event; other text is a parse error', () => {
    expect(parse('\t\tMicrosoft DHCP Service Activity Log')).toEqual([]);
    expect(parse('ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name, TransactionID, QResult,Probationtime, CorrelationID,Dhcid,VendorClass(Hex),VendorClass(ASCII),UserClass(Hex),UserClass(ASCII),RelayAgentInformation,DnsRegError.')).toEqual([]);
    expect(() => parse('garbage, not a row')).toThrow(/file:DhcpSrvLog-Mon.log:1: not a Windows DHCP log row/);
  });
});
