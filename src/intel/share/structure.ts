import type { StixProblem } from '../stix/validate.js';

/** `<type>--<uuid>` (RFC 4122 variant, any version; hex in either case, as the official schemas accept) — STIX 2.1 section 2.9. */
const ID = /^([a-z][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
/** STIX timestamps: RFC 3339, UTC (`Z`), optional fraction (section 3.2). */
const TS = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const SCO = new Set(['artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate']);
const SMO = new Set(['marking-definition', 'extension-definition', 'language-content']);

/** Required properties beyond the common ones, per type (STIX 2.1 sections 4–7). */
const REQUIRED: Record<string, string[]> = {
  'attack-pattern': ['name'], campaign: ['name'], 'course-of-action': ['name'], grouping: ['context', 'object_refs'],
  identity: ['name'], incident: ['name'], indicator: ['pattern', 'pattern_type', 'valid_from'], infrastructure: ['name'],
  'intrusion-set': ['name'], location: [], malware: ['is_family'], 'malware-analysis': ['product'], note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'], opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'], 'threat-actor': ['name'], tool: ['name'], vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'], sighting: ['sighting_of_ref'],
  'domain-name': ['value'], 'ipv4-addr': ['value'], 'ipv6-addr': ['value'], url: ['value'], 'email-addr': ['value'], 'mac-addr': ['value'],
};
const TIMESTAMPS = ['created', 'modified', 'valid_from', 'valid_until', 'first_seen', 'last_seen', 'first_observed', 'last_observed', 'published'];

/**
 * Structural checks of STIX 2.1 that hold without the JSON Schemas: `type`, an id of the form
 * `<type>--<uuid>`, `spec_version` `2.1`, `created`/`modified` on SDOs and SROs (and `modified` ≥
 * `created`), each type's required properties, RFC 3339 UTC timestamps, time windows in order,
 * counts in range, and — with `closed` — every `*_ref(s)` pointing at an object in the bundle.
 * The schema validator (validate.ts) checks more; this one also catches what schemas cannot
 * (order of timestamps, dangling references).
 *
 * @example checkStructure(bundle, { closed: true }) // [] or [{ object: 'indicator--…', path: '/valid_from', message: '…' }]
 */
export function checkStructure(bundle: unknown, opts: { closed?: boolean } = {}): StixProblem[] {
  const out: StixProblem[] = [];
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) return [{ object: '(bundle)', path: '', message: 'a bundle must be a JSON object' }];
  const b = bundle as Record<string, unknown>;
  const bid = typeof b.id === 'string' ? b.id : '(bundle)';
  if (b.type !== 'bundle') out.push({ object: bid, path: '/type', message: 'must be "bundle"' });
  if (typeof b.id !== 'string' || !ID.test(b.id) || !b.id.startsWith('bundle--')) out.push({ object: bid, path: '/id', message: 'must be "bundle--<uuid>"' });
  if ('spec_version' in b) out.push({ object: bid, path: '/spec_version', message: 'a STIX 2.1 bundle has no spec_version (2.0 bundles do)' });
  if (!Array.isArray(b.objects)) {
    out.push({ object: bid, path: '/objects', message: 'must be an array' });
    return out;
  }
  const ids = new Set<string>();
  for (const o of b.objects) if (o && typeof o === 'object' && typeof (o as { id?: unknown }).id === 'string') ids.add((o as { id: string }).id);
  for (const raw of b.objects) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      out.push({ object: bid, path: '/objects', message: 'every object must be a JSON object' });
      continue;
    }
    const o = raw as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : '(no id)';
    const p = (path: string, message: string) => out.push({ object: id, path, message });
    if (typeof o.type !== 'string' || !/^[a-z][a-z0-9-]{1,248}[a-z0-9]$/.test(o.type)) {
      p('/type', 'must be a lower-case type name');
      continue;
    }
    const m = typeof o.id === 'string' ? ID.exec(o.id) : null;
    if (!m || m[1] !== o.type) p('/id', `must be "${o.type}--<uuid>"`);
    const sco = SCO.has(o.type);
    if (o.spec_version !== '2.1' && !(sco && o.spec_version === undefined)) p('/spec_version', 'must be "2.1"');
    if (!sco && o.type !== 'language-content' && o.type !== 'marking-definition' && o.type !== 'extension-definition') {
      for (const k of ['created', 'modified']) if (o[k] === undefined) p(`/${k}`, 'is required');
    }
    if (SMO.has(o.type) && o.created === undefined) p('/created', 'is required');
    for (const k of REQUIRED[o.type] ?? []) if (o[k] === undefined || o[k] === null || o[k] === '') p(`/${k}`, 'is required');
    for (const k of TIMESTAMPS) if (o[k] !== undefined && (typeof o[k] !== 'string' || !TS.test(o[k] as string))) p(`/${k}`, 'must be an RFC 3339 UTC timestamp (…Z)');
    const before = (a: string, z: string, strict: boolean) => {
      if (typeof o[a] === 'string' && typeof o[z] === 'string' && (strict ? Date.parse(o[z] as string) <= Date.parse(o[a] as string) : Date.parse(o[z] as string) < Date.parse(o[a] as string))) {
        p(`/${z}`, `must be ${strict ? 'later than' : 'no earlier than'} ${a}`);
      }
    };
    before('created', 'modified', false);
    before('valid_from', 'valid_until', true);
    before('first_seen', 'last_seen', false);
    before('first_observed', 'last_observed', false);
    for (const [k, lo] of [['count', 0], ['number_observed', 1]] as const) {
      if (o[k] !== undefined && (!Number.isInteger(o[k]) || (o[k] as number) < lo || (o[k] as number) > 999_999_999)) p(`/${k}`, `must be a whole number ${lo}..999999999`);
    }
    if (o.confidence !== undefined && (!Number.isInteger(o.confidence) || (o.confidence as number) < 0 || (o.confidence as number) > 100)) p('/confidence', 'must be 0..100');
    if (o.type === 'observed-data' && o.object_refs === undefined && o.objects === undefined) p('/object_refs', 'observed-data needs object_refs (or the deprecated objects)');
    for (const [k, v] of Object.entries(o)) {
      if (!/_refs?$/.test(k)) continue;
      for (const r of Array.isArray(v) ? v : [v]) {
        if (typeof r !== 'string' || !ID.test(r)) p(`/${k}`, 'must hold STIX identifiers');
        else if (opts.closed && !ids.has(r)) p(`/${k}`, `${r} is not in the bundle`);
      }
    }
  }
  return out;
}
