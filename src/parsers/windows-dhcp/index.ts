import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { DraftEvent } from '../common/draft-event.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { isValidTimeZone, zoneResolver } from '../common/zone.js';
import { DHCP_IDS } from './ids.js';

/**
 * Settings of the `windows-dhcp` parser.
 *
 * @example
 * windowsDhcpConfig.parse({}) // { timezone: 'UTC' }
 */
export const windowsDhcpConfig = z.strictObject({
  /** IANA zone of the server: DhcpSrvLog times are its local time. */
  timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/** `ID,MM/DD/YY,hh:mm:ss,Description,…` */
const ROW = /^(\d{2,5}),(\d{2})\/(\d{2})\/(\d{2}|\d{4}),(\d{2}):(\d{2}):(\d{2}),/;

/** The log's own preamble (title, event-id legend, column header): not events. */
function isPreamble(s: string): boolean {
  return s.length === 0 || s.includes('Microsoft DHCP Service Activity Log') || /^ID,Date,Time,Description/.test(s) || /^\d{2,5}\t/.test(s) || /^(Event ID|QResult|Probation|[A-Z][a-z]+ ?[A-Za-z]*\s*$)/.test(s);
}

/**
 * Share (0..1) of sample lines that are DhcpSrvLog rows or its preamble; 1 when the title or
 * the column header is seen.
 *
 * @example
 * sniffWindowsDhcp(['10,01/01/21,01:01:01,Assign,192.0.2.10,host.test.com,000000000000,,17739,0,,,']) // 1
 */
export function sniffWindowsDhcp(lines: string[]): number {
  const sample = lines.filter((l) => l.trim().length > 0).slice(0, 50);
  if (sample.some((l) => l.includes('Microsoft DHCP Service Activity Log') || /^ID,Date,Time,Description,IP Address/.test(l.trim()))) return 1;
  return sample.length === 0 ? 0 : sample.filter((l) => ROW.test(l.trim())).length / sample.length;
}

/** `A1B2C3D4E5F6` → `A1-B2-C3-D4-E5-F6` (ECS form). */
function mac(s: string | undefined): string | undefined {
  if (!s || !/^[0-9A-Fa-f]{12}$/.test(s)) return s || undefined;
  return s.toUpperCase().match(/../g)!.join('-');
}

/**
 * `windows-dhcp`: Windows Server DHCP audit logs (`DhcpSrvLog-*.log`, IPv4 CSV with event ids
 * 00–64). Leases, renewals, releases, conflicts, NACKs and DNS updates → ECS `source.ip`/`mac`/
 * `domain`, `event.action`/`outcome`. See docs/formats/windows-dhcp.md.
 *
 * @example
 * const p = windowsDhcpParser.build(windowsDhcpParser.config.parse({}), { dataDir: '/tmp' });
 */
export const windowsDhcpParser: ParserDef<z.output<typeof windowsDhcpConfig>> = {
  name: 'windows-dhcp',
  description: 'Windows Server DHCP audit log (DhcpSrvLog-*.log)',
  config: windowsDhcpConfig,
  sniff: sniffWindowsDhcp,
  build: (config) => {
    const toUtc = zoneResolver(config.timezone);
    const iso = new IsoStringCache();
    return {
      name: 'windows-dhcp',
      parse(record): ParsedEvent[] {
        const s = record.data.trim();
        const m = ROW.exec(s);
        if (!m) {
          if (isPreamble(s)) return [];
          throw new ParseError('not a Windows DHCP log row: expected "ID,MM/DD/YY,hh:mm:ss,Description,…"', recordWhere(record));
        }
        const v = s.split(',');
        const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
        const id = m[1]!;
        const known = DHCP_IDS[id];
        const ev: DraftEvent = {
          '@timestamp': iso.format(toUtc(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[5]), Number(m[6]), Number(m[7])))),
          event: {
            kind: 'event', module: 'windows-dhcp', dataset: 'windows.dhcp', code: id,
            category: [known?.category ?? 'network'], type: [known?.type ?? 'info'], action: known?.action ?? 'dhcp-event',
            ...(known?.outcome ? { outcome: known.outcome } : {}),
          },
          message: v[3] ?? '',
          network: { protocol: 'dhcp' },
        };
        const source: Record<string, unknown> = {};
        if (v[4]) source.ip = v[4];
        if (v[5]) source.domain = v[5];
        if (mac(v[6])) source.mac = mac(v[6]);
        if (Object.keys(source).length) ev.source = source;
        if (v[7]) ev.user = { name: v[7] };
        const dhcp: Record<string, unknown> = {};
        if (v[8]) dhcp.transaction_id = v[8];
        if (v[9]) dhcp.result = v[9];
        if (v[14]) dhcp.vendor_class = v[14];
        if (v[18] && v[18] !== '0') {
          dhcp.dns_error = v[18];
          ev.event.outcome = 'failure';
        }
        ev.windows_dhcp = dhcp;
        return [ev];
      },
    };
  },
};
