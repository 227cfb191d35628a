import type { EventCategory } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';

type Kv = Record<string, string>;

const PROTO: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '47': 'gre', '50': 'esp', '58': 'ipv6-icmp', '132': 'sctp' };
const DENIED = new Set(['deny', 'block', 'blocked', 'dropped', 'drop', 'reset', 'ip-conn', 'detected-blocked']);
const UTM_CATEGORY: Record<string, EventCategory> = {
  webfilter: 'web', virus: 'malware', ips: 'intrusion_detection', anomaly: 'intrusion_detection', 'app-ctrl': 'network',
  dns: 'network', ssl: 'network', dlp: 'file', emailfilter: 'email', waf: 'web', 'file-filter': 'file',
};

/** A value, unless FortiOS wrote "N/A" or nothing. */
function val(kv: Kv, key: string): string | undefined {
  const v = kv[key];
  return v === undefined || v === '' || v === 'N/A' ? undefined : v;
}

function num(kv: Kv, key: string): number | undefined {
  const v = val(kv, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function set(o: Record<string, unknown>, key: string, v: unknown): void {
  if (v !== undefined) o[key] = v;
}

/** Authentication events of FortiOS (`event` logs): user/FSSO logons, admin logins, SSL-VPN logins. */
function authOutcome(kv: Kv): 'success' | 'failure' | 'end' | undefined {
  const action = (val(kv, 'action') ?? '').toLowerCase();
  const status = (val(kv, 'status') ?? '').toLowerCase();
  const sub = val(kv, 'subtype');
  if (/^(auth-logon|fsso-logon|ssl-login|tunnel-up)$/.test(action)) return 'success';
  if (/^(auth-logout|fsso-logoff|logout|tunnel-down)$/.test(action)) return 'end';
  if (/fail/.test(action)) return 'failure';
  if (action === 'login' || (sub === 'user' && action === 'authentication')) return /fail|deny/.test(status) ? 'failure' : 'success';
  return undefined;
}

/**
 * Map a FortiOS log record (key=value) to ECS. `type=traffic` → network connections allowed or
 * denied (policy as `rule.*`, bytes/packets per direction, NAT); `type=utm` → web filter, app
 * control, DNS, IPS, antivirus with the verdict; `type=event` user/system/vpn logons and logins →
 * authentication with `event.outcome`, `user.name` and `source.ip`.
 *
 * @example
 * mapFortigate({ type: 'traffic', action: 'deny', srcip: '10.0.0.1', dstip: '192.0.2.1', proto: '6' }).event.outcome // 'failure'
 */
export function mapFortigate(kv: Kv): DraftEvent {
  const type = val(kv, 'type') ?? '';
  const sub = val(kv, 'subtype');
  const action = val(kv, 'action');
  const ev: DraftEvent = { '@timestamp': '', event: { kind: 'event', module: 'fortigate', dataset: `fortigate.${type || 'log'}` } };
  set(ev.event, 'code', val(kv, 'logid'));
  set(ev.event, 'action', action ?? val(kv, 'eventtype') ?? sub);
  const msg = val(kv, 'msg') ?? val(kv, 'logdesc');
  if (msg !== undefined) ev.message = msg;
  const level = val(kv, 'level');
  if (level) ev.log = { level };
  const observer: Record<string, unknown> = { vendor: 'Fortinet', product: 'FortiGate', type: 'firewall' };
  set(observer, 'name', val(kv, 'devname'));
  set(observer, 'serial_number', val(kv, 'devid'));
  if (val(kv, 'srcintf')) observer.ingress = { interface: { name: val(kv, 'srcintf') } };
  if (val(kv, 'dstintf')) observer.egress = { interface: { name: val(kv, 'dstintf') } };
  ev.observer = observer;
  if (val(kv, 'devname')) ev.host = { name: val(kv, 'devname')! };

  const source: Record<string, unknown> = {};
  set(source, 'ip', val(kv, 'srcip') ?? val(kv, 'remip'));
  set(source, 'port', num(kv, 'srcport') ?? num(kv, 'remport'));
  set(source, 'bytes', num(kv, 'sentbyte'));
  set(source, 'packets', num(kv, 'sentpkt'));
  if (val(kv, 'transip')) source.nat = { ip: val(kv, 'transip'), ...(num(kv, 'transport') !== undefined ? { port: num(kv, 'transport') } : {}) };
  if (val(kv, 'srccountry') && val(kv, 'srccountry') !== 'Reserved') source.geo = { country_name: val(kv, 'srccountry') };
  const dest: Record<string, unknown> = {};
  set(dest, 'ip', val(kv, 'dstip') ?? val(kv, 'locip'));
  set(dest, 'port', num(kv, 'dstport') ?? num(kv, 'locport'));
  set(dest, 'bytes', num(kv, 'rcvdbyte'));
  set(dest, 'packets', num(kv, 'rcvdpkt'));
  if (val(kv, 'dstcountry') && val(kv, 'dstcountry') !== 'Reserved') dest.geo = { country_name: val(kv, 'dstcountry') };
  if (Object.keys(source).length) ev.source = source;
  if (Object.keys(dest).length) ev.destination = dest;

  const proto = val(kv, 'proto');
  if (proto !== undefined) ev.network = { iana_number: proto, ...(PROTO[proto] ? { transport: PROTO[proto] } : {}) };
  const dur = num(kv, 'duration');
  if (dur !== undefined) ev.event.duration = dur * 1e9;
  const user = val(kv, 'user') ?? val(kv, 'xauthuser') ?? val(kv, 'unauthuser');
  if (user !== undefined) ev.user = { name: user, ...(val(kv, 'group') ? { group: { name: val(kv, 'group') } } : {}) };
  const rule: Record<string, unknown> = {};
  set(rule, 'id', val(kv, 'policyid'));
  set(rule, 'name', val(kv, 'policyname') ?? val(kv, 'profile'));
  set(rule, 'uuid', val(kv, 'poluuid'));
  if (Object.keys(rule).length) ev.rule = rule;
  const reason = val(kv, 'reason');
  if (reason) ev.event.reason = reason;

  if (type === 'traffic') {
    const denied = DENIED.has((action ?? '').toLowerCase());
    ev.event.category = ['network'];
    ev.event.type = ['connection', denied ? 'denied' : 'allowed'];
    ev.event.outcome = denied ? 'failure' : 'success';
  } else if (type === 'utm') {
    const denied = DENIED.has((action ?? '').toLowerCase());
    ev.event.category = [UTM_CATEGORY[sub ?? ''] ?? 'network'];
    ev.event.type = [denied ? 'denied' : 'allowed'];
    ev.event.outcome = denied ? 'failure' : 'success';
    if (val(kv, 'hostname') || val(kv, 'url')) ev.url = { ...(val(kv, 'hostname') ? { domain: val(kv, 'hostname') } : {}), ...(val(kv, 'url') ? { path: val(kv, 'url') } : {}) };
    if (val(kv, 'qname')) ev.dns = { question: { name: val(kv, 'qname'), type: val(kv, 'qtype') }, ...(val(kv, 'ipaddr') ? { resolved_ip: val(kv, 'ipaddr')!.split(/,\s*/) } : {}) };
    const threat = val(kv, 'attack') ?? val(kv, 'virus');
    if (threat) ev.threat = { indicator: { description: threat } };
  } else if (type === 'event') {
    const auth = authOutcome(kv);
    if (auth !== undefined) {
      ev.event.category = ['authentication'];
      ev.event.type = [auth === 'end' ? 'end' : auth === 'success' ? 'start' : 'info'];
      ev.event.outcome = auth === 'failure' ? 'failure' : 'success';
    } else if (sub === 'vpn') {
      ev.event.category = ['network', 'session'];
      ev.event.type = ['info'];
      const st = (val(kv, 'status') ?? val(kv, 'result') ?? '').toLowerCase();
      if (/error|fail/.test(st)) ev.event.outcome = 'failure';
      else if (/success|ok/.test(st)) ev.event.outcome = 'success';
    } else {
      ev.event.category = [sub === 'user' ? 'iam' : 'configuration'];
      ev.event.type = ['info'];
    }
  }
  ev.fortinet = Object.fromEntries(Object.entries({
    type, subtype: sub, eventtype: val(kv, 'eventtype'), vd: val(kv, 'vd'), service: val(kv, 'service'), app: val(kv, 'app'),
    appcat: val(kv, 'appcat'), category: val(kv, 'catdesc'), session_id: val(kv, 'sessionid'), vpn_tunnel: val(kv, 'vpntunnel'),
    tunnel_ip: val(kv, 'tunnelip') ?? val(kv, 'assignip'), auth_server: val(kv, 'authserver') ?? val(kv, 'server'),
  }).filter(([, v]) => v !== undefined));
  const ips = [source.ip, dest.ip].filter((x): x is string => typeof x === 'string');
  ev.related = { ...(ips.length ? { ip: [...new Set(ips)] } : {}), ...(user ? { user: [user] } : {}) };
  return ev;
}
