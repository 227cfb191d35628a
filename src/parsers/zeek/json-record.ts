import { ParseError } from '../../core/errors.js';
import { setOwn } from '../common/own-property.js';
import { checkJsonDepth } from '../common/bounded-json.js';

type Rec = Record<string, unknown>;

function isObject(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ id: { orig_h } }` → `{ 'id.orig_h' }`: Zeek writes dotted keys, some shippers nest them. */
function flatten(obj: Rec, prefix: string, out: Rec, depth: number): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (isObject(v) && depth < 4) flatten(v, `${prefix}${k}.`, out, depth + 1);
    else setOwn(out, prefix + k, v);
  }
}

/**
 * One Zeek JSON line → a flat record with Zeek's dotted names. Invalid JSON or a non-object
 * throws {@link ParseError}.
 *
 * @example
 * readJsonRecord('{"ts":1.5,"id.orig_h":"10.0.0.1"}') // { ts: 1.5, 'id.orig_h': '10.0.0.1' }
 */
export function readJsonRecord(line: string): Rec {
  checkJsonDepth(line);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new ParseError(`invalid Zeek JSON: ${err instanceof Error ? err.message.slice(0, 120) : String(err)}`);
  }
  if (!isObject(value)) throw new ParseError(`expected a Zeek JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  for (const k in value) {
    if (isObject(value[k])) {
      const out: Rec = {};
      flatten(value, '', out, 0);
      return out;
    }
  }
  return value;
}
