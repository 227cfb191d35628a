import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { DraftEvent } from '../common/draft-event.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { isValidTimeZone, zoneResolver } from '../common/zone.js';

/**
 * Settings of the `windows-dns` parser.
 *
 * @example
 * windowsDnsConfig.parse({}) // { timezone: 'UTC' }
 */
export const windowsDnsConfig = z.strictObject({
  /** IANA zone of the DNS server: debug-log times are its local time. */
  timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * A packet line of the DNS debug log (fields per the "Message logging key" the log writes at its
 * top): date, time, thread, PACKET, packet id, UDP/TCP, Rcv/Snd, remote IP, xid, R (response) or
 * blank, opcode, [flags hex, flag chars, response code], question type, question name.
 */
const PACKET = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ([AP]M))?\s+\S+\s+PACKET\s+\S+\s+(UDP|TCP)\s+(Rcv|Snd)\s+(\S+)\s+([0-9a-fA-F]+)\s+(R)?\s*([QNU?])\s+\[([0-9a-fA-F]+)\s+([A-Z ]*?)\s*([A-Z]+)\]\s+(\S+)\s+(\S+)\s*$/;

/** `(7)example(3)com(0)` or `.example.com.` → `example.com`. */
export function decodeDnsName(s: string): string {
  if (s.startsWith('(')) return s.replace(/\(\d+\)/g, '.').replace(/^\.|\.$/g, '');
  return s.replace(/^\.|\.$/g, '');
}

const OPCODE: Record<string, string> = { Q: 'QUERY', N: 'NOTIFY', U: 'UPDATE', '?': 'UNKNOWN' };

/**
 * Share (0..1) of sample lines that are DNS debug packet lines; 1 when the log's own header is seen.
 *
 * @example
 * sniffWindowsDns(['6/5/2013 10:00:32 AM 0E70 PACKET  00000000033397A0 UDP Rcv 10.161.60.71    5b47   Q [0001   D   NOERROR] A      (12)somecomputer(6)domain(3)com(0)']) // 1
 */
export function sniffWindowsDns(lines: string[]): number {
  const sample = lines.filter((l) => l.trim().length > 0).slice(0, 50);
  if (sample.some((l) => /^DNS Server log file creation at|Message logging key \(for packets/.test(l.trim()))) return 1;
  return sample.length === 0 ? 0 : sample.filter((l) => PACKET.test(l.trim())).length / sample.length;
}

/**
 * `windows-dns`: Windows Server DNS debug log (`dns.log`) packet lines → ECS `dns.*` (question
 * name decoded, type, response code, flags, id), `source`/`destination` by direction. Header and
 * non-packet lines carry no event. See docs/formats/windows-dns.md.
 *
 * @example
 * const p = windowsDnsParser.build(windowsDnsParser.config.parse({}), { dataDir: '/tmp' });
 */
export const windowsDnsParser: ParserDef<z.output<typeof windowsDnsConfig>> = {
  name: 'windows-dns',
  description: 'Windows Server DNS debug log (dns.log) packet lines',
  config: windowsDnsConfig,
  sniff: sniffWindowsDns,
  build: (config) => {
    const toUtc = zoneResolver(config.timezone);
    const iso = new IsoStringCache();
    return {
      name: 'windows-dns',
      parse(record): ParsedEvent[] {
        const s = record.data.trim();
        const m = PACKET.exec(s);
        if (!m) {
          // The log's header, its field legend and detail lines (`UDP question info at …`) are not packets.
          if (!/^\d{1,2}\/\d{1,2}\/\d{4} .* PACKET /.test(s)) return [];
          throw new ParseError('unreadable DNS debug PACKET line: expected "… PACKET <id> UDP|TCP Rcv|Snd <ip> <xid> [R] <op> [<flags> <codes> <rcode>] <type> <name>"', recordWhere(record));
        }
        let hour = Number(m[4]) % 12;
        if (m[7] === 'PM') hour += 12;
        if (m[7] === undefined) hour = Number(m[4]);
        const response = m[12] === 'R';
        const remote = m[10]!;
        const ev: DraftEvent = {
          '@timestamp': iso.format(toUtc(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6])))),
          event: { kind: 'event', module: 'windows-dns', dataset: 'windows.dns', category: ['network'], type: ['protocol'], action: response ? 'dns-response' : 'dns-query', outcome: m[16] === 'NOERROR' ? 'success' : 'failure' },
          network: { protocol: 'dns', transport: m[8]!.toLowerCase(), direction: m[9] === 'Rcv' ? 'inbound' : 'outbound' },
          dns: {
            id: m[11], type: response ? 'answer' : 'query', op_code: OPCODE[m[13]!] ?? m[13],
            header_flags: m[15]!.trim().split(/\s+/).filter(Boolean), response_code: m[16],
            question: { type: m[17], name: decodeDnsName(m[18]!) },
          },
        };
        if (m[9] === 'Rcv') ev.source = { ip: remote };
        else ev.destination = { ip: remote };
        ev.related = { ip: [remote] };
        return [ev];
      },
    };
  },
};
