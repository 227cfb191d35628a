import type { ParsedEvent, Parser } from '../../core/components.js';
import { jsonOf } from '../common/json-record.js';
import { ParseError, WardError } from '../../core/errors.js';
import { setField } from '../../core/event.js';
import type { RawRecord } from '../../core/record.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import type { FIELD_TYPES, MappedConfig } from './config.js';
import { convert, ConvertError, readTimestamp } from './convert.js';

/** A mapping compiled at load: the source path split once, the target path kept whole. */
interface CompiledField {
  target: string;
  source: string;
  segments: string[];
  type: (typeof FIELD_TYPES)[number] | undefined;
  default: unknown;
  required: boolean;
}

/**
 * Read a source path: nested segments first (`a.b.c` in `{a:{b:{c}}}`, numeric segments
 * index arrays), then the whole path as one flat key (`{"a.b.c": …}`). Own properties only.
 *
 * @example
 * lookup({ a: [{ b: 1 }] }, ['a', '0', 'b'], 'a.0.b') // 1
 * lookup({ 'a.b': 2 }, ['a', 'b'], 'a.b') // 2
 */
export function lookup(obj: Record<string, unknown>, segments: string[], whole: string): unknown {
  let cur: unknown = obj;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, s)) {
      cur = undefined;
      break;
    }
    cur = (cur as Record<string, unknown>)[s];
  }
  if (cur === undefined && segments.length > 1 && Object.hasOwn(obj, whole)) return obj[whole];
  return cur;
}

/**
 * Build the `mapped` parser from a validated config: a record is one JSON object (an
 * NDJSON line) or an array of objects (one event each). Missing optional fields are left
 * out; a value that does not convert, a missing required field or an unreadable timestamp
 * is a {@link ParseError} naming the target, the source path and the value.
 *
 * @example
 * const p = createMappedParser(mappedConfig.parse({ mappings: { 'user.name': 'who' }, timestamp: { path: 'at' } }));
 * p.parse({ data: '{"who":"alice","at":"2026-01-05T10:00:00Z"}', source: 'http', receivedAt: Date.now() });
 */
export function createMappedParser(cfg: MappedConfig, name = 'mapped'): Parser {
  const fields: CompiledField[] = Object.entries(cfg.mappings).map(([target, spec]) => {
    const s = typeof spec === 'string' ? { path: spec, type: undefined, default: undefined, required: false } : spec;
    return { target, source: s.path, segments: s.path.split('.'), type: s.type, default: s.default, required: s.required };
  });
  if (fields.length === 0 && Object.keys(cfg.static).length === 0) {
    throw new WardError('config.invalid', `the ${name} parser needs at least one entry under "mappings" (target ECS field: source path)`, `parsers.${name}.mappings`);
  }
  const ts = cfg.timestamp;
  const tsSegments = ts?.path.split('.') ?? [];
  const toUtcTs = zoneResolver(ts?.timezone ?? 'UTC');
  const toUtc = zoneResolver('UTC');
  const staticEntries = Object.entries(cfg.static);
  const eventBase = { kind: cfg.kind, module: cfg.module ?? name, ...(cfg.dataset ? { dataset: cfg.dataset } : {}), ...(cfg.category ? { category: cfg.category } : {}) };

  const mapOne = (obj: Record<string, unknown>, record: RawRecord, where: string): ParsedEvent => {
    let timestamp: string;
    if (ts) {
      const v = lookup(obj, tsSegments, ts.path);
      if (v === undefined || v === null || v === '') {
        if (ts.onMissing === 'error') throw new ParseError(`timestamp missing: no value at "${ts.path}"`, where);
        timestamp = new Date(record.receivedAt).toISOString();
      } else {
        try {
          timestamp = readTimestamp(v, ts.format, toUtcTs);
        } catch (err) {
          if (!(err instanceof ConvertError)) throw err;
          if (ts.onMissing === 'received') timestamp = new Date(record.receivedAt).toISOString();
          else throw new ParseError(`@timestamp from "${ts.path}": ${err.message}`, where);
        }
      }
    } else {
      timestamp = new Date(record.receivedAt).toISOString();
    }
    const ev: Record<string, unknown> = { '@timestamp': timestamp, event: { ...eventBase, ...(eventBase.category ? { category: [...eventBase.category] } : {}) } };
    for (const [target, value] of staticEntries) setField(ev, target, Array.isArray(value) ? [...value] : value);
    for (const f of fields) {
      let v = lookup(obj, f.segments, f.source);
      if (v === undefined || v === null) {
        if (f.default !== undefined) setField(ev, f.target, Array.isArray(f.default) ? [...f.default] : f.default);
        else if (f.required) throw new ParseError(`required field "${f.target}" missing: no value at "${f.source}"`, where);
        continue;
      }
      try {
        v = convert(v, f.type, toUtc);
      } catch (err) {
        if (err instanceof ConvertError) throw new ParseError(`field "${f.target}" from "${f.source}": ${err.message}`, where);
        throw err;
      }
      setField(ev, f.target, v);
    }
    if (cfg.keepRaw) ev.raw = obj;
    return ev as unknown as ParsedEvent;
  };

  return {
    name,
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      const value = jsonOf(record, where);
      const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
      if (isObj(value)) return [mapOne(value, record, where)];
      if (Array.isArray(value)) {
        return value.map((item, i) => {
          if (!isObj(item)) throw new ParseError(`element ${i} of the JSON array is not an object`, where);
          return mapOne(item, record, `${where}[${i}]`);
        });
      }
      throw new ParseError(`expected a JSON object (or an array of objects), got ${value === null ? 'null' : typeof value}`, where);
    },
  };
}
