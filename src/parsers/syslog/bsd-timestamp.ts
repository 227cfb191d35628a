import { ParseError } from '../../core/errors.js';

/**
 * The fields of an RFC 3164 timestamp (`Mmm dd hh:mm:ss`), which has no year and no zone.
 *
 * @example
 * const t: BsdTimestamp = { month: 10, day: 11, msOfDay: 80_055_000, end: 15 }; // Oct 11 22:14:15
 */
export interface BsdTimestamp {
  /** 1..12 */
  month: number;
  /** 1..31, checked against the month once the year is known. */
  day: number;
  /** Milliseconds since local midnight. */
  msOfDay: number;
  /** Index just past the timestamp. */
  end: number;
}

/** Three-letter month abbreviations packed as (c0 << 16 | c1 << 8 | c2). */
const MONTHS = new Map<number, number>(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i + 1,
  ]),
);

/**
 * The month (1..12) whose English abbreviation starts at `i` followed by a space, else 0.
 * This is the test for "the line starts with an RFC 3164 timestamp".
 *
 * @example
 * bsdMonthAt('Dec 10 06:55:46 LabSZ', 0) // 12
 */
export function bsdMonthAt(s: string, i: number): number {
  if (s.charCodeAt(i + 3) !== 32) return 0;
  return MONTHS.get((s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2)) ?? 0;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Read `Mmm dd hh:mm:ss` at `start` (the day may be space-padded, `Jul  7`, or a single digit,
 * `Jul 7`); an optional `.fraction` after the seconds is accepted as rsyslog can write one.
 * Call only where {@link bsdMonthAt} matched; a malformed remainder throws {@link ParseError}.
 *
 * @example
 * parseBsdTimestamp('Oct 11 22:14:15 mymachine', 0) // { month: 10, day: 11, msOfDay: 80055000, end: 15 }
 */
export function parseBsdTimestamp(s: string, start: number): BsdTimestamp {
  const month = bsdMonthAt(s, start);
  let i = start + 4;
  if (s.charCodeAt(i) === 32) i++;
  let day = digit(s, i);
  if (day < 0) throw new ParseError(`invalid RFC 3164 timestamp "${s.slice(start, start + 15)}": expected a day of month`);
  i++;
  const d2 = digit(s, i);
  if (d2 >= 0) {
    day = day * 10 + d2;
    i++;
  }
  const hh = digit(s, i + 1) * 10 + digit(s, i + 2);
  const mm = digit(s, i + 4) * 10 + digit(s, i + 5);
  const ss = digit(s, i + 7) * 10 + digit(s, i + 8);
  if (
    s.charCodeAt(i) !== 32 || s.charCodeAt(i + 3) !== 58 || s.charCodeAt(i + 6) !== 58 ||
    digit(s, i + 1) < 0 || digit(s, i + 2) < 0 || digit(s, i + 4) < 0 || digit(s, i + 5) < 0 ||
    digit(s, i + 7) < 0 || digit(s, i + 8) < 0
  ) {
    throw new ParseError(`invalid RFC 3164 timestamp "${s.slice(start, i + 9)}": expected "Mmm dd hh:mm:ss"`);
  }
  if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 59) {
    throw new ParseError(`invalid date "${s.slice(start, i + 9)}"`);
  }
  i += 9;
  let ms = 0;
  if (s.charCodeAt(i) === 46 && digit(s, i + 1) >= 0) {
    i++;
    let scale = 100;
    for (let d = digit(s, i); d >= 0; d = digit(s, ++i)) {
      if (scale >= 1) {
        ms += d * scale;
        scale /= 10;
      }
    }
  }
  return { month, day, msOfDay: ((hh * 60 + mm) * 60 + ss) * 1000 + ms, end: i };
}
