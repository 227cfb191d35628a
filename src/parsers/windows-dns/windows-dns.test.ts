import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { decodeDnsName, sniffWindowsDns, windowsDnsParser } from './index.js';

/**
 * Golden sample: the four example lines of u-siem/usiem-windns README.md (Windows Server DNS
 * debug log), see test/fixtures/formats/SOURCES.md; field meanings per the "Message logging key"
 * Windows writes at the top of dns.log.
 */
const lines = readFileSync(new URL('../../../test/fixtures/formats/windows-dns.log', import.meta.url), 'utf8').trim().split('\n');
const parser = windowsDnsParser.build(windowsDnsParser.config.parse({}), { dataDir: '/tmp' });
const parse = (data: string) => parser.parse({ data, source: 'file:dns.log', offset: 1, receivedAt: 0 }).map(draft);

describe('windows-dns parser', () => {
  it('sniffs packet lines and the log header', () => {
    expect(sniffWindowsDns(lines)).toBe(1);
    expect(sniffWindowsDns(['DNS Server log file creation at 6/5/2013 10:00:00 AM'])).toBe(1);
    expect(sniffWindowsDns(['Jan  5 10:00:00 host sshd[1]: x'])).toBe(0);
    expect(decodeDnsName('(12)somecomputer(6)domain(3)com(0)')).toBe('somecomputer.domain.com');
  });

  it('maps the sample lines (golden)', () => {
    const [snd, rcv, rcvR, sndQ] = lines.map((l) => parse(l)[0]!);
    expect(snd).toMatchObject({
      '@timestamp': '2017-04-21T07:52:03.000Z',
      event: { action: 'dns-response', outcome: 'success', category: ['network'] },
      network: { protocol: 'dns', transport: 'udp', direction: 'outbound' },
      destination: { ip: '10.2.0.1' },
      dns: { id: '6590', type: 'answer', op_code: 'QUERY', header_flags: ['DR'], response_code: 'NOERROR', question: { type: 'A', name: 'example.com' } },
    });
    expect(rcv).toMatchObject({ '@timestamp': '2013-06-05T10:00:32.000Z', source: { ip: '10.161.60.71' }, dns: { type: 'query', question: { name: 'somecomputer.domain.com' } } });
    expect(rcvR).toMatchObject({ '@timestamp': '2014-04-15T15:16:00.000Z', dns: { type: 'answer', question: { name: 'ns1.offeringsmislead.com' } } });
    expect(sndQ).toMatchObject({ destination: { ip: '8.8.8.8' }, dns: { type: 'query', question: { name: 'cdn-controltag.krxd.net' } } });
  });

  it('header and detail lines carry no event; a broken PACKET line is a parse error', () => {
    expect(parse('Message logging key (for packets - other items use a subset of these fields):')).toEqual([]);
    expect(parse('UDP question info at 000002DAEC3680D0')).toEqual([]);
    expect(() => parse('6/5/2013 10:00:32 AM 0E70 PACKET  00000000033397A0 UDP Rcv')).toThrow(/file:dns.log:1: unreadable DNS debug PACKET line/);
  });
});
