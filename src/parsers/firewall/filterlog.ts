import { ParseError } from '../../core/errors.js';
import type { Endpoint, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { markFirewall } from './verdict.js';

type Raw = Record<string, string | string[]>;

const COMMON = ['rule', 'subrule', 'anchor', 'tracker', 'interface', 'reason', 'action', 'direction', 'ipversion'] as const;
const IPV4 = ['tos', 'ecn', 'ttl', 'id', 'offset', 'flags', 'protoid', 'proto', 'length', 'src', 'dst'] as const;
const IPV6 = ['class', 'flowlabel', 'hoplimit', 'proto', 'protoid', 'length', 'src', 'dst'] as const;
const TCP = ['srcport', 'dstport', 'datalen', 'tcpflags', 'seq', 'ack', 'window', 'urg', 'options'] as const;
const UDP = ['srcport', 'dstport', 'datalen'] as const;
const CARP = ['carp_type', 'carp_ttl', 'vhid', 'carp_version', 'advbase', 'advskew'] as const;

/** ICMP fields after `icmp_type`, by type (pfSense "Filter Log Format"). */
const ICMP_BY_TYPE: Record<string, readonly string[]> = {
  request: ['icmp_id', 'icmp_seq'],
  reply: ['icmp_id', 'icmp_seq'],
  unreachproto: ['icmp_dstip', 'icmp_protoid'],
  unreachport: ['icmp_dstip', 'icmp_protoid', 'icmp_port'],
  unreach: ['icmp_descr'],
  timexceed: ['icmp_descr'],
  paramprob: ['icmp_descr'],
  redirect: ['icmp_descr'],
  maskreply: ['icmp_descr'],
  needfrag: ['icmp_dstip', 'icmp_mtu'],
  tstamp: ['icmp_id', 'icmp_seq'],
  tstampreply: ['icmp_id', 'icmp_seq', 'icmp_otime', 'icmp_rtime', 'icmp_ttime'],
};

function int(v: string | undefined): number | undefined {
  if (v === undefined || v.length === 0 || v.length > 10) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function take(raw: Raw, names: readonly string[], parts: string[], at: number): number {
  for (let k = 0; k < names.length && at + k < parts.length; k++) raw[names[k]!] = parts[at + k]!;
  return at + names.length;
}

/**
 * Whether `body` looks like a filterlog CSV record: a rule number (or empty), then at least the
 * nine common fields.
 *
 * @example
 * isFilterlog('5,,,1000000103,igb1,match,block,in,4,0x0,,64,0,0,DF,17,udp,79,192.168.1.2,224.0.0.251,5353,5353,59') // true
 */
export function isFilterlog(body: string): boolean {
  const c = body.indexOf(',');
  if (c < 0 || c > 10) return false;
  for (let i = 0; i < c; i++) if (body.charCodeAt(i) < 48 || body.charCodeAt(i) > 57) return false;
  let commas = 0;
  for (let i = body.indexOf(','); i >= 0 && commas < 9; i = body.indexOf(',', i + 1)) commas++;
  return commas >= 9;
}

/**
 * Map a pfSense / OPNsense `filterlog` CSV record into `ev`: the common fields (rule, tracker,
 * interface, reason, action `pass`/`block`/`reject`, direction `in`/`out`, IP version), the IPv4 or
 * IPv6 header fields, then TCP / UDP / ICMP / CARP fields as the pfSense "Filter Log Format"
 * lays them out. `event.type` `allowed` for pass and `denied` for block/reject; `rule.id` = the
 * tracker (stable across reloads), `rule.name` = the rule number; `observer.ingress` or
 * `egress` interface by direction; `network.direction` inbound/outbound. Unknown IP versions or a
 * record that stops inside the common fields are {@link ParseError}s.
 *
 * @example
 * mapFilterlog('5,,,1000000103,igb1,match,block,in,4,0x0,,64,0,0,DF,17,udp,79,192.168.1.2,224.0.0.251,5353,5353,59', ev);
 */
export function mapFilterlog(body: string, ev: DraftEvent): void {
  const parts = body.trim().split(',');
  if (parts.length < COMMON.length) throw new ParseError(`filterlog record has ${parts.length} fields, the common part alone has ${COMMON.length}`);
  const raw: Raw = {};
  let at = take(raw, COMMON, parts, 0);
  const version = raw.ipversion;
  if (version === '4') at = take(raw, IPV4, parts, at);
  else if (version === '6') at = take(raw, IPV6, parts, at);
  else throw new ParseError(`filterlog IP version "${String(version).slice(0, 10)}" is neither 4 nor 6`);
  if (parts.length < at) throw new ParseError(`filterlog IPv${version} record ends after ${parts.length} fields, before the addresses (${at} needed)`);
  const proto = String(raw.proto).toLowerCase();
  if (proto === 'tcp') at = take(raw, TCP, parts, at);
  else if (proto === 'udp') at = take(raw, UDP, parts, at);
  else if (proto === 'icmp' || proto === 'ipv6-icmp' || proto === 'icmpv6') {
    const type = parts[at];
    if (type !== undefined) {
      raw.icmp_type = type;
      at = take(raw, ICMP_BY_TYPE[type] ?? [], parts, at + 1);
    }
  } else if (proto === 'carp') at = take(raw, CARP, parts, at);
  if (at < parts.length) raw.extra = parts.slice(at);

  const source: Endpoint = {};
  const destination: Endpoint = {};
  const src = raw.src as string | undefined;
  const dst = raw.dst as string | undefined;
  if (src) source.ip = src;
  if (dst) destination.ip = dst;
  const sp = int(raw.srcport as string | undefined);
  const dp = int(raw.dstport as string | undefined);
  if (sp !== undefined) source.port = sp;
  if (dp !== undefined) destination.port = dp;
  if (Object.keys(source).length > 0) ev.source = source;
  if (Object.keys(destination).length > 0) ev.destination = destination;
  const ips = [src, dst].filter((x): x is string => !!x);
  if (ips.length > 0) ev.related = { ip: ips[0] === ips[1] ? [ips[0]!] : ips };
  const net: NetworkFields = { type: version === '4' ? 'ipv4' : 'ipv6' };
  if (proto) net.transport = proto === 'ipv6-icmp' ? 'icmpv6' : proto;
  const iana = int(raw.protoid as string | undefined);
  if (iana !== undefined) net.iana_number = String(iana);
  const len = int(raw.length as string | undefined);
  if (len !== undefined) {
    net.bytes = len;
    net.packets = 1;
  }
  const dir = raw.direction;
  if (dir === 'in') net.direction = 'inbound';
  else if (dir === 'out') net.direction = 'outbound';
  ev.network = net;
  const iface = raw.interface as string;
  ev.observer = { ...(ev.observer as object | undefined), type: 'firewall', product: 'pf', ...(iface ? { [dir === 'out' ? 'egress' : 'ingress']: { interface: { name: iface } } } : {}) };
  const action = raw.action as string;
  markFirewall(ev, action === 'pass' ? 'allowed' : action === 'block' || action === 'reject' ? 'denied' : undefined, action || undefined);
  const rule: Record<string, string> = {};
  if (raw.tracker) rule.id = raw.tracker as string;
  if (raw.rule) rule.name = raw.rule as string;
  if (raw.subrule) rule.ruleset = raw.subrule as string;
  if (Object.keys(rule).length > 0) ev.rule = rule;
  if (raw.reason) ev.event.reason = raw.reason as string;
  ev.event.dataset = 'firewall.filterlog';
  ev.raw = raw;
}
