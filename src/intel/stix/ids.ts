import { createHash, randomUUID } from 'node:crypto';

/** The STIX 2.1 namespace for deterministic SCO ids (section 2.9). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/**
 * Wardwatch's own namespace for SDO/SRO ids derived from a stable key (e.g. an imported feed
 * entry), so a re-import produces the same id and updates instead of duplicating.
 * (UUIDv5 of "wardwatch.invalid" in the DNS namespace.)
 */
export const WARDWATCH_NAMESPACE = uuidv5('wardwatch.invalid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8');

/**
 * RFC 4122 version-5 (SHA-1, name-based) UUID.
 *
 * @example uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8') // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`bad namespace uuid: ${namespace}`);
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The properties that make up each SCO's deterministic id (STIX 2.1 section 6, "ID Contributing
 * Properties"); types not listed here have no deterministic id and get a random UUIDv4.
 */
const CONTRIBUTING: Record<string, string[]> = {
  'ipv4-addr': ['value'], 'ipv6-addr': ['value'], 'domain-name': ['value'], url: ['value'], 'email-addr': ['value'],
  'mac-addr': ['value'], 'autonomous-system': ['number'], mutex: ['name'], directory: ['path'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'], 'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'], 'x509-certificate': ['hashes', 'serial_number'], software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  'email-message': ['from_ref', 'subject', 'body'], 'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  artifact: ['hashes', 'payload_bin'],
};
/** Hash algorithms in the order the spec prefers when `hashes` contributes to an id. */
const HASH_ORDER = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/** JSON Canonicalization Scheme (RFC 8785) for the plain JSON values STIX uses. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/**
 * Deterministic id of a STIX Cyber-observable Object: UUIDv5 in the STIX namespace over the
 * canonical JSON of its ID-contributing properties (section 2.9). Falls back to UUIDv4 when the
 * type is unknown or none of its contributing properties are present, as the spec says.
 *
 * @example scoId({ type: 'ipv4-addr', value: '198.51.100.3' })
 */
export function scoId(sco: { type: string; [k: string]: unknown }): string {
  const props = CONTRIBUTING[sco.type];
  const picked: Record<string, unknown> = {};
  for (const p of props ?? []) {
    let v = sco[p];
    if (v === undefined) continue;
    if (p === 'hashes' && v && typeof v === 'object') {
      // Only one hash contributes: the first of the spec's preferred order present.
      const h = v as Record<string, unknown>;
      const alg = HASH_ORDER.find((a) => h[a] !== undefined) ?? Object.keys(h).sort()[0];
      v = alg === undefined ? undefined : { [alg]: h[alg] };
      if (v === undefined) continue;
    }
    picked[p] = v;
  }
  const uuid = Object.keys(picked).length ? uuidv5(canonicalJson(picked), STIX_SCO_NAMESPACE) : randomUUID();
  return `${sco.type}--${uuid}`;
}

/**
 * Deterministic id of an SDO or SRO from a stable key (e.g. `ipsum|203.0.113.7`):
 * the same key always gives the same id, so re-imports update rather than duplicate.
 *
 * @example sdoId('indicator', 'ipsum|203.0.113.7')
 */
export function sdoId(type: string, key: string): string {
  return `${type}--${uuidv5(`${type}|${key}`, WARDWATCH_NAMESPACE)}`;
}

/** The shape every STIX identifier has (`type--uuid`). */
export const STIX_ID_RE = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
