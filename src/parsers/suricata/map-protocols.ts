import { isIP } from 'node:net';
import type { Endpoint, NetworkFields, UrlFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { defined, num, obj, str } from './fields.js';

type Rec = Record<string, unknown>;

function splitTarget(target: string, url: UrlFields): void {
  let end = target.length;
  const hash = target.indexOf('#');
  if (hash >= 0) {
    url.fragment = target.slice(hash + 1);
    end = hash;
  }
  const q = target.indexOf('?');
  if (q >= 0 && q < end) {
    url.query = target.slice(q + 1, end);
    end = q;
  }
  url.path = target.slice(0, end);
}

/**
 * `http`: `url.original`/`path`/`query`/`domain`/`port`, `http.request.method`/`referrer`,
 * `http.response.status_code`/`body.bytes`/`mime_type`, `http.version`, `user_agent.original`;
 * outcome by status (< 400 `success`).
 *
 * @example
 * mapHttp({ hostname: 'www.digip.org', url: '/jansson/x.tar.gz', http_method: 'GET', status: 200 }, ev);
 */
export function mapHttp(h: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network', 'web'];
  e.type = ['connection', 'protocol'];
  e.action = 'http';
  const target = str(h, 'url');
  const url: UrlFields = {};
  if (target !== undefined) {
    url.original = target;
    if (target.charCodeAt(0) === 47) splitTarget(target, url);
  }
  const host = str(h, 'hostname');
  if (host !== undefined) url.domain = host;
  const port = num(h, 'http_port');
  if (port !== undefined) url.port = port;
  if (Object.keys(url).length > 0) ev.url = url;
  const status = num(h, 'status');
  if (status !== undefined) e.outcome = status < 400 ? 'success' : 'failure';
  const length = num(h, 'length');
  const protocol = str(h, 'protocol');
  ev.http = defined({
    request: defined({ method: str(h, 'http_method'), referrer: str(h, 'http_refer') }),
    response: defined({ status_code: status, body: length !== undefined ? { bytes: length } : undefined, mime_type: str(h, 'http_content_type') }),
    version: protocol?.startsWith('HTTP/') ? protocol.slice(5) : protocol,
  });
  const ua = str(h, 'http_user_agent');
  if (ua !== undefined) ev.user_agent = { original: ua };
  ((ev.network ??= {}) as NetworkFields).protocol = 'http';
}

/**
 * `dns` (EVE v1, v2 detailed or grouped, and v3's `queries`): `dns.id`, `dns.type`,
 * `dns.question.name`/`type`, `dns.response_code`, `dns.header_flags`, `dns.answers`
 * (`name`/`type`/`ttl`/`data`), `dns.resolved_ip`; outcome `success` for NOERROR answers.
 *
 * @example
 * mapDns({ type: 'query', id: 16000, rrname: 'twitter.com', rrtype: 'A' }, ev);
 */
export function mapDns(d: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['protocol', 'info'];
  e.action = 'dns';
  ((ev.network ??= {}) as NetworkFields).protocol = 'dns';
  const type = str(d, 'type');
  const queries = Array.isArray(d.queries) ? obj(d.queries[0]) : undefined;
  const question = defined({ name: str(d, 'rrname') ?? (queries && str(queries, 'rrname')), type: str(d, 'rrtype') ?? (queries && str(queries, 'rrtype')) });
  const rcode = str(d, 'rcode');
  const flags = (['aa', 'tc', 'rd', 'ra'] as const).filter((f) => d[f] === true).map((f) => f.toUpperCase());
  const answers: Rec[] = [];
  if (Array.isArray(d.answers)) {
    for (const a of d.answers) {
      const r = obj(a);
      if (r !== undefined) answers.push(defined({ name: str(r, 'rrname'), type: str(r, 'rrtype'), ttl: num(r, 'ttl'), data: str(r, 'rdata') }));
    }
  } else if (type === 'answer' && str(d, 'rdata') !== undefined) {
    // v1: one record per answer, the record's own rrname/rrtype/rdata.
    answers.push(defined({ name: str(d, 'rrname'), type: str(d, 'rrtype'), ttl: num(d, 'ttl'), data: str(d, 'rdata') }));
  }
  const grouped = obj(d.grouped);
  if (grouped !== undefined) {
    for (const t of Object.keys(grouped)) {
      const list = grouped[t];
      if (Array.isArray(list)) for (const v of list) if (typeof v === 'string') answers.push({ type: t, data: v });
    }
  }
  const resolved = answers.map((a) => a.data).filter((x): x is string => typeof x === 'string' && isIP(x) !== 0);
  const id = num(d, 'id');
  ev.dns = defined({
    id: id !== undefined ? String(id) : undefined,
    type: type === 'query' || type === 'answer' ? type : undefined,
    question: Object.keys(question).length > 0 ? question : undefined,
    response_code: rcode,
    header_flags: flags.length > 0 ? flags : undefined,
    answers: answers.length > 0 ? answers : undefined,
    resolved_ip: resolved.length > 0 ? resolved : undefined,
  });
  if (rcode !== undefined) e.outcome = rcode === 'NOERROR' ? 'success' : 'failure';
}

const TLS_VERSION = /^(SSL|TLS|DTLS)\s*v?(\d(?:\.\d)?)$/i;

/** `ab:cd:…` → `ABCD…` (ECS hashes are plain hex). */
function hex(fp: string | undefined): string | undefined {
  return fp?.replaceAll(':', '').toUpperCase();
}

/**
 * `tls`: `tls.version`/`version_protocol` (`TLS 1.2` → `tls`/`1.2`), `tls.client.server_name`
 * (and `destination.domain`), `tls.server.subject`/`issuer`/`not_before`/`not_after`/`hash.sha1`
 * (the certificate fingerprint), JA3/JA3S/JA4 hashes.
 *
 * @example
 * mapTls({ sni: 'example.com', version: 'TLS 1.2', fingerprint: 'ab:cd' }, ev);
 */
export function mapTls(t: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['connection', 'protocol'];
  e.action = 'tls';
  ((ev.network ??= {}) as NetworkFields).protocol = 'tls';
  const version = str(t, 'version');
  const m = version === undefined ? null : TLS_VERSION.exec(version);
  const sni = str(t, 'sni');
  if (sni !== undefined) ((ev.destination ??= {}) as Endpoint).domain = sni;
  const ja3 = obj(t.ja3);
  const ja3s = obj(t.ja3s);
  const fp = hex(str(t, 'fingerprint'));
  ev.tls = defined({
    version: m ? (m[2]!.includes('.') ? m[2] : `${m[2]}.0`) : version,
    version_protocol: m ? m[1]!.toLowerCase() : undefined,
    client: (() => {
      const c = defined({ server_name: sni, ja3: ja3 && str(ja3, 'hash'), ja4: str(t, 'ja4') });
      return Object.keys(c).length > 0 ? c : undefined;
    })(),
    server: (() => {
      const s = defined({
        subject: str(t, 'subject'),
        issuer: str(t, 'issuerdn'),
        not_before: str(t, 'notbefore'),
        not_after: str(t, 'notafter'),
        hash: fp !== undefined ? { sha1: fp } : undefined,
        ja3s: ja3s && str(ja3s, 'hash'),
      });
      return Object.keys(s).length > 0 ? s : undefined;
    })(),
  });
}

/**
 * `fileinfo`: a file carried by a flow. `file.name`, `file.size`, `file.hash.md5`/`sha1`/`sha256`;
 * Suricata's libmagic text stays in `raw`. Category `file` (+ `network`), type `info`.
 *
 * @example
 * mapFileinfo({ filename: '/x.exe', size: 1024, sha256: '…' }, ev);
 */
export function mapFileinfo(f: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network', 'file'];
  e.type = ['info'];
  e.action = 'fileinfo';
  const name = str(f, 'filename');
  let base = name;
  if (name !== undefined) {
    const slash = name.lastIndexOf('/');
    if (slash >= 0 && slash < name.length - 1) base = name.slice(slash + 1);
  }
  const hash = defined({ md5: str(f, 'md5'), sha1: str(f, 'sha1'), sha256: str(f, 'sha256') });
  const dot = base?.lastIndexOf('.') ?? -1;
  ev.file = defined({
    name: base,
    path: name,
    extension: base !== undefined && dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : undefined,
    size: num(f, 'size'),
    hash: Object.keys(hash).length > 0 ? hash : undefined,
  });
}
