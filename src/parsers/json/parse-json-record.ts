import type { ParsedEvent } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { checkJsonDepth } from '../common/bounded-json.js';
import { recordWhere } from '../common/where.js';
import { expandDottedKeys } from './expand-dotted.js';
import { describeJsonError } from './json-error.js';
import { normaliseTimestamp } from './timestamp.js';

type Obj = Record<string, unknown>;

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `event.category`/`event.type` as arrays of strings (ECS allows a single value; consumers call `.includes`). */
function normaliseKeywordList(event: Obj, field: string, where: string): void {
  const v = event[field];
  if (v === undefined) return;
  if (typeof v === 'string') event[field] = [v];
  else if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new ParseError(`event.${field} must be a string or an array of strings, got ${kindOf(v)}`, where);
  }
}

/**
 * One JSON object → one event. After dotted keys are expanded, an object with `@timestamp`
 * or an `event` object is taken as ECS and kept as it is, with `@timestamp` normalised
 * (epoch ms or ISO 8601; the receive time when absent) and `event.kind`/`event.module`
 * defaulted to `event`/`json`. Any other object is kept whole under `raw`, with `message`
 * (or `msg`) copied when it is a string, and stamped with the receive time.
 *
 * @example
 * parseJsonRecord({ data: '{"@timestamp":1767607200000,"source.ip":"1.2.3.4"}', source: 'http', receivedAt: 0 })
 * // [{ '@timestamp': '2026-01-05T10:00:00.000Z', source: { ip: '1.2.3.4' }, event: { kind: 'event', module: 'json' } }]
 */
export function parseJsonRecord(record: RawRecord): ParsedEvent[] {
  let text = record.data;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) throw new ParseError('empty record', recordWhere(record));
  checkJsonDepth(text, recordWhere(record));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ParseError(describeJsonError(text, err), recordWhere(record));
  }
  if (!isPlainObject(value)) {
    throw new ParseError(`expected a JSON object, got ${kindOf(value)}`, recordWhere(record));
  }
  const obj = expandDottedKeys(value);
  const event = obj.event;
  const ecs = Object.hasOwn(obj, '@timestamp') || isPlainObject(event);
  if (!ecs) {
    const out: ParsedEvent = {
      '@timestamp': new Date(record.receivedAt).toISOString(),
      event: { kind: 'event', module: 'json' },
      raw: obj,
    };
    const message = typeof obj.message === 'string' ? obj.message : obj.msg;
    if (typeof message === 'string') out.message = message;
    return [out];
  }

  const where = recordWhere(record);
  if (event !== undefined && !isPlainObject(event)) {
    throw new ParseError(`field "event" must be an object, got ${kindOf(event)}`, where);
  }
  const ev: Obj = event ?? {};
  ev.kind ??= 'event';
  ev.module ??= 'json';
  normaliseKeywordList(ev, 'category', where);
  normaliseKeywordList(ev, 'type', where);
  obj.event = ev;
  const given = obj['@timestamp'];
  if (given === undefined) {
    obj['@timestamp'] = new Date(record.receivedAt).toISOString();
  } else {
    const iso = normaliseTimestamp(given);
    if (iso === undefined) {
      const shown = typeof given === 'string' ? `"${given.length > 40 ? `${given.slice(0, 40)}…` : given}"` : kindOf(given);
      throw new ParseError(`unparseable @timestamp ${shown}: expected epoch milliseconds or an ISO 8601 date-time`, where);
    }
    obj['@timestamp'] = iso;
  }
  return [obj as ParsedEvent];
}
