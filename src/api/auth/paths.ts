/**
 * Paths the router could read in more than one way are refused before any handler runs, so what
 * the access check sees and what the router matches can never differ. Percent-encoded letters are
 * fine (the router decodes the path once and access is decided on the matched route); so are an
 * encoded `/`, `\` or `%` inside a segment (Fastify's router does not split on them, and entity
 * ids such as `CORP\alice` need them). Refused: empty segments (`//`), dot segments (`/./`,
 * `/../`, also encoded), a raw backslash, `;` (matrix parameters: some proxies cut the path
 * there), malformed encoding and control bytes.
 *
 * @example
 * ambiguousPath('/api//users')  // 'empty path segment (//)'
 * ambiguousPath('/%61pi/users') // undefined
 */
export function ambiguousPath(rawUrl: string): string | undefined {
  const q = rawUrl.indexOf('?');
  const raw = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (!raw.startsWith('/')) return 'the path must start with /';
  if (raw.includes('//')) return 'empty path segment (//)';
  if (raw.includes('\\')) return 'backslash in the path';
  if (raw.includes(';')) return 'matrix parameters (;) in the path';
  const segments = raw.split('/');
  for (const seg of segments) {
    let d: string;
    try {
      d = decodeURIComponent(seg);
    } catch {
      return 'malformed percent-encoding';
    }
    if (d === '.' || d === '..') return 'dot segment (/./ or /../)';
    if (/[\u0000-\u001f\u007f]/.test(d)) return 'control character in the path';
  }
  return undefined;
}

/**
 * The path decoded until it no longer changes, lower-cased: which area an unmatched request was
 * aimed at. An unknown `/API/x`, `/%61pi/x` or `/%2561pi/x` is an API 404 (and `/TAXII2/x` a
 * TAXII one), never the console's HTML shell.
 *
 * @example
 * areaOf('/%41PI/nope?x=1') // 'api'
 */
export function areaOf(rawUrl: string): 'api' | 'metrics' | 'taxii' | 'console' {
  const q = rawUrl.indexOf('?');
  let p = q < 0 ? rawUrl : rawUrl.slice(0, q);
  for (let i = 0; i < 4; i++) {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      break;
    }
    if (d === p) break;
    p = d;
  }
  p = p.toLowerCase().replace(/\/{2,}/g, '/');
  if (p === '/api' || p.startsWith('/api/')) return 'api';
  if (p === '/metrics' || p.startsWith('/metrics/')) return 'metrics';
  if (p === '/taxii2' || p.startsWith('/taxii2/')) return 'taxii';
  return 'console';
}
