import type { DraftEvent } from '../common/draft-event.js';
import { COMMON as C, THREAT as H, TRAFFIC as T } from './fields.js';

const ALLOWED = new Set(['allow', 'alert', 'continue', 'override']);
const SEVERITY: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** A field, unless PAN-OS left it empty or wrote a placeholder. */
function f(v: string[], i: number): string | undefined {
  const s = v[i];
  return s === undefined || s === '' || s === 'N/A' || s === 'any' && i === C.rule ? undefined : s;
}

function n(v: string[], i: number): number | undefined {
  const s = f(v, i);
  if (s === undefined) return undefined;
  const x = Number(s);
  return Number.isFinite(x) ? x : undefined;
}

/** `0.0.0.0` is PAN-OS for "no NAT". */
function ip(v: string[], i: number): string | undefined {
  const s = f(v, i);
  return s === '0.0.0.0' ? undefined : s;
}

/** `192.168.0.0-192.168.255.255` is a private range, not a country. */
function country(v: string[], i: number): { country_name: string } | undefined {
  const s = f(v, i);
  return s === undefined || /^[\d.:a-f]+-[\d.:a-f]+$/i.test(s) ? undefined : { country_name: s };
}

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (v !== undefined) o[k] = v;
}

/** `domain\user` → the account name alone in `user.name`, the domain in `user.domain`. */
function user(s: string | undefined): { name: string; domain?: string } | undefined {
  if (s === undefined) return undefined;
  const slash = s.indexOf('\\');
  return slash > 0 ? { name: s.slice(slash + 1), domain: s.slice(0, slash) } : { name: s };
}

/**
 * Map the fields of a PAN-OS TRAFFIC or THREAT record to ECS (time is set by the caller). TRAFFIC
 * → connection allowed/denied with bytes/packets per direction, NAT, zones, rule and session end
 * reason; THREAT → `threat`/`intrusion_detection` (or `web` for URL filtering) with the threat
 * name and id, severity, URL and verdict.
 *
 * @example
 * mapPanos(splitCsv('1,2018/11/30 16:09:07,0128,TRAFFIC,deny,…')).event.outcome // 'failure'
 */
export function mapPanos(v: string[]): DraftEvent {
  const type = v[C.type] ?? '';
  const action = f(v, C.action);
  // A TRAFFIC `deny`/`drop` subtype is a session the policy refused, whatever the action column says.
  const allowed = action !== undefined && ALLOWED.has(action) && v[C.subtype] !== 'deny' && v[C.subtype] !== 'drop';
  const threat = type === 'THREAT';
  const ev: DraftEvent = {
    '@timestamp': '',
    event: { kind: threat ? 'alert' : 'event', module: 'panos', dataset: `panos.${type.toLowerCase()}` },
  };
  put(ev.event, 'action', action);
  ev.event.outcome = action === undefined ? 'unknown' : allowed ? 'success' : 'failure';
  const source: Record<string, unknown> = {};
  put(source, 'ip', ip(v, C.srcIp));
  put(source, 'port', n(v, C.srcPort));
  const destination: Record<string, unknown> = {};
  put(destination, 'ip', ip(v, C.dstIp));
  put(destination, 'port', n(v, C.dstPort));
  if (ip(v, C.natSrcIp)) source.nat = { ip: ip(v, C.natSrcIp), ...(n(v, C.natSrcPort) ? { port: n(v, C.natSrcPort) } : {}) };
  if (ip(v, C.natDstIp)) destination.nat = { ip: ip(v, C.natDstIp), ...(n(v, C.natDstPort) ? { port: n(v, C.natDstPort) } : {}) };
  const su = user(f(v, C.srcUser));
  if (su) ev.user = su;
  const du = user(f(v, C.dstUser));
  if (du) destination.user = du;
  const network: Record<string, unknown> = { ...(f(v, C.proto) ? { transport: f(v, C.proto) } : {}), ...(f(v, C.app) ? { application: f(v, C.app) } : {}) };
  ev.network = network;
  const observer: Record<string, unknown> = { vendor: 'Palo Alto Networks', product: 'PAN-OS', type: 'firewall' };
  put(observer, 'serial_number', f(v, C.serial));
  if (f(v, C.inIf)) observer.ingress = { interface: { name: f(v, C.inIf) }, zone: f(v, C.srcZone) };
  if (f(v, C.outIf)) observer.egress = { interface: { name: f(v, C.outIf) }, zone: f(v, C.dstZone) };
  ev.rule = f(v, C.rule) ? { name: f(v, C.rule) } : undefined;
  if (ev.rule === undefined) delete ev.rule;
  const panos: Record<string, unknown> = { type, subtype: f(v, C.subtype), session_id: f(v, C.sessionId), vsys: f(v, C.vsys), log_action: f(v, C.logAction), repeat: n(v, C.repeat) };

  if (!threat) {
    ev.event.category = ['network'];
    ev.event.type = ['connection', allowed ? 'allowed' : 'denied', ...(v[C.subtype] === 'start' ? ['start'] : v[C.subtype] === 'end' ? ['end'] : [])];
    put(source, 'bytes', n(v, T.bytesSent));
    put(destination, 'bytes', n(v, T.bytesReceived));
    put(source, 'packets', n(v, T.packetsSent));
    put(destination, 'packets', n(v, T.packetsReceived));
    put(network, 'bytes', n(v, T.bytes));
    put(network, 'packets', n(v, T.packets));
    put(source, 'geo', country(v, T.srcCountry));
    put(destination, 'geo', country(v, T.dstCountry));
    const elapsed = n(v, T.elapsed);
    if (elapsed !== undefined) ev.event.duration = elapsed * 1e9;
    const reason = f(v, T.endReason);
    if (reason) ev.event.reason = reason;
    put(panos, 'url_category', f(v, T.category));
    put(observer, 'name', f(v, T.deviceName));
  } else {
    const sub = v[C.subtype] ?? '';
    ev.event.category = [sub === 'url' ? 'web' : sub === 'virus' || sub === 'wildfire-virus' ? 'malware' : 'intrusion_detection'];
    ev.event.type = [allowed ? 'allowed' : 'denied', ...(sub === 'url' ? [] : ['indicator'])];
    const name = f(v, H.threat);
    const m = name ? /^(.*)\((\d+)\)$/.exec(name) : null;
    const threatName = m ? m[1]!.trim() : name;
    if (threatName || m) ev.rule = { ...(ev.rule ?? {}), ...(threatName ? { description: threatName } : {}), ...(m ? { id: m[2] } : {}) };
    const sev = f(v, H.severity);
    if (sev) {
      ev.event.severity = SEVERITY[sev] ?? 0;
      ev.log = { level: sev };
    }
    const url = f(v, H.url);
    if (url) {
      const slash = url.indexOf('/');
      ev.url = sub === 'url' ? { original: url, domain: slash > 0 ? url.slice(0, slash) : url, path: slash > 0 ? url.slice(slash) : '/' } : { original: url };
    }
    if (f(v, H.userAgent)) ev.user_agent = { original: f(v, H.userAgent) };
    put(source, 'geo', country(v, H.srcCountry));
    put(destination, 'geo', country(v, H.dstCountry));
    put(panos, 'url_category', f(v, H.category));
    put(panos, 'direction', f(v, H.direction));
    put(panos, 'threat_name', threatName);
    put(observer, 'name', f(v, H.deviceName));
  }
  if (Object.keys(source).length) ev.source = source;
  if (Object.keys(destination).length) ev.destination = destination;
  ev.observer = observer;
  if (typeof observer.name === 'string') ev.host = { name: observer.name };
  ev.panos = Object.fromEntries(Object.entries(panos).filter(([, x]) => x !== undefined));
  const ips = [source.ip, destination.ip].filter((x): x is string => typeof x === 'string');
  ev.related = { ...(ips.length ? { ip: [...new Set(ips)] } : {}), ...(su ? { user: [su.name] } : {}) };
  return ev;
}
