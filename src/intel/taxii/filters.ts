import { TaxiiError } from './errors.js';
import { parseMicros } from './media.js';

/** Largest page a client may ask for; `limit` above it is lowered (spec: the server may). */
export const MAX_PAGE = 1000;
/** Page size when the client names none. */
export const DEFAULT_PAGE = 100;

/** One value of `match[version]`. */
export type VersionMatch = { kind: 'all' } | { kind: 'last' } | { kind: 'first' } | { kind: 'at'; micros: number };

/** The filters and paging of a TAXII objects / manifest / versions request. */
export interface TaxiiFilters {
  addedAfter?: number;
  limit: number;
  next?: Cursor;
  ids?: string[];
  types?: string[];
  versions: VersionMatch[];
  specVersions?: string[];
}

/** Where a page starts: after the entry with this date added, id and version. */
export interface Cursor { added: number; id: string; version: string }

const ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE = /^[a-z0-9][a-z0-9-]{0,249}$/;
const KNOWN = new Set(['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]']);

const bad = (parameter: string, message: string) => new TaxiiError(400, 'Bad filter', `${parameter}: ${message}`, { parameter });

/** The `next` value of a page that ends at `c` (opaque to clients). */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.added, c.id, c.version])).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && typeof v[2] === 'string') {
      return { added: v[0] as number, id: v[1], version: v[2] };
    }
  } catch {
    /* falls through */
  }
  throw bad('next', 'not a value this server gave out');
}

function list(q: Record<string, unknown>, key: string): string[] | undefined {
  const raw = q[key];
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw bad(key, 'is empty');
  if (parts.length > 100) throw bad(key, 'at most 100 values');
  return parts;
}

/**
 * Read and check the URL parameters of a TAXII request (spec §3.4). Unknown parameters and
 * malformed values are refused with a 400 that names the parameter; `allowed` limits which
 * `match[…]` filters an endpoint takes (the versions endpoint takes no `match[version]`).
 *
 * @example parseFilters({ added_after: '2016-11-01T00:00:00Z', 'match[type]': 'indicator' })
 */
export function parseFilters(q: Record<string, unknown>, allowed: ReadonlySet<string> = KNOWN): TaxiiFilters {
  for (const k of Object.keys(q)) {
    if (!KNOWN.has(k)) throw bad(k, 'unknown URL parameter (TAXII 2.1 knows added_after, limit, next and match[id|type|version|spec_version])');
    if (!allowed.has(k)) throw bad(k, 'not taken by this endpoint');
  }
  const out: TaxiiFilters = { limit: DEFAULT_PAGE, versions: [{ kind: 'last' }] };
  const one = (k: string): string | undefined => {
    const v = q[k];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) throw bad(k, 'given more than once');
    return String(v);
  };
  const after = one('added_after');
  if (after !== undefined) {
    const us = parseMicros(after);
    if (us === undefined) throw bad('added_after', `not an RFC 3339 timestamp: ${after.slice(0, 60)}`);
    out.addedAfter = us;
  }
  const limit = one('limit');
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit) || Number(limit) < 1) throw bad('limit', `must be a positive integer: ${limit.slice(0, 20)}`);
    out.limit = Math.min(Number(limit), MAX_PAGE);
  }
  const next = one('next');
  if (next !== undefined) out.next = decodeCursor(next);
  const ids = list(q, 'match[id]');
  if (ids) {
    const wrong = ids.find((i) => !ID.test(i));
    if (wrong) throw bad('match[id]', `not a STIX id: ${wrong.slice(0, 80)}`);
    out.ids = ids;
  }
  const types = list(q, 'match[type]');
  if (types) {
    const wrong = types.find((t) => !TYPE.test(t));
    if (wrong) throw bad('match[type]', `not a STIX type: ${wrong.slice(0, 80)}`);
    out.types = types;
  }
  const versions = list(q, 'match[version]');
  if (versions) {
    out.versions = versions.map((v): VersionMatch => {
      if (v === 'all' || v === 'last' || v === 'first') return { kind: v };
      const us = parseMicros(v);
      if (us === undefined) throw bad('match[version]', `must be all, last, first or a timestamp: ${v.slice(0, 60)}`);
      return { kind: 'at', micros: us };
    });
  }
  const specs = list(q, 'match[spec_version]');
  if (specs) {
    const wrong = specs.find((s) => !/^\d\.\d$/.test(s));
    if (wrong) throw bad('match[spec_version]', `not a STIX spec version: ${wrong.slice(0, 20)}`);
    out.specVersions = specs;
  }
  return out;
}

/** The parameters each endpoint takes. */
export const ENDPOINT_FILTERS = {
  objects: KNOWN,
  manifest: KNOWN,
  object: new Set(['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]']),
  versions: new Set(['added_after', 'limit', 'next', 'match[spec_version]']),
  delete: new Set(['match[version]', 'match[spec_version]']),
} as const;
