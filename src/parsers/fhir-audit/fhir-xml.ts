import { setOwn } from '../common/own-property.js';
import { readXml, type XmlElement } from './xml.js';

/** FHIR JSON-like value produced from XML. */
type Json = string | JsonObject | Json[];
interface JsonObject {
  [k: string]: Json;
}

const isResourceName = (name: string): boolean => /^[A-Z]/.test(name);

/**
 * Convert one FHIR XML element to the FHIR JSON shape closely enough for Wardwatch's readers:
 * a primitive element (`<x value="v"/>`) becomes the string `v`; a resource element becomes an
 * object with `resourceType`; a wrapper holding one resource (`<resource>`, `<contained>`)
 * becomes that resource; repeated elements become arrays, single ones stay single (readers
 * accept both, see `fhir-node.ts`). XHTML narrative (`<div>`) is dropped: it is free text that
 * may hold PHI and Wardwatch reads no field from it.
 *
 * @example
 * fhirXmlToJson(readXml('<Patient xmlns="http://hl7.org/fhir"><id value="1"/></Patient>')) // { resourceType: 'Patient', id: '1' }
 */
export function fhirXmlToJson(el: XmlElement): Json {
  const kids = el.children.filter((c) => c.name !== 'div');
  if (kids.length === 0 && el.attrs.value !== undefined && !isResourceName(el.name)) return el.attrs.value;
  if (!isResourceName(el.name) && kids.length === 1 && el.attrs.value === undefined && isResourceName(kids[0]!.name)) {
    return fhirXmlToJson(kids[0]!);
  }
  const out: JsonObject = {};
  if (isResourceName(el.name)) out.resourceType = el.name;
  for (const [k, v] of Object.entries(el.attrs)) if (k !== 'schemaLocation') setOwn(out, k, v);
  for (const c of kids) {
    const v = fhirXmlToJson(c);
    const prev = Object.hasOwn(out, c.name) ? out[c.name] : undefined;
    if (prev === undefined) setOwn(out, c.name, v);
    else if (Array.isArray(prev)) prev.push(v);
    else setOwn(out, c.name, [prev, v]);
  }
  return out;
}

/**
 * Read a FHIR XML document into FHIR-JSON-shaped data.
 *
 * @example
 * readFhirXml('<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/></Bundle>') // { resourceType: 'Bundle', type: 'collection' }
 */
export function readFhirXml(text: string): unknown {
  return fhirXmlToJson(readXml(text));
}
