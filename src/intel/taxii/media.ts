/** The TAXII 2.1 media type: every TAXII response carries it, and clients ask for it in `Accept`. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
/** The STIX 2.1 media type, named in collections' `media_types` and manifest entries. */
export const STIX_MEDIA = 'application/stix+json;version=2.1';

interface MediaRange { type: string; params: Record<string, string> }

function parseMedia(s: string): MediaRange {
  const [type = '', ...rest] = s.split(';').map((p) => p.trim());
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  return { type: type.toLowerCase(), params };
}

/**
 * Whether an `Accept` header lets us answer with TAXII 2.1 JSON (spec §1.6.8: a server answers
 * 406 otherwise). No header, wildcards, plain JSON and `application/taxii+json` without a
 * version or with `version=2.1` are fine; `version=2.0` alone is not.
 *
 * @example
 * acceptsTaxii('application/taxii+json;version=2.1') // true
 * acceptsTaxii('application/taxii+json;version=2.0') // false
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept || !accept.trim()) return true;
  return accept.split(',').some((part) => {
    const m = parseMedia(part);
    if (m.params.q === '0') return false;
    if (m.type === '*/*' || m.type === 'application/*' || m.type === 'application/json') return true;
    return m.type === 'application/taxii+json' && (m.params.version === undefined || m.params.version === '2.1');
  });
}

/**
 * Whether a request body's `Content-Type` is a TAXII 2.1 envelope (plain JSON is taken too, as
 * medallion does, so hand-made `curl` requests work).
 *
 * @example isTaxiiContent('application/taxii+json; version=2.1') // true
 */
export function isTaxiiContent(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const m = parseMedia(contentType);
  if (m.type === 'application/json') return true;
  return m.type === 'application/taxii+json' && (m.params.version === undefined || m.params.version === '2.1');
}

const TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An RFC 3339 timestamp as microseconds since the epoch (TAXII timestamps carry up to µs;
 * finer digits are cut), or undefined when it is not one.
 *
 * @example parseMicros('2016-11-03T12:30:59.001000Z') // 1478176259001000
 */
export function parseMicros(s: string): number | undefined {
  const m = TS.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (!Number.isFinite(ms)) return undefined;
  const frac = Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
  return ms * 1000 + frac;
}

/**
 * Microseconds since the epoch as a TAXII timestamp with six fraction digits.
 *
 * @example formatMicros(1478176259001000) // '2016-11-03T12:30:59.001000Z'
 */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}.${String(us - Math.floor(us / 1e6) * 1e6).padStart(6, '0')}Z`;
}
