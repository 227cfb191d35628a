import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const MAX_EPOCH_MS = 8.64e15;

/**
 * Epoch ms of a telemetry time: an ISO 8601 string (zone-less ones in `toUtc`'s zone), or an
 * epoch number or numeric string in seconds, ms, µs or ns (guessed by magnitude). `undefined`
 * when it is none of these.
 *
 * @example
 * telemetryTime('2026-01-05T10:00:00Z', (l) => l) // 1767607200000
 * telemetryTime(1767607200, (l) => l) // 1767607200000
 */
export function telemetryTime(v: unknown, toUtc: ZoneResolver): number | undefined {
  let ms: number | undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
  if (n !== undefined) {
    const a = Math.abs(n);
    ms = Math.floor(a < 1e11 ? n * 1000 : a < 1e14 ? n : a < 1e17 ? n / 1000 : n / 1e6);
  } else if (typeof v === 'string') {
    const s = v.trim();
    const t = parseIso8601(s, 0);
    if (!t || t.end !== s.length) return undefined;
    ms = t.offsetMs === undefined ? toUtc(t.localMs) : t.localMs - t.offsetMs;
  }
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}

/**
 * Epoch ms of TON_IoT-style `date` (`25-Apr-19`) and `time` (` 19:19:40 `) columns, read in
 * `toUtc`'s zone; `undefined` when they do not read.
 *
 * @example
 * dateAndTime('25-Apr-19', ' 19:19:40 ', (l) => l) // Date.UTC(2019, 3, 25, 19, 19, 40)
 */
export function dateAndTime(date: unknown, time: unknown, toUtc: ZoneResolver): number | undefined {
  if (typeof date !== 'string' || typeof time !== 'string') return undefined;
  const d = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})\s*$/.exec(date);
  const t = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(time);
  if (!d || !t) return undefined;
  const month = MONTHS[d[2]!.toLowerCase()];
  if (month === undefined) return undefined;
  const year = d[3]!.length === 2 ? 2000 + Number(d[3]) : Number(d[3]);
  const [day, hh, mm, ss] = [Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  const local = Date.UTC(year, month, day, hh, mm, ss);
  if (new Date(local).getUTCDate() !== day) return undefined;
  return toUtc(local);
}
