import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { isValidTimeZone, zoneResolver } from '../common/zone.js';
import { parseKv } from './kv.js';
import { mapFortigate } from './map.js';

export { parseKv } from './kv.js';
export { mapFortigate } from './map.js';

/**
 * Settings of the `fortigate` parser.
 *
 * @example
 * fortigateConfig.parse({}) // { timezone: 'UTC' }
 */
export const fortigateConfig = z.strictObject({
  /** IANA zone of `date=`/`time=` when the record has no `tz=` and no `eventtime=`. */
  timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/** `tz="-0500"` → minutes east of UTC. */
function tzMinutes(tz: string | undefined): number | undefined {
  const m = tz ? /^([+-])(\d{2}):?(\d{2})$/.exec(tz) : null;
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

/**
 * Share (0..1) of sample lines that look like FortiOS logs: `date=` `time=` `logid=` `type=`.
 *
 * @example
 * sniffFortigate(['date=2020-04-23 time=12:17:48 devname="fw" logid="0000000013" type="traffic"']) // 1
 */
export function sniffFortigate(lines: string[]): number {
  const sample = lines.filter((l) => l.trim().length > 0).slice(0, 50);
  const ok = sample.filter((l) => /\bdate=\d{4}-\d{2}-\d{2}\b/.test(l) && /\btime=/.test(l) && /\blogid="?\d+/.test(l) && /\btype="?\w/.test(l));
  return sample.length === 0 ? 0 : ok.length / sample.length;
}

/**
 * `fortigate`: FortiGate / FortiOS key=value logs (traffic, UTM, event: user, system, VPN), bare
 * or behind a syslog priority. See docs/formats/fortigate.md.
 *
 * @example
 * const p = fortigateParser.build(fortigateParser.config.parse({}), { dataDir: '/tmp' });
 */
export const fortigateParser: ParserDef<z.output<typeof fortigateConfig>> = {
  name: 'fortigate',
  description: 'FortiGate key=value logs (traffic, UTM, user/VPN/system events)',
  config: fortigateConfig,
  build: (config) => {
    const toUtc = zoneResolver(config.timezone);
    const iso = new IsoStringCache();
    return {
      name: 'fortigate',
      parse(record): ParsedEvent[] {
        const kv = parseKv(record.data);
        const where = recordWhere(record);
        if (kv.date === undefined || kv.time === undefined || (kv.logid === undefined && kv.type === undefined)) {
          throw new ParseError('not a FortiGate log record: expected date=, time=, logid= and type= fields', where);
        }
        const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(kv.date);
        const t = /^(\d{2}):(\d{2}):(\d{2})$/.exec(kv.time);
        if (!d || !t) throw new ParseError(`unreadable date/time "${kv.date} ${kv.time}"`, where);
        const local = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3]));
        const tz = tzMinutes(kv.tz);
        const ms = tz !== undefined ? local - tz * 60_000 : toUtc(local);
        const ev = mapFortigate(kv);
        ev['@timestamp'] = iso.format(ms);
        return [ev];
      },
    };
  },
  sniff: sniffFortigate,
};
