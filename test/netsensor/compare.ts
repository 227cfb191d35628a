import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { SensorRecord } from '../../src/parsers/netproto/index.js';
import { Sensor, type SensorProblem } from '../../src/parsers/netproto/index.js';

/** tshark is Debian's `tshark` package; tests that need it skip with this message when it is absent. */
export const TSHARK = '/usr/bin/tshark';
export const haveTshark = existsSync(TSHARK);

/** Run the sensor over a capture file (in 64 KiB chunks, as a stream). */
export function sense(path: string): { recs: SensorRecord[]; probs: SensorProblem[]; sensor: Sensor } {
  const recs: SensorRecord[] = [];
  const probs: SensorProblem[] = [];
  const sensor = new Sensor((r) => recs.push(r), (p) => probs.push(p));
  const buf = readFileSync(path);
  for (let i = 0; i < buf.length; i += 65536) sensor.push(buf.subarray(i, i + 65536));
  sensor.end();
  return { recs, probs, sensor };
}

/** `tshark -T fields` rows (tab-separated, all occurrences comma-joined). */
export function tsharkFields(path: string, filter: string, fields: string[], extra: string[] = []): string[][] {
  const r = spawnSync(TSHARK, ['-r', path, '-n', ...extra, '-Y', filter, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

/** Agreement of two multisets of strings: items in both (with multiplicity) over the larger side. */
export interface Agreement {
  ours: number;
  tshark: number;
  agree: number;
  onlyOurs: string[];
  onlyTshark: string[];
}

/**
 * Compare two multisets.
 *
 * @example
 * agreement(['a', 'b'], ['a']) // { ours: 2, tshark: 1, agree: 1, onlyOurs: ['b'], onlyTshark: [] }
 */
export function agreement(ours: string[], theirs: string[]): Agreement {
  const left = new Map<string, number>();
  for (const t of theirs) left.set(t, (left.get(t) ?? 0) + 1);
  let agree = 0;
  const onlyOurs: string[] = [];
  for (const o of ours) {
    const n = left.get(o) ?? 0;
    if (n > 0) { agree++; left.set(o, n - 1); } else onlyOurs.push(o);
  }
  const onlyTshark = [...left].flatMap(([k, n]) => Array<string>(n).fill(k));
  return { ours: ours.length, tshark: theirs.length, agree, onlyOurs: onlyOurs.slice(0, 5), onlyTshark: onlyTshark.slice(0, 5) };
}

const canon = (a: string, ap: string | number, b: string, bp: string | number, proto: string) => {
  const x = `${a}:${ap}`;
  const y = `${b}:${bp}`;
  return `${proto} ${x < y ? `${x} ${y}` : `${y} ${x}`}`;
};

/** The fields read from tshark in one pass over a capture. */
export const TSHARK_FIELDS = [
  'frame.protocols', 'ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'tcp.len', 'udp.length',
  'dns.flags.response', 'dns.qry.name', 'dns.flags.rcode', 'dns.count.answers',
  'dhcp.hw.mac_addr', 'dhcp.option.hostname', 'dhcp.option.vendor_class_id', 'dhcp.option.dhcp',
  'tls.handshake.type', 'tls.handshake.extensions_server_name', 'tls.handshake.ja3',
  'mqtt.msgtype', 'mqtt.clientid', 'mqtt.topic',
  'dicom.pdu.type', 'dicom.assoc.ae.called', 'dicom.assoc.ae.calling', '_ws.col.Info',
  'hl7.message.type', 'hl7.event.type',
] as const;
export type TsharkRow = Record<(typeof TSHARK_FIELDS)[number], string>;

/** Every packet of a capture as tshark decodes it (one tshark run); DICOM on 11112 and HL7 on 2575 decoded as such. */
export function tsharkAll(path: string, decodeAs: string[] = ['tcp.port==11112,dicom', 'tcp.port==2575,hl7']): TsharkRow[] {
  return tsharkFields(path, 'frame', [...TSHARK_FIELDS], decodeAs.flatMap((d) => ['-d', d])).map((r) => Object.fromEntries(TSHARK_FIELDS.map((f, i) => [f, r[i] ?? ''])) as TsharkRow);
}

/** Per flow key (canonical 5-tuple): packets and transport payload bytes, ours vs tshark's. */
export function flowCounts(rows: TsharkRow[], recs: SensorRecord[]): { ours: string[]; theirs: string[] } {
  const ours = new Map<string, [number, number]>();
  for (const r of recs) {
    if (r.type !== 'conn' || (r.proto !== 'tcp' && r.proto !== 'udp')) continue;
    const k = canon(r['id.orig_h'], r['id.orig_p'], r['id.resp_h'], r['id.resp_p'], r.proto);
    const v = ours.get(k) ?? [0, 0];
    v[0] += (r.orig_pkts as number) + (r.resp_pkts as number);
    v[1] += (r.orig_bytes as number) + (r.resp_bytes as number);
    ours.set(k, v);
  }
  const theirs = new Map<string, [number, number]>();
  const first = (x?: string) => (x ?? '').split(',')[0] ?? '';
  for (const row of rows) {
    const protos = row['frame.protocols'].split(':');
    if (protos.includes('icmp') || protos.includes('icmpv6')) continue;
    const tcp = first(row['tcp.srcport']) !== '';
    if (!tcp && first(row['udp.srcport']) === '') continue;
    const k = canon(first(row['ip.src']) || first(row['ipv6.src']), tcp ? first(row['tcp.srcport']) : first(row['udp.srcport']), first(row['ip.dst']) || first(row['ipv6.dst']), tcp ? first(row['tcp.dstport']) : first(row['udp.dstport']), tcp ? 'tcp' : 'udp');
    const v = theirs.get(k) ?? [0, 0];
    v[0] += 1;
    v[1] += tcp ? Number(first(row['tcp.len']) || 0) : Math.max(0, Number(first(row['udp.length']) || 8) - 8);
    theirs.set(k, v);
  }
  const fmt = (m: Map<string, [number, number]>) => [...m].map(([k, [p, b]]) => `${k} pkts=${p} bytes=${b}`);
  return { ours: fmt(ours), theirs: fmt(theirs) };
}
