import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

const METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE|NOTIFY|M-SEARCH|SUBSCRIBE) (\S+) (HTTP\/\d(?:\.\d)?)$/;
/** FHIR resource types look like `Patient`, `Observation`, `DiagnosticReport`. */
const RESOURCE = /^[A-Z][A-Za-z]{2,40}$/;
const MAX_HEAD = 16 * 1024;

/**
 * Read a request head: method, path (query string dropped — it can carry patient identifiers),
 * host, user agent, and, for a FHIR-looking path, the resource type and interaction; logical ids
 * are replaced by `{id}`. The Authorization header is reported by scheme only.
 *
 * @example
 * parseRequestHead('GET /fhir/Patient/123 HTTP/1.1\r\nHost: ehr\r\n') // { method: 'GET', uri: '/fhir/Patient/{id}', fhir_resource: 'Patient', … }
 */
export function parseRequestHead(head: string): Record<string, unknown> | undefined {
  const lines = head.split(/\r?\n/);
  const m = METHODS.exec(lines[0] ?? '');
  if (!m) return undefined;
  const out: Record<string, unknown> = { method: m[1], version: m[3]!.slice(5) };
  const path = m[2]!.split('?')[0]!;
  const segs = path.split('/');
  const ri = segs.findIndex((s) => RESOURCE.test(s));
  if (ri >= 0 && /fhir|baseR|^\/[A-Z]/i.test(path)) {
    out.fhir_resource = segs[ri];
    const rest = segs.slice(ri + 1);
    if (rest.length > 0 && rest[0] !== '' && !rest[0]!.startsWith('$') && !rest[0]!.startsWith('_')) rest[0] = '{id}';
    if (rest[2] !== undefined && rest[1] === '_history') rest[2] = '{vid}';
    out.fhir_interaction = rest[0] === undefined || rest[0] === '' ? (m[1] === 'POST' ? 'create' : 'search') : rest[0].startsWith('$') ? rest[0] : rest[1] === '_history' ? 'vread' : m[1] === 'PUT' ? 'update' : m[1] === 'DELETE' ? 'delete' : 'read';
    out.uri = [...segs.slice(0, ri + 1), ...rest].join('/');
  } else {
    out.uri = path;
  }
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c < 0) continue;
    const k = l.slice(0, c).trim().toLowerCase();
    const v = l.slice(c + 1).trim();
    if (k === 'host') out.host = v;
    else if (k === 'user-agent') out.user_agent = v;
    else if (k === 'authorization') out.authorization_scheme = v.split(' ')[0];
    else if (k === 'server') out.server = v;
    else if (k === 'st' || k === 'nt') out.search_target = v;
    else if (k === 'usn') out.usn = v;
    else if (k === 'location') out.location = v;
  }
  return out;
}

class HttpDecoder implements AppDecoder {
  recognised = false;
  done = false;
  private buf = '';

  constructor(readonly service: string, private readonly ctx: DecoderContext, private readonly datagram: boolean) {}

  data(dir: Dir, bytes: Buffer, ts: number): void {
    if (this.datagram) {
      const text = bytes.toString('latin1');
      const r = parseRequestHead(text) ?? parseNotify(text);
      if (r !== undefined) { this.recognised = true; this.ctx.emit('ssdp', ts, r); }
      return;
    }
    if (dir !== 0) return;
    this.buf += bytes.toString('latin1');
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buf.length > MAX_HEAD) { this.done = true; this.buf = ''; }
        return;
      }
      const r = parseRequestHead(this.buf.slice(0, end));
      this.buf = '';
      if (r === undefined) { this.done = true; return; }
      this.recognised = true;
      this.ctx.emit('http', ts, r);
      // Bodies are not followed (keep-alive requests after a body are not reported).
      this.done = true;
      return;
    }
  }
}

/** SSDP responses (`HTTP/1.1 200 OK` with SERVER/ST/USN) as well as NOTIFY/M-SEARCH. */
function parseNotify(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('HTTP/1.1 200')) return undefined;
  const r = parseRequestHead(`NOTIFY * HTTP/1.1\r\n${text.split(/\r?\n/).slice(1).join('\r\n')}`);
  if (r) r.method = 'RESPONSE';
  return r;
}

/** HTTP/1.x requests (FHIR over HTTP) on common ports or any connection starting with a request line. */
export const http: DecoderFactory = {
  service: 'http', transport: 'tcp', ports: [80, 8080, 8000, 8008, 5000],
  sniff: (b, dir) => dir === 0 && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \//.test(b.toString('latin1', 0, 9)),
  create: (ctx) => new HttpDecoder('http', ctx, false),
};
/** SSDP (UPnP discovery) on UDP 1900: device SERVER strings and service types. */
export const ssdp: DecoderFactory = { service: 'ssdp', transport: 'udp', ports: [1900], create: (ctx) => new HttpDecoder('ssdp', ctx, true) };
