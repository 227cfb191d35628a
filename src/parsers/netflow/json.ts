import { ParseError } from '../../core/errors.js';
import type { ZoneResolver } from '../common/zone.js';
import type { Flow } from './flow.js';
import { nfdumpTime } from './nfdump-time.js';

type Rec = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.length > 0 && Number.isFinite(Number(v)) ? Number(v) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * An `nfdump -o json` / `-o json-log` flow object as a {@link Flow}: `t_first`/`first`,
 * `t_last`/`last`, `src4_addr`/`src6_addr`, `dst4_addr`/`dst6_addr`, `src_port`, `dst_port`,
 * `proto` (IANA number), `tcp_flags`, `in_packets`/`in_bytes`, `out_packets`/`out_bytes`,
 * `input_snmp`/`output_snmp`, `src_as`/`dst_as`, `in_src_mac`/`out_dst_mac`, `src_vlan`,
 * `ip4_router`/`ip6_router`. A record without a readable first-seen time is a {@link ParseError}.
 *
 * @example
 * jsonFlow({ type: 'FLOW', t_first: '2022-01-01T10:00:00.000', proto: 6, src4_addr: '10.0.0.1' }, (l) => l)
 */
export function jsonFlow(r: Rec, toUtc: ZoneResolver): Flow {
  const first = r.t_first ?? r.first;
  const startMs = nfdumpTime(first, toUtc);
  if (startMs === undefined) throw new ParseError(first === undefined ? 'nfdump JSON flow has no "t_first"/"first" time' : `nfdump JSON "t_first" is not a time: ${JSON.stringify(first).slice(0, 40)}`);
  const flow: Flow = { startMs };
  const endMs = nfdumpTime(r.t_last ?? r.last, toUtc);
  if (endMs !== undefined) flow.endMs = endMs;
  const src = str(r.src4_addr) ?? str(r.src6_addr);
  const dst = str(r.dst4_addr) ?? str(r.dst6_addr);
  if (src) flow.srcIp = src;
  if (dst) flow.dstIp = dst;
  const pairs: Array<[keyof Flow, unknown]> = [
    ['srcPort', r.src_port], ['dstPort', r.dst_port], ['inBytes', r.in_bytes], ['inPackets', r.in_packets], ['outBytes', r.out_bytes],
    ['outPackets', r.out_packets], ['inIf', r.input_snmp], ['outIf', r.output_snmp], ['srcAs', r.src_as], ['dstAs', r.dst_as], ['vlan', r.src_vlan],
  ];
  for (const [k, v] of pairs) {
    const n = num(v);
    if (n !== undefined) (flow as unknown as Record<string, number>)[k] = n;
  }
  const proto = num(r.proto) ?? str(r.proto);
  if (proto !== undefined) flow.proto = proto;
  const flags = str(r.tcp_flags);
  if (flags) flow.tcpFlags = flags;
  const sm = str(r.in_src_mac);
  const dm = str(r.out_dst_mac);
  if (sm) flow.srcMac = sm;
  if (dm) flow.dstMac = dm;
  const router = str(r.ip4_router) ?? str(r.ip6_router);
  if (router) flow.router = router;
  return flow;
}
