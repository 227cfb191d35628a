import { ParseError } from '../../core/errors.js';
import type { Endpoint, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { setOwn } from '../common/own-property.js';
import { markFirewall, verdictOfPrefix } from './verdict.js';

/**
 * Index of the netfilter fields (`IN=`) in a kernel message, or -1.
 *
 * @example
 * netfilterStart('[UFW BLOCK] IN=eth0 OUT= SRC=…') // 12
 */
export function netfilterStart(msg: string): number {
  if (msg.startsWith('IN=')) return 0;
  const i = msg.indexOf(' IN=');
  return i < 0 ? -1 : i + 1;
}

/** `[ 1234.567890] ` kernel uptime stamp in front of the prefix (dmesg/kern.log). */
function skipUptime(s: string): number {
  if (s.charCodeAt(0) !== 91) return 0;
  const close = s.indexOf(']');
  if (close < 0) return 0;
  for (let i = 1; i < close; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 46 && (c < 48 || c > 57)) return 0;
  }
  return close + 1;
}

function int(v: string | undefined): number | undefined {
  if (v === undefined || v.length === 0 || v.length > 10) return undefined;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}

/** `MAC=` is destination(6) + source(6) + ethertype(2) bytes, colon-separated. */
function macs(mac: string): [string, string] | undefined {
  if (mac.length < 35) return undefined;
  const dst = mac.slice(0, 17).toUpperCase().replaceAll(':', '-');
  const src = mac.slice(18, 35).toUpperCase().replaceAll(':', '-');
  return [dst, src];
}

/**
 * Map an iptables/nftables `LOG` kernel message (`[prefix] IN=eth0 OUT= MAC=… SRC=… DST=… LEN=…
 * PROTO=TCP SPT=… DPT=… SYN …`) into `ev`: `source`/`destination` ip, port and MAC,
 * `network.transport` (`icmpv6` for ICMPv6), `network.type` (ipv4/ipv6), `network.bytes` (IP
 * length), `observer.ingress/egress.interface.name`, `network.direction` (only IN: inbound, only
 * OUT: outbound), and the verdict from the log prefix (`rule.name`). Flags (`DF`, `SYN`…) and
 * every `KEY=value` stay in `raw` (a second `LEN=`, the transport length, as `LEN_2`).
 *
 * @example
 * mapNetfilter('[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.5 PROTO=TCP SPT=51515 DPT=22 SYN', ev);
 */
export function mapNetfilter(msg: string, ev: DraftEvent): void {
  const start = netfilterStart(msg);
  if (start < 0) throw new ParseError('not a netfilter log message: no "IN=" field');
  const before = skipUptime(msg);
  const prefix = msg.slice(before, start).trim();
  const fields: Record<string, string> = {};
  const flags: string[] = [];
  for (const tok of msg.slice(start).split(' ')) {
    if (tok.length === 0) continue;
    const eq = tok.indexOf('=');
    if (eq <= 0) {
      flags.push(tok);
      continue;
    }
    let key = tok.slice(0, eq);
    for (let n = 2; Object.hasOwn(fields, key); n++) key = `${tok.slice(0, eq)}_${n}`;
    setOwn(fields, key, tok.slice(eq + 1));
  }
  const src = fields.SRC;
  const dst = fields.DST;
  if (src === undefined && dst === undefined && fields.PROTO === undefined) {
    // ARP and bridge lines carry no IP header; still a firewall log event.
    if (fields.IN === undefined) throw new ParseError('netfilter message without SRC, DST or PROTO');
  }
  const source: Endpoint = {};
  const destination: Endpoint = {};
  if (src) source.ip = src;
  if (dst) destination.ip = dst;
  const spt = int(fields.SPT);
  const dpt = int(fields.DPT);
  if (spt !== undefined) source.port = spt;
  if (dpt !== undefined) destination.port = dpt;
  const mac = fields.MAC === undefined ? undefined : macs(fields.MAC);
  if (mac !== undefined) {
    destination.mac = mac[0];
    source.mac = mac[1];
  }
  if (Object.keys(source).length > 0) ev.source = source;
  if (Object.keys(destination).length > 0) ev.destination = destination;
  const ips = [src, dst].filter((x): x is string => !!x);
  if (ips.length > 0) ev.related = { ip: ips[0] === ips[1] ? [ips[0]!] : ips };
  const net: NetworkFields = {};
  const proto = fields.PROTO;
  if (proto !== undefined) net.transport = proto === 'ICMPv6' ? 'icmpv6' : proto.toLowerCase();
  if (src !== undefined) net.type = src.includes(':') ? 'ipv6' : 'ipv4';
  const len = int(fields.LEN);
  if (len !== undefined) {
    net.bytes = len;
    net.packets = 1;
  }
  const inIf = fields.IN;
  const outIf = fields.OUT;
  if (inIf && !outIf) net.direction = 'inbound';
  else if (outIf && !inIf) net.direction = 'outbound';
  ev.network = net;
  const observer: Record<string, unknown> = { type: 'firewall', product: 'netfilter' };
  if (inIf) observer.ingress = { interface: { name: inIf } };
  if (outIf) observer.egress = { interface: { name: outIf } };
  ev.observer = { ...(ev.observer as object | undefined), ...observer };
  const verdict = verdictOfPrefix(prefix);
  markFirewall(ev, verdict, verdict === 'denied' ? 'drop' : verdict === 'allowed' ? 'accept' : 'log');
  if (prefix.length > 0) ev.rule = { name: prefix };
  ev.event.dataset = 'firewall.netfilter';
  ev.raw = { ...(prefix.length > 0 ? { prefix } : {}), ...fields, ...(flags.length > 0 ? { flags } : {}) };
}
