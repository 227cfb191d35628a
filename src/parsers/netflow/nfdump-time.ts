import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';

/**
 * Epoch ms of an nfdump time: `2019-01-18 11:21:20[.123]` (CSV) or `2019-01-18T11:21:20.123` (JSON),
 * local time of the nfdump host without an offset (read via `toUtc`); an offset, when present, wins.
 * Epoch milliseconds as a number are taken as they are. `undefined` when unreadable.
 *
 * @example
 * nfdumpTime('2019-01-18 11:21:20.250', (l) => l) // Date.UTC(2019, 0, 18, 11, 21, 20, 250)
 */
export function nfdumpTime(v: unknown, toUtc: ZoneResolver): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 && v < 8.64e15 ? Math.trunc(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const t = parseIso8601(v.trim(), 0);
  if (t === undefined || t.end !== v.trim().length) return undefined;
  return t.offsetMs === undefined ? toUtc(t.localMs) : t.localMs - t.offsetMs;
}
