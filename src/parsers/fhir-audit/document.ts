import { ParseError } from '../../core/errors.js';
import { readFhirXml } from './fhir-xml.js';
import { list, obj, prop, str, type FhirObject } from './fhir-node.js';
import { XmlError } from './xml.js';
import { checkJsonDepth } from '../common/bounded-json.js';

/**
 * Why JSON text failed, by position only: V8's own messages quote the text, which may be PHI.
 *
 * @example
 * jsonProblem('{"a":', new SyntaxError('Unexpected end of JSON input')) // 'invalid JSON (unexpected end)'
 */
function jsonProblem(err: unknown): string {
  const m = err instanceof Error ? err.message : '';
  const pos = /position (\d+)/.exec(m);
  if (pos) return `invalid JSON at offset ${pos[1]}`;
  return /end of (JSON )?input/i.test(m) ? 'invalid JSON (unexpected end)' : 'invalid JSON';
}

/**
 * Read a FHIR document — JSON or XML (by first character), a single resource, or NDJSON (one
 * resource per line, as FHIR bulk export writes) — into its top-level resources. Bundles are
 * returned as they are (see {@link bundleResources}). Errors name the line or offset, never text.
 *
 * @example
 * readFhirDocument('{"resourceType":"AuditEvent"}') // [{ resourceType: 'AuditEvent' }]
 */
export function readFhirDocument(text: string, where?: string): FhirObject[] {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  t = t.trim();
  if (t === '') throw new ParseError('empty document', where);
  if (t.startsWith('<')) {
    let v: unknown;
    try {
      v = readFhirXml(t);
    } catch (err) {
      if (err instanceof XmlError) throw new ParseError(`invalid XML: ${err.message}`, where);
      throw err;
    }
    const o = obj(v);
    if (o === undefined || typeof o.resourceType !== 'string') throw new ParseError('XML root is not a FHIR resource', where);
    return [o];
  }
  if (!t.startsWith('{') && !t.startsWith('[')) throw new ParseError('not a FHIR JSON or XML document', where);
  checkJsonDepth(t, where);
  try {
    return asResources(JSON.parse(t), where);
  } catch (err) {
    if (err instanceof ParseError) throw err;
    if (!t.includes('\n')) throw new ParseError(jsonProblem(err), where);
  }
  // NDJSON: one resource per line.
  const out: FhirObject[] = [];
  t.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new ParseError(`NDJSON line ${i + 1}: ${jsonProblem(err)}`, where);
    }
    out.push(...asResources(v, where));
  });
  return out;
}

function asResources(v: unknown, where?: string): FhirObject[] {
  const items = Array.isArray(v) ? v : [v];
  return items.map((item) => {
    const o = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as FhirObject) : undefined;
    if (o === undefined || typeof o.resourceType !== 'string') throw new ParseError('JSON is not a FHIR resource (no resourceType)', where);
    return o;
  });
}

/**
 * The resources of a Bundle's entries (nested Bundles flattened), or the resource itself.
 *
 * @example
 * bundleResources({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient' } }] }) // [{ resourceType: 'Patient' }]
 */
export function bundleResources(r: FhirObject, depth = 0): FhirObject[] {
  if (str(r.resourceType) !== 'Bundle') return [r];
  if (depth > 4) return [];
  const out: FhirObject[] = [];
  for (const e of list(prop(r, 'entry'))) {
    const res = obj(prop(obj(e), 'resource'));
    if (res !== undefined && typeof res.resourceType === 'string') out.push(...bundleResources(res, depth + 1));
  }
  return out;
}
