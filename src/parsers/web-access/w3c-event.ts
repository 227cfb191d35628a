import { isIP } from 'node:net';
import type { DraftEvent } from '../common/draft-event.js';

type Row = Record<string, string>;

const value = (r: Row, k: string): string | undefined => {
  const v = r[k];
  return v === undefined || v === '-' || v.length === 0 ? undefined : v;
};

function int(v: string | undefined): number | undefined {
  if (v === undefined || v.length > 15) return undefined;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return v.length === 0 ? undefined : n;
}

/** IIS writes spaces in header fields as `+`. */
const plusToSpace = (s: string): string => (s.indexOf('+') < 0 ? s : s.replaceAll('+', ' '));

/**
 * The ECS event of one W3C extended log row (fields named by `#Fields:`): `source.ip` (`c-ip`),
 * `destination.ip`/`port` (`s-ip`, `s-port`), `user.name` (`cs-username`), `http.request.method`,
 * `url.path`/`query`/`original` (`cs-uri-stem`, `cs-uri-query`), `url.domain` (`cs-host`),
 * `http.version` (`cs-version`), `http.response.status_code` (`sc-status`), `http.request.bytes`
 * / `http.response.bytes` (`cs-bytes`, `sc-bytes`), `user_agent.original` and
 * `http.request.referrer` (`+` read as space), `event.duration` (`time-taken` ms), `host.name`
 * (`s-computername`); category `web`, type `access`, outcome by status.
 *
 * @example
 * w3cEvent({ 'c-ip': '10.0.2.17', 'cs-method': 'GET', 'cs-uri-stem': '/erp/conn.aspx', 'sc-status': '200' }, '2019-09-03T10:13:36.000Z')
 */
export function w3cEvent(r: Row, timestamp: string): DraftEvent {
  const ev: DraftEvent = { '@timestamp': timestamp, event: { kind: 'event', module: 'iis-w3c', dataset: 'web.access', category: ['web'], type: ['access'] } };
  const client = value(r, 'c-ip');
  const server = value(r, 's-ip');
  if (client !== undefined) ev.source = isIP(client) !== 0 ? { ip: client } : { domain: client };
  const dst: Record<string, unknown> = {};
  if (server !== undefined) dst.ip = server;
  const port = int(value(r, 's-port'));
  if (port !== undefined) dst.port = port;
  if (Object.keys(dst).length > 0) ev.destination = dst;
  const ips = [client, server].filter((x): x is string => x !== undefined && isIP(x) !== 0);
  if (ips.length > 0) ev.related = { ip: ips[0] === ips[1] ? [ips[0]!] : ips };
  const user = value(r, 'cs-username');
  if (user !== undefined) {
    ev.user = { name: user };
    (ev.related ??= {}).user = [user];
  }
  const stem = value(r, 'cs-uri-stem');
  const query = value(r, 'cs-uri-query');
  const host = value(r, 'cs-host');
  if (stem !== undefined || query !== undefined || host !== undefined) {
    const url: Record<string, unknown> = {};
    if (stem !== undefined) {
      url.path = stem;
      url.original = query !== undefined ? `${stem}?${query}` : stem;
      const slash = stem.lastIndexOf('/');
      const dot = stem.lastIndexOf('.');
      if (dot > slash + 1 && dot < stem.length - 1) url.extension = stem.slice(dot + 1).toLowerCase();
    }
    if (query !== undefined) url.query = query;
    if (host !== undefined) url.domain = host;
    ev.url = url;
  }
  const request: Record<string, unknown> = {};
  const response: Record<string, unknown> = {};
  const method = value(r, 'cs-method');
  if (method !== undefined) request.method = method;
  const referrer = value(r, 'cs(Referer)');
  if (referrer !== undefined) request.referrer = referrer;
  const reqBytes = int(value(r, 'cs-bytes'));
  if (reqBytes !== undefined) request.bytes = reqBytes;
  const status = int(value(r, 'sc-status'));
  if (status !== undefined) {
    response.status_code = status;
    ev.event.outcome = status < 400 ? 'success' : 'failure';
  }
  const resBytes = int(value(r, 'sc-bytes'));
  if (resBytes !== undefined) response.bytes = resBytes;
  const http: Record<string, unknown> = { request, response };
  const version = value(r, 'cs-version');
  if (version !== undefined) http.version = version.startsWith('HTTP/') ? version.slice(5) : version;
  ev.http = http;
  const ua = value(r, 'cs(User-Agent)');
  if (ua !== undefined) ev.user_agent = { original: plusToSpace(ua) };
  const taken = int(value(r, 'time-taken'));
  if (taken !== undefined) ev.event.duration = taken * 1_000_000;
  const computer = value(r, 's-computername');
  if (computer !== undefined) ev.host = { name: computer };
  ev.raw = r;
  return ev;
}
