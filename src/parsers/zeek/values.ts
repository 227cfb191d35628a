import type { Endpoint } from '../../core/event.js';

type Rec = Record<string, unknown>;

/**
 * A field as a string (`undefined` when absent or not text).
 *
 * @example
 * str({ a: 'x' }, 'a') // 'x'
 */
export function str(r: Rec, k: string): string | undefined {
  const v = r[k];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * A field as a finite number; numeric strings count (JSON writers and header-less TSV).
 *
 * @example
 * num({ a: '3' }, 'a') // 3
 */
export function num(r: Rec, k: string): number | undefined {
  const v = r[k];
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length > 0) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * A field as a boolean (`T`/`F` strings count).
 *
 * @example
 * bool({ a: 'T' }, 'a') // true
 */
export function bool(r: Rec, k: string): boolean | undefined {
  const v = r[k];
  if (typeof v === 'boolean') return v;
  if (v === 'T') return true;
  if (v === 'F') return false;
  return undefined;
}

/**
 * A field as a list of strings; a single string becomes a one-element list.
 *
 * @example
 * list({ a: ['x', 1] }, 'a') // ['x', '1']
 */
export function list(r: Rec, k: string): string[] | undefined {
  const v = r[k];
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(String);
  if (typeof v === 'string' && v.length > 0) return [v];
  return undefined;
}

/**
 * An endpoint from an address and port field, or `undefined` when neither is there.
 *
 * @example
 * endpoint({ 'id.orig_h': '10.0.0.1', 'id.orig_p': 5353 }, 'id.orig_h', 'id.orig_p') // { ip: '10.0.0.1', port: 5353 }
 */
export function endpoint(r: Rec, ipKey: string, portKey: string): Endpoint | undefined {
  const ip = str(r, ipKey);
  const port = num(r, portKey);
  if (ip === undefined && port === undefined) return undefined;
  const e: Endpoint = {};
  if (ip !== undefined) e.ip = ip;
  if (port !== undefined) e.port = port;
  return e;
}

/**
 * Seconds (Zeek `interval`) → ECS `event.duration` nanoseconds.
 *
 * @example
 * secondsToNanos(0.027648) // 27648000
 */
export function secondsToNanos(s: number): number {
  return Math.round(s * 1e9);
}
