import { z } from 'zod';
import { WardError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parse a duration like `90s`, `5m`, `1h30m`, `7d` (or a number of milliseconds).
 *
 * @example
 * parseDuration('5m') // 300000
 */
export function parseDuration(v: string | number, where?: string): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v) && v >= 0) return v;
    throw new WardError('config.invalid', `duration must be a non-negative number, got ${v}`, where);
  }
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== v.length) {
    throw new WardError('config.invalid', `expected a duration like "90s", "5m", "1h" or "7d", got "${v}"`, where);
  }
  return total;
}

/** Render milliseconds the way people say it: `5 minutes`, `1 hour`, `90 seconds`. */
export function humanDuration(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} minutes`;
  return `${(ms / 1000).toFixed(ms < 1000 ? 3 : 1)} seconds`;
}

/**
 * A config field holding a duration (`"5m"`, or milliseconds), checked and turned into
 * milliseconds when the config loads; `def` is used when the field is absent.
 *
 * @example
 * z.object({ window: durationField('5m') }).parse({}) // { window: 300000 }
 */
export const durationField = (def: string) =>
  z.union([z.string(), z.number()]).default(def).transform((v, ctx) => {
    try {
      return parseDuration(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
