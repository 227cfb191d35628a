import type { Endpoint, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';

/** IANA protocol numbers seen in flow data → ECS `network.transport` names. */
const IANA: Record<number, string> = { 1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'ipv6-icmp', 89: 'ospf', 103: 'pim', 112: 'vrrp', 132: 'sctp' };
const DIGITS = /^\d+$/;
const BY_NAME: Record<string, number> = { ...Object.fromEntries(Object.entries(IANA).map(([n, name]) => [name, Number(n)])), icmp6: 58, icmpv6: 58 };

/**
 * One flow, whatever nfdump output it came from.
 *
 * @example
 * const f: Flow = { startMs: 0, srcIp: '10.0.0.1', dstIp: '10.0.0.2', proto: 'TCP', inBytes: 60, inPackets: 1 };
 */
export interface Flow {
  startMs: number;
  endMs?: number;
  /** Seconds, as nfdump's `td`; else end − start. */
  durationS?: number;
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  /** A name (`TCP`) or an IANA number (`6`). */
  proto?: string | number;
  tcpFlags?: string;
  inBytes?: number;
  inPackets?: number;
  outBytes?: number;
  outPackets?: number;
  inIf?: number;
  outIf?: number;
  srcAs?: number;
  dstAs?: number;
  srcMac?: string;
  dstMac?: string;
  vlan?: number;
  router?: string;
}

const mac = (m: string | undefined): string | undefined =>
  m === undefined || m === '00:00:00:00:00:00' || m.length === 0 ? undefined : m.toUpperCase().replaceAll(':', '-');

/**
 * The ECS event of a flow: category `network`, type `connection`; `source`/`destination` ip, port,
 * AS number, MAC; `source.bytes`/`packets` from the input (source → destination) counters and
 * `destination.*` from the output counters of bidirectional (NSEL/IPFIX biflow) records, with
 * `network.bytes`/`packets` their sums (ICMP type.code is not taken as ports); `network.transport` and `network.iana_number`;
 * `event.start`/`end`/`duration`; `observer.ip` (the exporter) and interface numbers. `@timestamp`
 * is the flow start.
 *
 * @example
 * flowToEvent({ startMs: 0, srcIp: '10.0.0.1', proto: 'TCP' }, (ms) => new Date(ms).toISOString())
 */
export function flowToEvent(f: Flow, iso: (ms: number) => string): DraftEvent {
  const ev: DraftEvent = {
    '@timestamp': iso(f.startMs),
    event: { kind: 'event', module: 'netflow', dataset: 'netflow.flow', category: ['network'], type: ['connection'], action: 'network_flow', start: iso(f.startMs) },
  };
  if (f.endMs !== undefined) ev.event.end = iso(f.endMs);
  const dur = f.durationS ?? (f.endMs !== undefined ? (f.endMs - f.startMs) / 1000 : undefined);
  if (dur !== undefined && Number.isFinite(dur) && dur >= 0) ev.event.duration = Math.round(dur * 1e9);
  const source: Endpoint = {};
  const destination: Endpoint = {};
  if (f.srcIp) source.ip = f.srcIp;
  if (f.dstIp) destination.ip = f.dstIp;
  if (f.inBytes !== undefined) source.bytes = f.inBytes;
  if (f.inPackets !== undefined) source.packets = f.inPackets;
  if (f.outBytes) destination.bytes = f.outBytes;
  if (f.outPackets) destination.packets = f.outPackets;
  if (f.srcAs) source.as = { number: f.srcAs };
  if (f.dstAs) destination.as = { number: f.dstAs };
  const sm = mac(f.srcMac);
  const dm = mac(f.dstMac);
  if (sm) source.mac = sm;
  if (dm) destination.mac = dm;
  ev.source = source;
  ev.destination = destination;
  const ips = [f.srcIp, f.dstIp].filter((x): x is string => !!x);
  if (ips.length > 0) ev.related = { ip: ips[0] === ips[1] ? [ips[0]!] : ips };
  const net: NetworkFields = {};
  if (f.proto !== undefined) {
    const n = typeof f.proto === 'number' ? f.proto : DIGITS.test(f.proto) ? Number(f.proto) : BY_NAME[f.proto.toLowerCase()];
    const name = typeof f.proto === 'string' && !DIGITS.test(f.proto) ? f.proto.toLowerCase() : n !== undefined ? IANA[n] : undefined;
    if (name !== undefined) net.transport = name === 'icmp6' || name === 'icmpv6' ? 'ipv6-icmp' : name;
    if (n !== undefined) net.iana_number = String(n);
  }
  // ICMP "ports" are nfdump's type.code (`8.0`): not ports, so they stay in `raw`.
  if (net.transport !== 'icmp' && net.transport !== 'ipv6-icmp') {
    if (f.srcPort !== undefined) source.port = f.srcPort;
    if (f.dstPort !== undefined) destination.port = f.dstPort;
  }
  if (f.srcIp) net.type = f.srcIp.includes(':') ? 'ipv6' : 'ipv4';
  if (f.inBytes !== undefined || f.outBytes !== undefined) net.bytes = (f.inBytes ?? 0) + (f.outBytes ?? 0);
  if (f.inPackets !== undefined || f.outPackets !== undefined) net.packets = (f.inPackets ?? 0) + (f.outPackets ?? 0);
  if (f.vlan) net.vlan = { id: String(f.vlan) };
  ev.network = net;
  const observer: Record<string, unknown> = { type: 'netflow' };
  if (f.router && f.router !== '0.0.0.0') observer.ip = f.router;
  if (f.inIf !== undefined) observer.ingress = { interface: { id: String(f.inIf) } };
  if (f.outIf !== undefined) observer.egress = { interface: { id: String(f.outIf) } };
  ev.observer = observer;
  return ev;
}
