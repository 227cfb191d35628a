import { ParseError } from '../../core/errors.js';
import { DAY_MS, daysFromCivil, daysInMonth } from '../common/civil-time.js';
import type { ZoneResolver } from '../common/zone.js';
import type { BsdTimestamp } from './bsd-timestamp.js';

/**
 * How far past the reference time an RFC 3164 timestamp may lie: the largest zone offset
 * (UTC+14, for a sender whose local time is read with the wrong zone) plus an hour of clock
 * skew. Anything later is last year's line — a week of tolerance put `Dec 10` lines read on
 * 7 December into the coming week.
 */
export const FUTURE_TOLERANCE_MS = 15 * 3_600_000;

/**
 * Epoch ms of an RFC 3164 timestamp, which has neither year nor zone. The year is the latest
 * one that does not put the time in the future of `referenceMs` (the file's mtime or the receive
 * time; 15 hours of tolerance for zones and skew): `Dec 31 23:59:59` read on 1 January 2026 is
 * 2025, `Dec 10` read on 7 December 2026 is 2025, `Jan 1 00:00:05` read at 23:00 on
 * 31 December 2025 is 2026. 29 February goes back to the latest leap year that fits.
 * `toUtc` applies the configured zone.
 *
 * @example
 * resolveBsdTime({ month: 12, day: 31, msOfDay: 86399000, end: 15 }, Date.UTC(2026, 0, 2), (l) => l)
 * // Date.UTC(2025, 11, 31, 23, 59, 59)
 */
export function resolveBsdTime(ts: BsdTimestamp, referenceMs: number, toUtc: ZoneResolver): number {
  const limit = referenceMs + FUTURE_TOLERANCE_MS;
  const refYear = new Date(referenceMs).getUTCFullYear();
  if (ts.day > daysInMonth(2000, ts.month)) {
    throw new ParseError(`invalid date: day ${ts.day} of month ${ts.month}`);
  }
  // Latest first; 9 years back always contains a leap year that fits for 29 February.
  for (let year = refYear + 1; year >= refYear - 8; year--) {
    if (ts.day > daysInMonth(year, ts.month)) continue;
    const t = toUtc(daysFromCivil(year, ts.month, ts.day) * DAY_MS + ts.msOfDay);
    if (t <= limit) return t;
  }
  throw new ParseError(`invalid date: no year puts month ${ts.month} day ${ts.day} before the reference time`);
}
