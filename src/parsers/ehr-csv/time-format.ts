import { daysFromCivil, daysInMonth, DAY_MS } from '../common/civil-time.js';
import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';

/**
 * A compiled time reader: text → epoch ms, or `undefined`.
 *
 * @example
 * const read: TimeReader = compileTimeFormat('iso8601', (l) => l);
 */
export type TimeReader = (text: string) => number | undefined;

const TOKENS: Record<string, string> = {
  YYYY: '(?<Y>\\d{4})', YY: '(?<y>\\d{2})', MM: '(?<M>\\d{2})', M: '(?<M>\\d{1,2})', DD: '(?<D>\\d{2})', D: '(?<D>\\d{1,2})',
  HH: '(?<H>\\d{2})', H: '(?<H>\\d{1,2})', hh: '(?<h>\\d{2})', h: '(?<h>\\d{1,2})', mm: '(?<m>\\d{2})', ss: '(?<s>\\d{2})',
  SSS: '(?<S>\\d{1,3})', A: '(?<A>[AaPp][Mm])', Z: '(?<Z>Z|[+-]\\d{2}:?\\d{2})',
};

/**
 * Compile a time format once: `iso8601` (zone-less times in the configured zone), `epoch_ms`,
 * `epoch_s`, or a pattern of tokens `YYYY YY MM M DD D HH H hh h mm ss SSS A Z` and literal
 * characters, e.g. `DD/MM/YYYY HH:mm:ss` or `M/D/YYYY h:mm:ss A`.
 *
 * @example
 * compileTimeFormat('DD/MM/YYYY HH:mm', (l) => l)('05/01/2026 10:15') // Date.UTC(2026, 0, 5, 10, 15)
 */
export function compileTimeFormat(format: string, toUtc: ZoneResolver): TimeReader {
  if (format === 'iso8601') {
    return (text) => {
      const t = parseIso8601(text.trim(), 0);
      if (t === undefined) return undefined;
      return t.offsetMs === undefined ? toUtc(t.localMs) : t.localMs - t.offsetMs;
    };
  }
  if (format === 'epoch_ms' || format === 'epoch_s') {
    const scale = format === 'epoch_ms' ? 1 : 1000;
    return (text) => {
      const t = text.trim();
      if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
      return Math.round(Number(t) * scale);
    };
  }
  const re = new RegExp(`^${compilePattern(format)}$`);
  return (text) => {
    const g = re.exec(text.trim())?.groups;
    if (!g) return undefined;
    const year = g.Y !== undefined ? Number(g.Y) : 2000 + Number(g.y);
    const month = Number(g.M ?? 1);
    const day = Number(g.D ?? 1);
    let hour = Number(g.H ?? g.h ?? 0);
    if (g.A !== undefined) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (/^p/i.test(g.A) ? 12 : 0);
    }
    const min = Number(g.m ?? 0);
    const sec = Number(g.s ?? 0);
    const ms = g.S === undefined ? 0 : Number(g.S.padEnd(3, '0'));
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || min > 59 || sec > 59) return undefined;
    const local = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + min) * 60 + sec) * 1000 + ms;
    if (g.Z === undefined) return toUtc(local);
    if (g.Z === 'Z') return local;
    const z = g.Z.replace(':', '');
    return local - (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
  };
}

function compilePattern(format: string): string {
  let out = '';
  let i = 0;
  const keys = Object.keys(TOKENS).sort((a, b) => b.length - a.length);
  while (i < format.length) {
    const k = keys.find((t) => format.startsWith(t, i));
    if (k !== undefined) {
      out += TOKENS[k];
      i += k.length;
    } else {
      out += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return out;
}

/**
 * Whether a format is one {@link compileTimeFormat} understands (a pattern needs a year, month and day).
 *
 * @example
 * isValidTimeFormat('YYYY-MM-DD HH:mm') // true
 * isValidTimeFormat('HH:mm') // false
 */
export function isValidTimeFormat(format: string): boolean {
  if (format === 'iso8601' || format === 'epoch_ms' || format === 'epoch_s') return true;
  if (!(/(YYYY|YY)/.test(format) && /M/.test(format) && /D/.test(format))) return false;
  try {
    new RegExp(compilePattern(format));
    return true;
  } catch {
    return false; // a token used twice
  }
}
