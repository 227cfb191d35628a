import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { recordWhere } from './where.js';

/** A JSON object's fields, loosely typed for mapping. */
export type Obj = Record<string, unknown>;

/**
 * The record parsed as a JSON object, or a ParseError naming the record's place.
 *
 * @example
 * objectOf({ data: '{"a":1}', source: 'f', receivedAt: 0 }).a // 1
 */
export function objectOf(record: RawRecord): Obj {
  let v: unknown;
  try {
    v = JSON.parse(record.data);
  } catch (err) {
    throw new ParseError(`not JSON: ${(err as Error).message}`, recordWhere(record));
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ParseError('expected a JSON object', recordWhere(record));
  return v as Obj;
}

/**
 * A nested object field (`{}` when absent or not an object).
 *
 * @example
 * obj({ a: { b: 1 } }, 'a').b // 1
 */
export function obj(o: Obj | undefined, key: string): Obj {
  const v = o?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

/**
 * A non-empty string field, or undefined (numbers are turned into strings).
 *
 * @example
 * str({ a: 'x', b: '' }, 'a') // 'x'
 */
export function str(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key];
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * A field holding a time, as ISO 8601 UTC; a time without a zone is read as UTC (the services
 * below all log UTC). ParseError when absent or unreadable.
 *
 * @example
 * isoTime({ t: '2020-03-13T19:15:41.6195833Z' }, 't', 'x') // '2020-03-13T19:15:41.619Z'
 */
export function isoTime(o: Obj, key: string, where: string): string {
  const s = str(o, key);
  if (s === undefined) throw new ParseError(`missing time field "${key}"`, where);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`;
  const ms = Date.parse(zoned);
  if (!Number.isFinite(ms)) throw new ParseError(`unreadable time "${key}": ${s.slice(0, 40)}`, where);
  return new Date(ms).toISOString();
}

/**
 * Share (0..1) of the non-empty sample lines that are JSON objects passing `test`.
 *
 * @example
 * sniffJsonObjects(['{"eventType":"user.session.start"}'], (o) => 'eventType' in o) // 1
 */
export function sniffJsonObjects(lines: string[], test: (o: Obj) => boolean): number {
  let seen = 0;
  let ok = 0;
  for (const line of lines.slice(0, 50)) {
    const t = line.trim();
    if (t.length === 0) continue;
    seen++;
    if (t.charCodeAt(0) !== 123) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && test(v as Obj)) ok++;
    } catch {
      // Not JSON: counts against the score.
    }
  }
  return seen === 0 ? 0 : ok / seen;
}
