import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { feed } from '../zeek/test-helpers.js';
import { netflowParser, nfdumpFraming } from './index.js';
import { sniffNetflow } from './sniff.js';

const lines = (name: string): string[] => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8').trim().split('\n');
const build = (config: unknown = {}) => netflowParser.build(netflowParser.config.parse(config), { dataDir: '/tmp' });

/** Fixtures in the layout of `nfdump -o csv` (1.6/1.7 columns, with its Summary trailer) and `nfdump -o json`. */
describe('netflow: nfdump CSV', () => {
  const { events, errors } = feed(build(), lines('nfdump.csv'));

  it('reads every flow; header and Summary trailer give no events and no dead letters', () => {
    expect(errors).toEqual([]);
    expect(events).toHaveLength(3);
  });

  it('maps a TCP flow', () => {
    expect(events[0]).toMatchObject({
      '@timestamp': '2026-01-05T10:00:00.000Z',
      event: { module: 'netflow', dataset: 'netflow.flow', category: ['network'], type: ['connection'], start: '2026-01-05T10:00:00.000Z', end: '2026-01-05T10:00:02.000Z', duration: 2_150_000_000 },
      source: { ip: '10.20.30.50', port: 51000, bytes: 2210, packets: 12, mac: '00-1B-21-DD-EE-FF' },
      destination: { ip: '10.20.40.7', port: 104, mac: '00-16-3E-AA-BB-CC' },
      network: { transport: 'tcp', iana_number: '6', type: 'ipv4', bytes: 2210, packets: 12 },
      observer: { ip: '10.20.0.1', ingress: { interface: { id: '3' } }, egress: { interface: { id: '5' } } },
      raw: { flg: '...AP.SF', tr: '2026-01-05 10:00:05.000' },
    });
    expect(events[1]).toMatchObject({ '@timestamp': '2026-01-05T10:00:01.250Z', network: { transport: 'udp', iana_number: '17' }, destination: { port: 53 } });
    expect(events[1]!.source).not.toHaveProperty('mac');
    expect(events[2]).toMatchObject({ network: { transport: 'ipv6-icmp', iana_number: '58', type: 'ipv6' }, destination: { ip: '2001:db8::1' }, raw: { dp: '128.0' } });
    expect(events[2]!.destination).not.toHaveProperty('port');
  });

  it('reads the zone of the nfdump host from config', () => {
    const { events: berlin } = feed(build({ timezone: 'Europe/Berlin' }), lines('nfdump.csv').slice(0, 2));
    expect(berlin[0]!['@timestamp']).toBe('2026-01-05T09:00:00.000Z');
  });

  it('reads header-less CSV with the default nfdump columns, and dead-letters short lines and bad times', () => {
    const p = build();
    expect(feed(p, [lines('nfdump.csv')[1]!]).events[0]).toMatchObject({ source: { ip: '10.20.30.50' } });
    expect(() => p.parse({ data: '2026-01-05 10:00:00,x', source: 's', offset: 4, receivedAt: 0 })).toThrow(/^s:4: nfdump CSV line has 2 fields, the header has 48/);
    const bad = lines('nfdump.csv')[1]!.replace('2026-01-05 10:00:00', 'yesterday');
    expect(() => p.parse({ data: bad, source: 's', receivedAt: 0 })).toThrow(/"ts" is not a time: "yesterday"/);
  });
});

describe('netflow: nfdump JSON', () => {
  it('reads array elements one per line, and json-log objects', () => {
    const { events, errors } = feed(build(), lines('nfdump.json'));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ '@timestamp': '2026-01-05T10:00:00.000Z', event: { duration: 2_150_000_000 }, source: { ip: '10.20.30.50', port: 51000, bytes: 2210 }, network: { transport: 'tcp' }, observer: { ip: '10.20.0.1' } });
    expect(events[1]).toMatchObject({ network: { transport: 'ipv6-icmp', bytes: 208, packets: 2 }, destination: { bytes: 104, packets: 1 } });
  });

  it('frames a pretty-printed `nfdump -o json` document into one record per flow', () => {
    const pretty = `[\n${lines('nfdump.json').slice(1, -1).map((l) => JSON.stringify(JSON.parse(l.replace(/,$/, '')), null, 2)).join(',\n')}\n]\n`;
    const records = nfdumpFraming(pretty);
    expect(records).toHaveLength(2);
    expect(feed(build(), records).events.map((e) => e.source?.ip)).toEqual(['10.20.30.50', '2001:db8::41']);
    expect(nfdumpFraming('ts,te\n1,2\n')).toEqual(['ts,te', '1,2']);
  });

  it('dead-letters bad JSON and non-flow records', () => {
    const p = build();
    expect(() => p.parse({ data: '{"type":"FLOW"', source: 'j', receivedAt: 0 })).toThrow(/invalid nfdump JSON/);
    expect(() => p.parse({ data: '{"type":"STAT"}', source: 'j', receivedAt: 0 })).toThrow(/type "STAT" is not a flow/);
    expect(() => p.parse({ data: '{"type":"FLOW","proto":6}', source: 'j', receivedAt: 0 })).toThrow(/no "t_first"/);
  });
});

describe('netflow: sniffing and robustness', () => {
  it('sniffs nfdump output only', () => {
    expect(sniffNetflow(lines('nfdump.csv'))).toBe(1);
    expect(sniffNetflow(lines('nfdump.json'))).toBe(1);
    expect(sniffNetflow(['{"a":1}', 'x,y,z'])).toBe(0);
  });

  it('random and truncated input: events or ParseError; emitted + dead + structural = read', () => {
    const samples = [...lines('nfdump.csv'), ...lines('nfdump.json')];
    const input = fc.oneof(fc.string(), fc.constantFrom(...samples).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))), fc.constantFrom(...samples).chain((s) => fc.tuple(fc.nat(s.length), fc.string({ maxLength: 3 })).map(([n, x]) => s.slice(0, n) + x + s.slice(n + 1))));
    fc.assert(
      fc.property(fc.array(input, { maxLength: 20 }), (batch) => {
        const p = build();
        let accounted = 0;
        for (const data of batch) {
          try {
            const out = p.parse({ data, source: 'p', receivedAt: 0 });
            expect(out.length).toBeLessThanOrEqual(1);
            accounted++;
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
            accounted++;
          }
        }
        expect(accounted).toBe(batch.length);
      }),
      { numRuns: 300 },
    );
  });
});
