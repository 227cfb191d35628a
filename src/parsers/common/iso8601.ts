import { DAY_MS, daysFromCivil, daysInMonth } from './civil-time.js';

/**
 * A timestamp read from text: its wall-clock fields as if UTC, and the zone offset if it had one.
 *
 * @example
 * const t: IsoTimestamp = { localMs: Date.UTC(2026, 0, 5, 10), offsetMs: 3_600_000, end: 25 }; // 2026-01-05T10:00:00+01:00
 */
export interface IsoTimestamp {
  /** The date and time fields as epoch ms, as if they were UTC. */
  localMs: number;
  /** Offset east of UTC in ms (`+01:00` → 3600000), or `undefined` when the text had no zone. */
  offsetMs: number | undefined;
  /** Index just past the timestamp. */
  end: number;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * Read an ISO 8601 / RFC 3339 date-time at `start`: `YYYY-MM-DD`, then `T`, `t` or a space,
 * `hh:mm:ss`, an optional fraction (`.` or `,`; digits past milliseconds are dropped) and an
 * optional zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`). Hand-written because `Date.parse` reads zone-less
 * date-times in the server's local zone and accepts many non-ISO shapes.
 *
 * Returns `undefined` when the text is not such a timestamp or names an impossible date.
 *
 * @example
 * parseIso8601('2003-10-11T22:14:15.003Z', 0)
 * // { localMs: 1065910455003, offsetMs: 0, end: 24 }
 */
export function parseIso8601(s: string, start: number): IsoTimestamp | undefined {
  if (s.length < start + 19) return undefined;
  const y1 = two(s, start);
  const y2 = two(s, start + 2);
  if (y1 < 0 || y2 < 0) return undefined;
  const year = y1 * 100 + y2;
  if (s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return undefined;
  const month = two(s, start + 5);
  const day = two(s, start + 8);
  const sep = s.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return undefined; // T t space
  const hh = two(s, start + 11);
  const mm = two(s, start + 14);
  const ss = two(s, start + 17);
  if (s.charCodeAt(start + 13) !== 58 || s.charCodeAt(start + 16) !== 58) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // Leap seconds (ss = 60) are forbidden in RFC 5424 and unrepresentable in epoch ms.
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return undefined;
  let i = start + 19;
  let ms = 0;
  const dot = s.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    i++;
    let n = 0;
    let scale = 100;
    for (let d = digit(s, i); d >= 0; d = digit(s, ++i)) {
      n++;
      if (scale >= 1) {
        ms += d * scale;
        scale /= 10;
      }
    }
    if (n === 0) return undefined;
  }
  let offsetMs: number | undefined;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    offsetMs = 0;
    i++;
  } else if (z === 43 || z === 45) {
    const oh = two(s, i + 1);
    if (oh < 0 || oh > 23) return undefined;
    let om = 0;
    i += 3;
    if (s.charCodeAt(i) === 58) {
      om = two(s, i + 1);
      if (om < 0) return undefined;
      i += 3;
    } else if (digit(s, i) >= 0) {
      om = two(s, i);
      if (om < 0) return undefined;
      i += 2;
    }
    if (om > 59) return undefined;
    offsetMs = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const localMs = daysFromCivil(year, month, day) * DAY_MS + ((hh * 60 + mm) * 60 + ss) * 1000 + ms;
  return { localMs, offsetMs, end: i };
}
