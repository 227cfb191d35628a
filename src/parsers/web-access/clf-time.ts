import { DAY_MS, daysFromCivil, daysInMonth } from '../common/civil-time.js';

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

/**
 * Month number (1..12) of an English three-letter abbreviation at `i`, else 0.
 *
 * @example
 * monthAt('Dec', 0) // 12
 */
export function monthAt(s: string, i: number): number {
  return MONTHS[s.slice(i, i + 3)] ?? 0;
}

/**
 * Epoch ms of a Common Log Format time `dd/Mon/yyyy:HH:MM:SS ±hhmm` (what is between the brackets),
 * or `undefined` when it is not one. A fraction after the seconds (`%{msec_frac}t`-style
 * `…:36.123`) is accepted.
 *
 * @example
 * parseClfTime('10/Oct/2000:13:55:36 -0700') // Date.UTC(2000, 9, 10, 20, 55, 36)
 */
export function parseClfTime(s: string): number | undefined {
  const day = d2(s, 0);
  const month = monthAt(s, 3);
  const y = d2(s, 7) * 100 + d2(s, 9);
  if (s.charCodeAt(2) !== 47 || s.charCodeAt(6) !== 47 || s.charCodeAt(11) !== 58 || month === 0 || d2(s, 7) < 0 || d2(s, 9) < 0) return undefined;
  const hh = d2(s, 12);
  const mm = d2(s, 15);
  const ss = d2(s, 18);
  if (s.charCodeAt(14) !== 58 || s.charCodeAt(17) !== 58 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) return undefined;
  if (day < 1 || day > daysInMonth(y, month)) return undefined;
  let i = 20;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let scale = 100;
    for (i++; s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) {
      ms += (s.charCodeAt(i) - 48) * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  if (s.charCodeAt(i) !== 32) return undefined;
  const sign = s.charCodeAt(i + 1);
  const oh = d2(s, i + 2);
  const om = d2(s, i + 4);
  if ((sign !== 43 && sign !== 45) || oh < 0 || om < 0 || om > 59 || s.length !== i + 6) return undefined;
  const offset = (sign === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  return daysFromCivil(y, month, day) * DAY_MS + ((hh * 60 + mm) * 60 + Math.min(ss, 59)) * 1000 + ms - offset;
}
