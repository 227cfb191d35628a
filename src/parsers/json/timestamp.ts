import { parseIso8601 } from '../common/iso8601.js';

/** The ECMAScript time range (±100,000,000 days around 1970). */
const MAX_EPOCH_MS = 8.64e15;

/**
 * `@timestamp` as ISO 8601 UTC with milliseconds, from epoch milliseconds (a number) or an
 * ISO 8601 string (a zone-less one is taken as UTC). `undefined` when it is neither.
 *
 * @example
 * normaliseTimestamp(1767607200000) // '2026-01-05T10:00:00.000Z'
 * normaliseTimestamp('2026-01-05T11:00:00+01:00') // '2026-01-05T10:00:00.000Z'
 * normaliseTimestamp('yesterday') // undefined
 */
export function normaliseTimestamp(v: unknown): string | undefined {
  let ms: number;
  if (typeof v === 'number') {
    ms = Math.trunc(v);
  } else if (typeof v === 'string') {
    const ts = parseIso8601(v, 0);
    if (ts === undefined || ts.end !== v.length) return undefined;
    ms = ts.localMs - (ts.offsetMs ?? 0);
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) return undefined;
  return new Date(ms).toISOString();
}
