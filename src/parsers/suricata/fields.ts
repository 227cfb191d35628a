type Rec = Record<string, unknown>;

/**
 * A plain-object view of `v`, or `undefined`.
 *
 * @example
 * obj({ a: 1 }) // { a: 1 }
 */
export function obj(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

/**
 * A non-empty string field.
 *
 * @example
 * str({ a: 'x' }, 'a') // 'x'
 */
export function str(r: Rec, k: string): string | undefined {
  const v = r[k];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * A finite number field; numeric strings count (`"status":"200"` in older EVE).
 *
 * @example
 * num({ status: '200' }, 'status') // 200
 */
export function num(r: Rec, k: string): number | undefined {
  const v = r[k];
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length > 0 && v.length < 20) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Copy the fields whose values are defined.
 *
 * @example
 * defined({ a: 1, b: undefined }) // { a: 1 }
 */
export function defined<T extends Rec>(o: T): Partial<T> {
  const out: Rec = {};
  for (const k of Object.keys(o)) if (o[k] !== undefined) out[k] = o[k];
  return out as Partial<T>;
}
