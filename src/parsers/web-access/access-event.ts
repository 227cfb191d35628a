import { isIP } from 'node:net';
import { ParseError } from '../../core/errors.js';
import type { DraftEvent } from '../common/draft-event.js';
import type { AccessLine } from './access-line.js';
import { parseRequestLine, targetToUrl } from './request-line.js';

const dash = (s: string | undefined): string | undefined => (s === undefined || s === '-' || s.length === 0 ? undefined : s);

function digits(s: string, max: number): number | undefined {
  if (s.length === 0 || s.length > max) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The ECS event of an access-log line: `source.ip` (or `source.domain` with `HostnameLookups`),
 * `user.name`, `http.request.method`, `http.version`, `url.*`, `http.response.status_code`,
 * `http.response.body.bytes` (`-` is 0, as CLF writes it), `http.request.referrer`,
 * `user_agent.original`; category `web`, type `access`, outcome `success` below 400 and `failure`
 * from 400 on. A request line that is not HTTP (`-`, binary, `GNUTELLA CONNECT/0.6`) gives no
 * `http.request`/`url` but is still an event: the server answered it. The split line is kept
 * under `raw`.
 *
 * @example
 * accessEvent(scanAccessLine(line), '2000-10-10T20:55:36.000Z')
 */
export function accessEvent(l: AccessLine, timestamp: string): DraftEvent {
  const status = l.status === '-' ? undefined : digits(l.status, 3);
  if (status === undefined && l.status !== '-') throw new ParseError(`access-log status "${l.status.slice(0, 20)}" is not a 3-digit code`);
  const bytes = l.bytes === '-' ? 0 : digits(l.bytes, 15);
  if (bytes === undefined) throw new ParseError(`access-log response size "${l.bytes.slice(0, 20)}" is not a number or "-"`);
  const ev: DraftEvent = {
    '@timestamp': timestamp,
    event: { kind: 'event', module: 'web-access', dataset: 'web.access', category: ['web'], type: ['access'] },
  };
  if (status !== undefined) ev.event.outcome = status < 400 ? 'success' : 'failure';
  if (isIP(l.host) !== 0) {
    ev.source = { ip: l.host };
    ev.related = { ip: [l.host] };
  } else {
    ev.source = { domain: l.host };
    ev.related = { hosts: [l.host] };
  }
  const user = dash(l.user);
  if (user !== undefined) {
    ev.user = { name: user };
    ev.related.user = [user];
  }
  const req = parseRequestLine(l.request);
  const request: Record<string, unknown> = {};
  const response: Record<string, unknown> = { body: { bytes } };
  const http: Record<string, unknown> = { request, response };
  if (status !== undefined) response.status_code = status;
  if (req !== undefined) {
    if (req.method !== undefined) request.method = req.method;
    if (req.version !== undefined) http.version = req.version;
    if (req.target !== undefined) ev.url = targetToUrl(req.target, req.method);
  } else if (l.request !== '-') {
    ev.tags = ['malformed_request'];
  }
  const referrer = dash(l.referrer);
  if (referrer !== undefined) request.referrer = referrer;
  ev.http = http;
  const ua = dash(l.userAgent);
  if (ua !== undefined) ev.user_agent = { original: ua };
  const raw: Record<string, unknown> = { host: l.host, ident: l.ident, user: l.user, time: l.time, request: l.request, status: l.status, bytes: l.bytes };
  if (l.referrer !== undefined) raw.referrer = l.referrer;
  if (l.userAgent !== undefined) raw.user_agent = l.userAgent;
  if (l.extra !== undefined) raw.extra = l.extra;
  ev.raw = raw;
  return ev;
}
