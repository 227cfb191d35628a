import { setOwn } from '../common/own-property.js';

/** Deeper objects are left as they are: ECS documents are shallow, and this bounds recursion. */
const MAX_DEPTH = 16;

type Obj = Record<string, unknown>;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Path segments that must never be used as property names on the way down. */
function isUnsafeSegment(k: string): boolean {
  return k === '__proto__' || k === 'constructor' || k === 'prototype' || k === '';
}

function own(obj: Obj, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Merge `value` into `obj[key]`: objects merge key by key (to a bounded depth), anything else replaces. */
function put(obj: Obj, key: string, value: unknown, depth = 0): void {
  const existing = own(obj, key);
  if (depth < MAX_DEPTH && isPlainObject(existing) && isPlainObject(value)) {
    for (const k of Object.keys(value)) put(existing, k, value[k], depth + 1);
  } else {
    setOwn(obj, key, value);
  }
}

/** Place `value` at the dotted `key` inside `out`; false when a scalar is in the way. */
function putPath(out: Obj, key: string, value: unknown): boolean {
  const parts = key.split('.');
  if (parts.some(isUnsafeSegment)) return false;
  let cur = out;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    const next = own(cur, k);
    if (next === undefined) {
      const fresh: Obj = {};
      cur[k] = fresh;
      cur = fresh;
    } else if (isPlainObject(next)) {
      cur = next;
    } else {
      return false;
    }
  }
  const last = parts[parts.length - 1]!;
  const existing = own(cur, last);
  if (existing !== undefined && !(isPlainObject(existing) && isPlainObject(value))) return false;
  put(cur, last, value);
  return true;
}

function expand(obj: Obj, depth: number): Obj {
  let dotted = false;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    const v = obj[k];
    if (depth < MAX_DEPTH && isPlainObject(v)) obj[k] = expand(v, depth + 1);
    if (k.indexOf('.') >= 0) dotted = true;
  }
  if (!dotted) return obj;
  // Nested keys first, so dotted keys merge into them whatever the key order.
  const out: Obj = {};
  const flat: string[] = [];
  for (const k of Object.keys(obj)) {
    if (k.indexOf('.') >= 0) flat.push(k);
    else put(out, k, obj[k]);
  }
  for (const k of flat) {
    // A path blocked by a scalar (`{"a": 1, "a.b": 2}`) keeps its flat key: nothing is lost.
    if (!putPath(out, k, obj[k])) setOwn(out, k, obj[k]);
  }
  return out;
}

/**
 * Expand flat dotted keys into nested objects, at every level: `{"source.ip": "1.2.3.4"}`
 * becomes `{ source: { ip: "1.2.3.4" } }` and merges with a `source` object already there.
 * A key whose path is blocked by a non-object value, or that names `__proto__`,
 * `constructor` or `prototype`, stays flat as it was. May reuse and modify `obj`.
 *
 * @example
 * expandDottedKeys({ 'source.ip': '1.2.3.4', source: { port: 22 } }) // { source: { port: 22, ip: '1.2.3.4' } }
 */
export function expandDottedKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return expand(obj, 0);
}
