import type { UrlFields } from '../../core/event.js';

/**
 * The parts of an HTTP request line as a server logged it.
 *
 * @example
 * const r: RequestLine = { method: 'GET', target: '/index.html', version: '1.1' };
 */
export interface RequestLine {
  method?: string;
  target?: string;
  /** `1.1` for `HTTP/1.1`; absent for HTTP/0.9 (`GET /x`). */
  version?: string;
}

/** An HTTP method is a token (RFC 9110 §9.1); letters, digits, `-` and `_` cover every real one. */
function isMethod(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  return true;
}

/**
 * Split `%r` (`GET /a?b HTTP/1.1`). Returns `undefined` for `-` (no request line: the client sent
 * nothing readable) and for text that is not a request line (garbage, TLS bytes on a plain port,
 * `GNUTELLA CONNECT/0.6`), which the event keeps only under `raw`.
 *
 * @example
 * parseRequestLine('GET /a?b HTTP/1.1') // { method: 'GET', target: '/a?b', version: '1.1' }
 * parseRequestLine('GET /index.jsp ') // { method: 'GET', target: '/index.jsp' }
 */
export function parseRequestLine(r: string): RequestLine | undefined {
  const sp1 = r.indexOf(' ');
  if (sp1 <= 0) return undefined;
  const method = r.slice(0, sp1);
  if (!isMethod(method)) return undefined;
  const sp2 = r.indexOf(' ', sp1 + 1);
  const target = r.slice(sp1 + 1, sp2 < 0 ? r.length : sp2);
  if (target.length === 0) return undefined;
  const rest = sp2 < 0 ? '' : r.slice(sp2 + 1);
  if (rest.length === 0) {
    // HTTP/0.9 has no version to vouch for it: require a URI form (origin "/…", "*",
    // absolute "scheme://…", CONNECT's authority), else "GNUTELLA CONNECT/0.6" would pass.
    const t0 = target.charCodeAt(0);
    const scheme = target.indexOf('://');
    return t0 === 47 || t0 === 42 || (scheme > 0 && scheme < 10) || method === 'CONNECT' ? { method, target } : undefined;
  }
  if (rest.startsWith('HTTP/') && rest.indexOf(' ') < 0) return { method, target, version: rest.slice(5) };
  return undefined;
}

/**
 * `url.*` of a request target: origin-form (`/p?q#f`), absolute-form (`http://h:8080/p`, proxy
 * requests) or authority-form (`host:443`, CONNECT). `url.original` is always the target as logged.
 *
 * @example
 * targetToUrl('/a/b?x=1') // { original: '/a/b?x=1', path: '/a/b', query: 'x=1' }
 * targetToUrl('http://example.com:8080/x') // { original: …, scheme: 'http', domain: 'example.com', port: 8080, path: '/x' }
 */
export function targetToUrl(target: string, method?: string): UrlFields {
  const url: UrlFields = { original: target };
  let rest = target;
  const scheme = target.indexOf('://');
  if (scheme > 0 && scheme < 10 && target.charCodeAt(0) !== 47) {
    url.scheme = target.slice(0, scheme).toLowerCase();
    const hostStart = scheme + 3;
    let slash = target.indexOf('/', hostStart);
    if (slash < 0) slash = target.length;
    setHostPort(url, target.slice(hostStart, slash));
    rest = target.slice(slash);
  } else if (method === 'CONNECT' && target.charCodeAt(0) !== 47) {
    setHostPort(url, target);
    return url;
  }
  let end = rest.length;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    url.fragment = rest.slice(hash + 1);
    end = hash;
  }
  const q = rest.indexOf('?');
  if (q >= 0 && q < end) {
    url.query = rest.slice(q + 1, end);
    end = q;
  }
  if (end > 0) url.path = rest.slice(0, end);
  const path = url.path;
  if (path !== undefined) {
    const slash = path.lastIndexOf('/');
    const dot = path.lastIndexOf('.');
    if (dot > slash + 1 && dot < path.length - 1) url.extension = path.slice(dot + 1).toLowerCase();
  }
  return url;
}

function setHostPort(url: UrlFields, hostPort: string): void {
  const at = hostPort.lastIndexOf('@');
  const hp = at >= 0 ? hostPort.slice(at + 1) : hostPort;
  const colon = hp.lastIndexOf(':');
  const bracket = hp.lastIndexOf(']');
  if (colon > 0 && colon > bracket) {
    const port = Number(hp.slice(colon + 1));
    if (Number.isInteger(port) && port >= 0 && port <= 65535 && colon + 1 < hp.length) url.port = port;
    url.domain = hp.slice(0, colon);
  } else {
    url.domain = hp;
  }
  if (url.domain.startsWith('[') && url.domain.endsWith(']')) url.domain = url.domain.slice(1, -1);
}
