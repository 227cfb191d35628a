import { DAY_MS, daysFromCivil, daysInMonth } from '../common/civil-time.js';
import { parseIso8601 } from '../common/iso8601.js';
import { isValidTimeZone, zoneResolver, type ZoneResolver } from '../common/zone.js';
import { FUTURE_TOLERANCE_MS } from '../syslog/year-rule.js';

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
/** `MMM dd [yyyy] HH:mm:ss[.SSS] [zone]`: the date forms the CEF spec lists for `rt`, `start`, `end` (and LEEF `devTime`). */
const MMM_FORM = /^([A-Za-z]{3}) +(\d{1,2}) +(?:(\d{4}) +)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +(\S+))?$/;
const OFFSET = /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})$/;
const MAX_EPOCH_MS = 8.64e15;
const zoneCache = new Map<string, ZoneResolver | null>();

function zoneOf(name: string): ZoneResolver | undefined {
  let z = zoneCache.get(name);
  if (z === undefined) {
    z = isValidTimeZone(name) ? zoneResolver(name) : null;
    if (zoneCache.size < 256) zoneCache.set(name, z);
  }
  return z ?? undefined;
}

/**
 * Epoch ms of a device time as CEF and LEEF write it: epoch milliseconds (digits), ISO 8601, or
 * `MMM dd [yyyy] HH:mm:ss[.SSS] [zone]` where zone is `UTC`/`GMT`/`Z`, an offset (`+01:00`,
 * `GMT+0100`) or an IANA name. Without a zone the configured one applies; without a year, the
 * year that puts the time at most 7 days after `referenceMs` (the RFC 3164 rule). Three-letter
 * zone abbreviations other than UTC/GMT (EST, CET…) are ambiguous and read as the configured zone.
 * `undefined` when the text is none of these.
 *
 * @example
 * parseDeviceTime('1767607200000', (l) => l, 0) // 1767607200000
 * parseDeviceTime('Jan 05 2026 10:00:00.250 UTC', (l) => l, 0) // Date.UTC(2026, 0, 5, 10, 0, 0, 250)
 */
export function parseDeviceTime(text: string, toUtc: ZoneResolver, referenceMs: number): number | undefined {
  const s = text.trim();
  if (s.length === 0) return undefined;
  let ms: number | undefined;
  const c0 = s.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    let digits = true;
    for (let i = 0; i < s.length && digits; i++) digits = s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
    if (digits) ms = s.length <= 10 ? Number(s) * 1000 : Number(s);
    else {
      const iso = parseIso8601(s, 0);
      if (iso === undefined || iso.end !== s.length) return undefined;
      ms = iso.offsetMs === undefined ? toUtc(iso.localMs) : iso.localMs - iso.offsetMs;
    }
  } else {
    const m = MMM_FORM.exec(s);
    if (m === null) return undefined;
    const month = MONTHS[m[1]!.toLowerCase()];
    const day = Number(m[2]);
    const hh = Number(m[4]);
    const mm = Number(m[5]);
    const ss = Number(m[6]);
    if (month === undefined || hh > 23 || mm > 59 || ss > 59) return undefined;
    const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    let resolve = toUtc;
    const zone = m[8];
    if (zone !== undefined && zone !== 'UTC' && zone !== 'GMT' && zone !== 'Z') {
      const off = OFFSET.exec(zone);
      if (off !== null) {
        const offsetMs = (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60_000;
        resolve = (l) => l - offsetMs;
      } else {
        resolve = zone.indexOf('/') > 0 ? (zoneOf(zone) ?? toUtc) : toUtc;
      }
    } else if (zone !== undefined) {
      resolve = (l) => l;
    }
    const local = (year: number): number | undefined =>
      day < 1 || day > daysInMonth(year, month) ? undefined : daysFromCivil(year, month, day) * DAY_MS + ((hh * 60 + mm) * 60 + ss) * 1000 + frac;
    if (m[3] !== undefined) {
      const l = local(Number(m[3]));
      if (l === undefined) return undefined;
      ms = resolve(l);
    } else {
      // Same rule as RFC 3164 syslog: not later than the reference beyond zone/skew tolerance.
      const limit = referenceMs + FUTURE_TOLERANCE_MS;
      const refYear = new Date(referenceMs).getUTCFullYear();
      for (let y = refYear + 1; y >= refYear - 8 && ms === undefined; y--) {
        const l = local(y);
        if (l !== undefined && resolve(l) <= limit) ms = resolve(l);
      }
    }
  }
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}
