import { ParseError } from '../../core/errors.js';
import { DAY_MS, daysFromCivil, daysInMonth } from '../common/civil-time.js';
import type { ZoneResolver } from '../common/zone.js';
import type { BsdTimestamp } from './bsd-timestamp.js';

/** How far past the reference time an RFC 3164 timestamp may lie (clock skew, late mtime). */
const FUTURE_TOLERANCE_MS = 7 * DAY_MS;

/**
 * Epoch ms of an RFC 3164 timestamp, which has neither year nor zone. The year is the latest
 * one that puts the time at most 7 days after `referenceMs` (the file's
 * mtime or the receive time): `Dec 31 23:59:59` read on 2 January 2026 is 2025, `Jan 1` read
 * on 30 December 2025 is 2026. 29 February goes back to the latest leap year that fits.
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
