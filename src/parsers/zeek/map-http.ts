import type { NetworkFields, UrlFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { list, num, str } from './values.js';

type Rec = Record<string, unknown>;

/**
 * Split a request target into `url.path`, `url.query` and `url.fragment`, keeping `original`.
 *
 * @example
 * splitUri('/a/b?x=1#f') // { original: '/a/b?x=1#f', path: '/a/b', query: 'x=1', fragment: 'f' }
 */
export function splitUri(uri: string): UrlFields {
  const url: UrlFields = { original: uri };
  let end = uri.length;
  const hash = uri.indexOf('#');
  if (hash >= 0) {
    url.fragment = uri.slice(hash + 1);
    end = hash;
  }
  const q = uri.indexOf('?');
  if (q >= 0 && q < end) {
    url.query = uri.slice(q + 1, end);
    end = q;
  }
  url.path = uri.slice(0, end);
  return url;
}

/**
 * A Host header's name and port: `example.com:8080`, `[2001:db8::1]:8080`; a bare IPv6 address
 * (several colons, no brackets) has no port.
 *
 * @example
 * splitHostPort('example.com:8080') // ['example.com', 8080]
 */
export function splitHostPort(host: string): [string, number | undefined] {
  const colon = host.lastIndexOf(':');
  const bracketed = host.startsWith('[');
  if (colon <= 0 || (!bracketed && host.indexOf(':') !== colon)) return [host, undefined];
  if (bracketed && host.charCodeAt(colon - 1) !== 93) return [host, undefined];
  const port = Number(host.slice(colon + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return [host, undefined];
  return [bracketed ? host.slice(1, colon - 1) : host.slice(0, colon), port];
}

/**
 * `http.log`: one request/response pair. `http.request.method`, `http.version`,
 * `http.request.referrer`, body sizes, `http.response.status_code`, MIME types, `url.*` from
 * `uri` (with `url.domain` from the Host header), `user_agent.original`, `url.username`;
 * `event.outcome` from the status (< 400 `success`, else `failure`).
 *
 * @example
 * mapHttp({ method: 'GET', host: 'example.com', uri: '/x?y=1', status_code: 200 }, ev);
 */
export function mapHttp(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network', 'web'];
  e.type = ['connection', 'protocol'];
  e.action = 'http_request';
  ((ev.network ??= {}) as NetworkFields).protocol = 'http';
  ((ev.network ??= {}) as NetworkFields).transport = 'tcp';
  const request: Record<string, unknown> = {};
  const response: Record<string, unknown> = {};
  const http: Record<string, unknown> = { request, response };
  const method = str(r, 'method');
  if (method !== undefined) request.method = method;
  const referrer = str(r, 'referrer');
  if (referrer !== undefined) request.referrer = referrer;
  const reqLen = num(r, 'request_body_len');
  if (reqLen !== undefined) request.body = { bytes: reqLen };
  const origMime = list(r, 'orig_mime_types');
  if (origMime !== undefined) request.mime_type = origMime[0];
  const status = num(r, 'status_code');
  if (status !== undefined) {
    response.status_code = status;
    e.outcome = status < 400 ? 'success' : 'failure';
  }
  const resLen = num(r, 'response_body_len');
  if (resLen !== undefined) response.body = { bytes: resLen };
  const respMime = list(r, 'resp_mime_types');
  if (respMime !== undefined) response.mime_type = respMime[0];
  const version = str(r, 'version');
  if (version !== undefined) http.version = version;
  ev.http = http;
  const uri = str(r, 'uri');
  const host = str(r, 'host');
  if (uri !== undefined || host !== undefined) {
    const url = uri !== undefined ? splitUri(uri) : {};
    if (host !== undefined) {
      const [domain, port] = splitHostPort(host);
      url.domain = domain;
      if (port !== undefined) url.port = port;
    }
    const user = str(r, 'username');
    if (user !== undefined) url.username = user;
    ev.url = url;
  }
  const ua = str(r, 'user_agent');
  if (ua !== undefined) ev.user_agent = { original: ua };
}
