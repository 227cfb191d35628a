const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * RFC 3164 timestamp as syslog daemons write it to files: `Jan  5 02:14:09` (day space-padded).
 *
 * @example
 * bsdTime(Date.UTC(2026, 0, 5, 2, 14, 9)) // 'Jan  5 02:14:09'
 */
export function bsdTime(t: number): string {
  const d = new Date(t);
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** ISO 8601 UTC with milliseconds. */
export function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * HL7 v2 DTM (`YYYYMMDDHHMMSS`).
 *
 * @example
 * hl7Time(Date.UTC(2026, 0, 5, 2, 14, 9)) // '20260105021409'
 */
export function hl7Time(t: number): string {
  return iso(t).slice(0, 19).replace(/[-T:]/g, '');
}

/** `YYYY-MM-DD` of a time (UTC). */
export function dayName(t: number): string {
  return iso(t).slice(0, 10);
}

/** RFC 5322 date (`Mon, 05 Jan 2026 02:14:09 +0000`). */
export function mailDate(t: number): string {
  return new Date(t).toUTCString().replace('GMT', '+0000');
}

/** Zeek epoch seconds with microseconds (`1767579249.123456`). */
export function zeekTime(t: number): string {
  return (t / 1000).toFixed(6);
}
