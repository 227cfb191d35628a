import { parseIso8601 } from '../common/iso8601.js';

const MAX_EPOCH_MS = 8.64e15;

/**
 * Epoch ms of a Zeek `ts`: epoch seconds with microseconds (a number, or its text), or an ISO
 * 8601 string (`LogAscii::json_timestamps = JSON::TS_ISO8601`; a zone-less one is UTC, as Zeek
 * writes UTC). Sub-millisecond digits are dropped, not rounded. `undefined` when unreadable.
 *
 * @example
 * zeekTimeMs(1632928690.50062) // 1632928690500
 * zeekTimeMs('2021-09-29T15:18:10.500620Z') // 1632928690500
 */
export function zeekTimeMs(v: unknown): number | undefined {
  let ms: number;
  if (typeof v === 'number') {
    // Via microseconds so 1.001 s is 1001 ms, not 1000.9999….
    ms = Math.floor(Math.round(v * 1e6) / 1000);
  } else if (typeof v === 'string') {
    const iso = parseIso8601(v, 0);
    if (iso !== undefined && iso.end === v.length) ms = iso.localMs - (iso.offsetMs ?? 0);
    else {
      const n = v.length > 0 ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) return undefined;
      ms = Math.floor(Math.round(n * 1e6) / 1000);
    }
  } else {
    return undefined;
  }
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}

/**
 * Formats epoch ms as ISO 8601 UTC with milliseconds, reusing the text up to the second: Zeek
 * lines carry a different millisecond almost every line but share their second in bursts, and
 * `toISOString` is the costliest step of a TSV line.
 *
 * @example
 * new IsoMsFormatter().format(1591367999430) // '2020-06-05T14:39:59.430Z'
 */
export class IsoMsFormatter {
  private lastSecond = Number.NaN;
  private prefix = '';

  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.lastSecond) {
      const iso = new Date(second * 1000).toISOString();
      // Years outside 0000–9999 have a longer, signed form: no prefix reuse for those.
      if (iso.length !== 24) return new Date(ms).toISOString();
      this.prefix = iso.slice(0, 20);
      this.lastSecond = second;
    }
    const frac = ms - second * 1000;
    return `${this.prefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
  }
}
