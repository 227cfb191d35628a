/**
 * RFC 5322 §3.3 date-times, with the obsolete forms of §4.3 that old mail (and spam) uses:
 * two- and three-digit years, alphabetic zones (`EST`, `GMT`, `UT`), a missing day name or
 * seconds. Hand-written because `Date.parse` reads zone-less text in the server's zone.
 */

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
/** §4.3 zone names; military zones and unknown names count as `-0000` (unknown), i.e. UTC. */
const ZONES: Record<string, number> = { ut: 0, gmt: 0, z: 0, utc: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7 };
const DATE = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})|\(?([A-Za-z]{1,5})\)?)?/;

/**
 * Epoch ms of an RFC 5322 date-time, or `undefined` when the text is not one. A time
 * without a zone is read as UTC.
 *
 * @example
 * parseMailDate('Sat, 27 Nov 2004 15:33:24 -0500 (EST)') // Date.UTC(2004, 10, 27, 20, 33, 24)
 * parseMailDate('27 Nov 04 15:33 GMT') // Date.UTC(2004, 10, 27, 15, 33)
 */
export function parseMailDate(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = MONTHS[m[2]!.toLowerCase()];
  let year = Number(m[3]);
  if (month === undefined) return undefined;
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3]!.length === 3) year += 1900;
  const hh = Number(m[4]);
  const mm = Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  let offsetMin = 0;
  if (m[7]) {
    offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
    if (Math.abs(offsetMin) > 24 * 60) return undefined;
  } else if (m[10]) {
    offsetMin = (ZONES[m[10].toLowerCase()] ?? 0) * 60;
  }
  const local = Date.UTC(year, month, day, hh, mm, Math.min(ss, 59));
  // Date.UTC rolls 31 Feb into March; such a date is not a date.
  if (new Date(local).getUTCDate() !== day) return undefined;
  const ms = local - offsetMin * 60_000;
  return Number.isFinite(ms) ? ms : undefined;
}
