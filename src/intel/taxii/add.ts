import { randomUUID } from 'node:crypto';
import { emptyReport, storeParsed } from '../importers/run.js';
import { readStix } from '../importers/stix.js';
import type { WarningLists } from '../importers/warninglists.js';
import type { StixCommon } from '../stix/types.js';
import type { StixValidator } from '../stix/validate.js';
import type { CollectionRecord, TaxiiStore } from './collections.js';
import { TaxiiError } from './errors.js';
import { formatMicros } from './media.js';

/** The TAXII 2.1 status resource (spec §4.3.1). */
export interface StatusResource {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: Array<{ id: string; version?: string; message?: string }>;
  failure_count: number;
  failures: Array<{ id: string; version?: string; message?: string }>;
  pending_count: number;
  pendings: Array<{ id: string; version?: string }>;
}

/** Most objects one envelope may carry (the byte limit is `max_content_length`). */
export const MAX_ENVELOPE_OBJECTS = 100_000;

const STIX_ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Add a TAXII envelope to a collection (spec §5.4): each object is checked on its own — STIX 2.1,
 * a well-formed id, and the official JSON Schema of its type when `validator` is given — and a
 * bad one becomes a failure naming its id and field while the rest is added. The good objects
 * are written in one transaction together with, for importing collections, their indicators
 * (source `taxii:<alias>`), so a matcher never sees half an envelope. Answers the status
 * resource, which is also kept for `GET …/status/{id}/`.
 *
 * @example const status = addEnvelope(taxii, collection, body, { validator });
 */
export function addEnvelope(taxii: TaxiiStore, c: CollectionRecord, body: unknown, opts: { validator?: StixValidator | undefined; warningLists?: WarningLists | undefined; now?: number } = {}): StatusResource {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new TaxiiError(400, 'Bad envelope', 'the body must be a TAXII envelope: a JSON object with an "objects" array');
  const objects = (body as { objects?: unknown }).objects;
  if (!Array.isArray(objects)) throw new TaxiiError(400, 'Bad envelope', '"objects" must be an array of STIX objects', { field: 'objects' });
  if (objects.length > MAX_ENVELOPE_OBJECTS) throw new TaxiiError(413, 'Envelope too large', `at most ${MAX_ENVELOPE_OBJECTS} objects per envelope; got ${objects.length}`);
  const now = opts.now ?? Date.now();
  const status: StatusResource = {
    id: randomUUID(), status: 'complete', request_timestamp: formatMicros(now * 1000), total_count: objects.length,
    success_count: 0, successes: [], failure_count: 0, failures: [], pending_count: 0, pendings: [],
  };
  const good: StixCommon[] = [];
  objects.forEach((raw, i) => {
    const o = raw as Record<string, unknown> | null;
    const id = o && typeof o === 'object' && typeof o.id === 'string' ? o.id.slice(0, 200) : `objects[${i}]`;
    const version = o && typeof o === 'object' ? (typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : undefined) : undefined;
    const fail = (message: string) => status.failures.push({ id, ...(version ? { version } : {}), message });
    if (!o || typeof o !== 'object' || Array.isArray(o)) return fail(`objects[${i}]: a STIX object must be a JSON object`);
    if (typeof o.type !== 'string' || typeof o.id !== 'string' || !STIX_ID.test(o.id) || !o.id.startsWith(`${o.type}--`)) {
      return fail(`objects[${i}] /id: must be "<type>--<uuid>" matching its type`);
    }
    if (o.spec_version !== '2.1') return fail(`${o.id} /spec_version: this collection takes STIX 2.1 objects (application/stix+json;version=2.1)`);
    const problems = opts.validator?.validate(o) ?? [];
    if (problems.length) return fail(problems.slice(0, 5).map((p) => `${p.path || '/'}: ${p.message}`).join('; '));
    good.push(o as unknown as StixCommon);
    return undefined;
  });
  const source = `taxii:${c.alias}`;
  taxii.intel.transaction(() => {
    for (const o of good) {
      const r = taxii.addObject(c.id, o as unknown as { id: string; type: string }, source);
      status.successes.push({ id: o.id, version: r.version, ...(r.added ? {} : { message: 'this version was already in the collection' }) });
    }
    if (c.import && good.length) {
      const parsed = readStix(JSON.stringify({ type: 'bundle', id: `bundle--${status.id}`, objects: good }), { source, now, ttlDays: 0 });
      for (const p of parsed.problems) {
        // A pattern that does not parse: the object is still held (clients asked to store it) but not matched.
        const s = status.successes.find((x) => x.id === p.object);
        if (s) s.message = `stored, not matched: ${p.path} ${p.message}`.slice(0, 300);
      }
      storeParsed(taxii.intel, parsed, emptyReport(`taxii envelope ${status.id}`, 'stix', source), now, opts.warningLists);
    }
    status.success_count = status.successes.length;
    status.failure_count = status.failures.length;
    taxii.putStatus(c.id, status);
  });
  return status;
}
