import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { isValidTimeZone, zoneResolver } from '../common/zone.js';
import { splitCsv } from './csv.js';
import { COMMON } from './fields.js';
import { mapPanos } from './map.js';

export { splitCsv } from './csv.js';
export { mapPanos } from './map.js';

/**
 * Settings of the `panos` parser.
 *
 * @example
 * panosConfig.parse({}) // { timezone: 'UTC' }
 */
export const panosConfig = z.strictObject({
  /** IANA zone of the firewall's `YYYY/MM/DD hh:mm:ss` times, which carry none. */
  timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/** Where the CSV record starts: after an optional syslog header, at `<digits>,YYYY/MM/DD hh:mm:ss,<serial>,TYPE,`. */
const RECORD = /(?:^|\s)(\d*,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},[^,]*,(?:TRAFFIC|THREAT|SYSTEM|CONFIG|GLOBALPROTECT|USERID|HIPMATCH|AUTHENTICATION|DECRYPTION|TUNNEL|CORRELATION),.*)$/;
const TIME = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Share (0..1) of sample lines holding a PAN-OS CSV record.
 *
 * @example
 * sniffPanos(['1,2018/11/30 16:09:07,012801096514,TRAFFIC,end,2049,…']) // 1
 */
export function sniffPanos(lines: string[]): number {
  const sample = lines.filter((l) => l.trim().length > 0).slice(0, 50);
  return sample.length === 0 ? 0 : sample.filter((l) => RECORD.test(l)).length / sample.length;
}

/**
 * `panos`: Palo Alto Networks PAN-OS syslog CSV, TRAFFIC and THREAT logs (other types keep their
 * common fields), bare or behind a syslog header. See docs/formats/panos.md.
 *
 * @example
 * const p = panosParser.build(panosParser.config.parse({}), { dataDir: '/tmp' });
 */
export const panosParser: ParserDef<z.output<typeof panosConfig>> = {
  name: 'panos',
  description: 'Palo Alto Networks PAN-OS syslog CSV (TRAFFIC, THREAT)',
  config: panosConfig,
  build: (config) => {
    const toUtc = zoneResolver(config.timezone);
    const iso = new IsoStringCache();
    return {
      name: 'panos',
      parse(record): ParsedEvent[] {
        const where = recordWhere(record);
        const m = RECORD.exec(record.data.trim());
        if (!m) throw new ParseError('not a PAN-OS CSV record: expected "<n>,YYYY/MM/DD hh:mm:ss,<serial>,TRAFFIC|THREAT|…,"', where);
        const v = splitCsv(m[1]!);
        if (v[COMMON.type] === 'TRAFFIC' && v.length < 47) throw new ParseError(`PAN-OS TRAFFIC record too short: ${v.length} fields, expected at least 47`, where);
        if (v[COMMON.type] === 'THREAT' && v.length < 40) throw new ParseError(`PAN-OS THREAT record too short: ${v.length} fields, expected at least 40`, where);
        const t = TIME.exec(v[COMMON.generatedTime] ?? '') ?? TIME.exec(v[COMMON.receiveTime] ?? '');
        if (!t) throw new ParseError('unreadable generated/receive time', where);
        const ev = mapPanos(v);
        ev['@timestamp'] = iso.format(toUtc(Date.UTC(Number(t[1]), Number(t[2]) - 1, Number(t[3]), Number(t[4]), Number(t[5]), Number(t[6]))));
        return [ev];
      },
    };
  },
  sniff: sniffPanos,
};
