/**
 * Readers over FHIR resources that accept both FHIR JSON and the JSON-like shape produced from
 * FHIR XML (`fhir-xml.ts`): single values and arrays, primitives and `{ value }` objects.
 */

/**
 * A FHIR resource or element as parsed data.
 *
 * @example
 * const r: FhirObject = { resourceType: 'AuditEvent', action: 'R' };
 */
export type FhirObject = Record<string, unknown>;

/**
 * A FHIR Coding reduced to what Wardwatch reads.
 *
 * @example
 * const c: Coding = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT' };
 */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

/**
 * The value as a list: arrays as they are, `undefined` as empty, anything else as one element.
 *
 * @example
 * list(undefined) // []
 * list({ a: 1 }) // [{ a: 1 }]
 */
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/**
 * The value as an object, or `undefined` (a list gives its first object).
 *
 * @example
 * obj([{ a: 1 }]) // { a: 1 }
 */
export function obj(v: unknown): FhirObject | undefined {
  if (Array.isArray(v)) return obj(v[0]);
  return typeof v === 'object' && v !== null ? (v as FhirObject) : undefined;
}

/**
 * An own property (never the prototype's).
 *
 * @example
 * prop({ a: 1 }, 'a') // 1
 * prop({}, 'constructor') // undefined
 */
export function prop(o: FhirObject | undefined, key: string): unknown {
  return o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * A primitive as a trimmed string: strings, numbers, booleans, or the `value` of a primitive
 * element that carries extensions. Empty strings are `undefined`.
 *
 * @example
 * str({ value: 'x', extension: [] }) // 'x'
 * str(true) // 'true'
 */
export function str(v: unknown): string | undefined {
  if (Array.isArray(v)) return str(v[0]);
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null && Object.hasOwn(v, 'value')) return str((v as FhirObject).value);
  return undefined;
}

/**
 * A path of own properties, taking the first element of any list on the way.
 *
 * @example
 * at({ who: { identifier: [{ value: '95' }] } }, 'who', 'identifier', 'value') // '95'
 */
export function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = prop(obj(cur), k);
  return cur;
}

/**
 * Every Coding in a CodeableConcept, a Coding, or a list of either (R5 `CodeableReference`'s
 * `concept` included).
 *
 * @example
 * codings({ coding: [{ system: 's', code: 'c' }] }) // [{ system: 's', code: 'c' }]
 */
export function codings(v: unknown): Coding[] {
  const out: Coding[] = [];
  for (const item of list(v)) {
    const o = obj(item);
    if (o === undefined) continue;
    if (Object.hasOwn(o, 'coding')) out.push(...codings(o.coding));
    else if (Object.hasOwn(o, 'concept')) out.push(...codings(o.concept));
    else if (Object.hasOwn(o, 'code') || Object.hasOwn(o, 'system')) {
      const c: Coding = {};
      const system = str(o.system);
      const code = str(o.code);
      const display = str(o.display);
      if (system !== undefined) c.system = system;
      if (code !== undefined) c.code = code;
      if (display !== undefined) c.display = display;
      out.push(c);
    }
  }
  return out;
}

/**
 * The `text` of CodeableConcepts (first non-empty).
 *
 * @example
 * conceptText([{ text: 'Emergency' }]) // 'Emergency'
 */
export function conceptText(v: unknown): string | undefined {
  for (const item of list(v)) {
    const t = str(prop(obj(item), 'text'));
    if (t !== undefined) return t;
  }
  return undefined;
}

/**
 * Split a reference (`Type/id`, `Type/id/_history/v`, an absolute URL ending so) into type and id.
 *
 * @example
 * splitReference('https://x/fhir/Observation/7/_history/2') // { type: 'Observation', id: '7' }
 * splitReference('#o1') // undefined
 */
export function splitReference(ref: string): { type: string; id: string } | undefined {
  const m = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(ref.trim());
  return m ? { type: m[1]!, id: m[2]! } : undefined;
}
