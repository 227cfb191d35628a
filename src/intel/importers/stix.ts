import { parsePattern } from '../pattern/parser.js';
import { extractAtoms } from '../pattern/extract.js';
import { IntelError } from '../stix/errors.js';
import { strictestTlp } from '../stix/tlp.js';
import { isIndicator, isRelationship, type Indicator, type StixCommon } from '../stix/types.js';
import type { StixValidator } from '../stix/validate.js';
import { defaultUntil, type ParsedFeed, type ReadOptions } from './types.js';

/**
 * STIX bundles (2.1, and 2.0 as Unit 42 and older feeds publish them). Each 2.1 object is
 * checked against the official schema; a bad object is reported by id and field and left out,
 * the rest goes on. Indicators with STIX patterns are parsed; their simple values (IP/CIDR,
 * domain, URL, hash, e-mail) become matchable indicators, linked to the ATT&CK techniques of the
 * attack-patterns they `indicate`.
 */
export function readStix(text: string, o: ReadOptions & { validator?: StixValidator | undefined }): ParsedFeed {
  const out: ParsedFeed = { records: [], objects: [], problems: [], compound: 0, notForDetection: 0 };
  const doc = JSON.parse(text) as { type?: string; id?: string; objects?: unknown; spec_version?: string };
  const list: unknown[] = doc.type === 'bundle' ? (Array.isArray(doc.objects) ? doc.objects : []) : [doc];
  if (doc.type === 'bundle' && !Array.isArray(doc.objects)) out.problems.push({ object: doc.id ?? '(bundle)', path: '/objects', message: 'must be an array' });
  const good: StixCommon[] = [];
  for (const raw of list) {
    const obj = raw as StixCommon;
    const id = obj && typeof obj === 'object' && typeof obj.id === 'string' ? obj.id : '(object without id)';
    // STIX 2.0 objects carry no spec_version (the bundle does): the 2.1 schemas are not theirs.
    const is21 = obj?.spec_version === '2.1' || (obj?.spec_version === undefined && doc.spec_version === undefined && obj?.type !== 'marking-definition');
    const problems = o.validator && is21 ? o.validator.validate(obj) : basicCheck(obj, id);
    if (problems.length) {
      out.problems.push(...problems);
      continue;
    }
    good.push(obj);
  }
  // ATT&CK technique ids of attack-patterns, and which indicators indicate them.
  const technique = new Map<string, string>();
  for (const x of good) {
    if (x.type !== 'attack-pattern') continue;
    const ref = x.external_references?.find((r) => r.source_name === 'mitre-attack' && r.external_id);
    if (ref?.external_id) technique.set(x.id, ref.external_id);
  }
  const techOf = new Map<string, string[]>();
  for (const r of good) {
    // 'indicates' per the spec; Unit 42 playbooks link indicators to techniques with 'uses'.
    if (!isRelationship(r) || !['indicates', 'uses'].includes(r.relationship_type) || !r.source_ref.startsWith('indicator--') || !technique.has(r.target_ref)) continue;
    techOf.set(r.source_ref, [...(techOf.get(r.source_ref) ?? []), technique.get(r.target_ref)!]);
  }
  for (const x of good) {
    out.objects.push(x);
    if (!isIndicator(x)) continue;
    const ind = x as Indicator;
    if ((ind.pattern_type ?? 'stix') !== 'stix') continue; // pcre / yara / sigma … are kept, not matched here
    if (ind.revoked) continue;
    let atoms;
    try {
      atoms = extractAtoms(parsePattern(ind.pattern));
    } catch (err) {
      out.problems.push({ object: ind.id, path: '/pattern', message: err instanceof IntelError ? err.message : String(err) });
      out.objects.pop();
      continue;
    }
    if (!atoms.exact) {
      out.compound++;
      continue;
    }
    const validFrom = ind.valid_from ? Date.parse(ind.valid_from) : o.now;
    const until = ind.valid_until ? Date.parse(ind.valid_until) : undefined;
    for (const a of atoms.atoms) {
      out.records.push({
        ...a, source: o.source, stixId: ind.id, name: `STIX indicator "${ind.name ?? ind.description?.slice(0, 200) ?? ind.id}"`,
        confidence: ind.confidence ?? o.confidence, validFrom: Number.isNaN(validFrom) ? o.now : validFrom,
        validUntil: until !== undefined && !Number.isNaN(until) ? until : defaultUntil(o, Number.isNaN(validFrom) ? o.now : validFrom),
        tlp: strictestTlp(ind.object_marking_refs), techniques: techOf.get(ind.id),
      });
    }
  }
  return out;
}

/** Checks for objects the 2.1 schemas do not cover (2.0 objects) or when no validator is loaded. */
function basicCheck(o: StixCommon | undefined, id: string): Array<{ object: string; path: string; message: string }> {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return [{ object: id, path: '', message: 'a STIX object must be a JSON object' }];
  if (typeof o.type !== 'string') return [{ object: id, path: '/type', message: 'is required' }];
  if (typeof o.id !== 'string' || !o.id.startsWith(`${o.type}--`)) return [{ object: id, path: '/id', message: `must be "${o.type}--<uuid>"` }];
  if (o.type === 'indicator' && typeof o.pattern !== 'string') return [{ object: id, path: '/pattern', message: 'is required' }];
  return [];
}
