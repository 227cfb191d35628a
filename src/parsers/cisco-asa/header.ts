import type { ZoneResolver } from '../common/zone.js';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** What the text before `%ASA-…` says: time and device name, when present. */
export interface AsaHeader {
  timeMs?: number;
  hostname?: string;
}

const BSD = /^(?:<\d{1,3}>)?\s*([A-Z][a-z]{2})\s+(\d{1,2})(?:\s+(\d{4}))?\s+(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:\s+[A-Z]{3,4})?\s*:?\s*(.*)$/;
const ISO = /^(?:<\d{1,3}>)?\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s*:?\s*(.*)$/;

/**
 * Read the syslog header an ASA/FTD writes before `%ASA-`: `May  5 17:51:17 dev01:`,
 * `<166>Aug 28 2023 15:35:00 fw1 :`, `Apr 29 12:59:50.138:`, `2024-06-26T01:35:42Z:`. A
 * year-less time takes the reference time's year (the year before if that would put it more
 * than a day in the future); times without a zone are read in `toUtc`'s zone.
 *
 * @example
 * parseAsaHeader('<166>Aug 28 2023 15:35:00 fw1 : ', (ms) => ms, Date.now()) // { timeMs: 1693236900000, hostname: 'fw1' }
 */
export function parseAsaHeader(head: string, toUtc: ZoneResolver, referenceMs: number): AsaHeader {
  const out: AsaHeader = {};
  const h = head.trim();
  let rest = '';
  const b = BSD.exec(h);
  if (b) {
    const month = MONTHS[b[1]!];
    if (month !== undefined) {
      const frac = b[7] ? Math.round(Number(b[7]) * 1000) : 0;
      const at = (year: number) => toUtc(Date.UTC(year, month, Number(b[2]), Number(b[4]), Number(b[5]), Number(b[6]), frac));
      if (b[3]) out.timeMs = at(Number(b[3]));
      else {
        const y = new Date(referenceMs).getUTCFullYear();
        const t = at(y);
        out.timeMs = t > referenceMs + 86_400_000 ? at(y - 1) : t;
      }
      rest = b[8] ?? '';
    }
  } else {
    const i = ISO.exec(h);
    if (i) {
      const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(i[1]!) ? i[1]! : `${i[1]}Z`);
      if (Number.isFinite(ms)) out.timeMs = /(Z|[+-]\d{2}:?\d{2})$/.test(i[1]!) ? ms : toUtc(ms);
      rest = i[2] ?? '';
    }
  }
  if (!b && out.timeMs === undefined) rest = h.replace(/^<\d{1,3}>/, '');
  // The device name: the first word after the time, e.g. `dev01:` or `fw1 :` (a relay may add a
  // second time after it: `host1 : Sep 25 15:47:07 EDT:`).
  const first = rest.trim().split(/\s+/)[0]?.replace(/:$/, '');
  if (first !== undefined && /^[A-Za-z0-9][\w.-]*$/.test(first)) out.hostname = first;
  return out;
}
