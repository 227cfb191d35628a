import { isIP } from 'node:net';
import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';
import type { FIELD_TYPES, TIMESTAMP_FORMATS } from './config.js';

/**
 * Why a value did not convert; the parser turns it into a ParseError naming the field.
 *
 * @example
 * throw new ConvertError('expected a number, got "abc"');
 */
export class ConvertError extends Error {}

/** The ECMAScript time range (±100,000,000 days around 1970). */
const MAX_EPOCH_MS = 8.64e15;
const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'f']);

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Convert a source value to a field type; throws {@link ConvertError} when it cannot.
 *
 * @example
 * convert('42', 'integer', (l) => l) // 42
 * convert('::ffff:10.0.0.1', 'ip', (l) => l) // '::ffff:10.0.0.1'
 */
export function convert(v: unknown, type: (typeof FIELD_TYPES)[number] | undefined, toUtc: ZoneResolver): unknown {
  switch (type) {
    case undefined:
      return v;
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
      throw new ConvertError(`expected text, got ${show(v)}`);
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'number':
    case 'integer': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) throw new ConvertError(`expected ${type === 'integer' ? 'an integer' : 'a number'}, got ${show(v)}`);
      if (type === 'integer' && !Number.isSafeInteger(n)) throw new ConvertError(`expected an integer, got ${show(v)}`);
      return n;
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      throw new ConvertError(`expected true/false, got ${show(v)}`);
    }
    case 'ip': {
      const s = typeof v === 'string' ? v.trim().replace(/^\[|\]$/g, '') : '';
      if (isIP(s) === 0) throw new ConvertError(`expected an IP address, got ${show(v)}`);
      return s;
    }
    case 'timestamp':
      return readTimestamp(v, 'auto', toUtc);
    case 'keyword_list':
      if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
      if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      throw new ConvertError(`expected a list of strings or a comma-separated string, got ${show(v)}`);
  }
}

/**
 * `@timestamp` (ISO 8601 UTC with ms) from a source value in a format; throws
 * {@link ConvertError}. `auto` takes ISO strings and epoch numbers, whose unit is guessed by
 * magnitude (below 1e11 seconds, below 1e14 ms, below 1e17 µs, else ns: unambiguous for
 * 1973–5138).
 *
 * @example
 * readTimestamp(1767607200, 'auto', (l) => l) // '2026-01-05T10:00:00.000Z'
 * readTimestamp('2026-01-05 11:00:00', 'iso', zoneResolver('Europe/Berlin')) // '2026-01-05T10:00:00.000Z'
 */
export function readTimestamp(v: unknown, format: (typeof TIMESTAMP_FORMATS)[number], toUtc: ZoneResolver): string {
  let ms: number;
  const numeric = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
  if (format === 'iso' || (format === 'auto' && numeric === undefined)) {
    if (typeof v !== 'string') throw new ConvertError(`expected an ISO 8601 date-time, got ${show(v)}`);
    const s = v.trim();
    const t = parseIso8601(s, 0);
    if (!t || t.end !== s.length) throw new ConvertError(`expected an ISO 8601 date-time, got ${show(v)}`);
    ms = t.offsetMs === undefined ? toUtc(t.localMs) : t.localMs - t.offsetMs;
  } else {
    if (numeric === undefined || !Number.isFinite(numeric)) throw new ConvertError(`expected an epoch number (${format}), got ${show(v)}`);
    const unit = format === 'auto' ? autoUnit(numeric) : format;
    ms = unit === 'epoch_s' ? numeric * 1000 : unit === 'epoch_ms' ? numeric : unit === 'epoch_us' ? numeric / 1000 : numeric / 1e6;
    ms = Math.floor(ms);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) throw new ConvertError(`time out of range: ${show(v)}`);
  return new Date(ms).toISOString();
}

function autoUnit(n: number): 'epoch_s' | 'epoch_ms' | 'epoch_us' | 'epoch_ns' {
  const a = Math.abs(n);
  return a < 1e11 ? 'epoch_s' : a < 1e14 ? 'epoch_ms' : a < 1e17 ? 'epoch_us' : 'epoch_ns';
}
