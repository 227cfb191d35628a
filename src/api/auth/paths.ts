/**
 * Paths the router could read in more than one way are refused before routing, so what the
 * access check sees and what the router matches can never differ. Percent-encoded letters are
 * fine (the router decodes them and access is decided on the matched route); these are not:
 * empty segments (`//`), dot segments (`/./`, `/../`, also encoded), encoded `/` or `\`,
 * backslashes, double encoding (`%25`), `;` (matrix parameters: some proxies cut the path there)
 * and control bytes.
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
  if (/%2f|%5c|\\/i.test(raw)) return 'encoded or back slash in the path';
  // An encoded `%` means the path is meant to be decoded twice, by someone: refuse it.
  if (/%25/i.test(raw)) return 'double percent-encoding (%25)';
  if (raw.includes(';')) return 'matrix parameters (;) in the path';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return 'malformed percent-encoding';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'control character in the path';
  if (decoded.split('/').some((seg) => seg === '.' || seg === '..')) return 'dot segment (/./ or /../)';
  return undefined;
}

/**
 * The decoded path, lower-cased, for deciding which area an unmatched request was aimed at
 * (an unknown `/API/x` or `/%61pi/x` is an API 404, never the console's HTML shell).
 *
 * @example
 * areaOf('/%41PI/nope?x=1') // 'api'
 */
export function areaOf(rawUrl: string): 'api' | 'metrics' | 'console' {
  const q = rawUrl.indexOf('?');
  let p = q < 0 ? rawUrl : rawUrl.slice(0, q);
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep the raw path
  }
  p = p.toLowerCase();
  if (p === '/api' || p.startsWith('/api/')) return 'api';
  if (p === '/metrics' || p.startsWith('/metrics/')) return 'metrics';
  return 'console';
}
