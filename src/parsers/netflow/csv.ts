import { ParseError } from '../../core/errors.js';
import type { ZoneResolver } from '../common/zone.js';
import type { Flow } from './flow.js';
import { nfdumpTime } from './nfdump-time.js';

/** The `nfdump -o csv` columns of nfdump 1.6/1.7, used when a file is read without its header line. */
export const DEFAULT_CSV_COLUMNS: readonly string[] = (
  'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,' +
  'mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr'
).split(',');

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.length === 0) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Split one `nfdump -o csv` data line by the columns of its header (plain commas: nfdump never
 * quotes) and read it as a {@link Flow}. A line with fewer columns than the header, or a `ts` that
 * is not a time, is a {@link ParseError}.
 *
 * @example
 * csvFlow(DEFAULT_CSV_COLUMNS, '2019-01-18 11:21:20,2019-01-18 11:21:21,1.000,10.0.0.1,8.8.8.8,53000,53,UDP,......,0,0,1,73,0,0,2,3,0,0,24,24,0,0,0.0.0.0,0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0.000,0.000,0.000,192.168.0.1,0/0,1,2019-01-18 11:21:22.000', (l) => l)
 */
export function csvFlow(columns: readonly string[], line: string, toUtc: ZoneResolver): { flow: Flow; raw: Record<string, string> } {
  const values = line.split(',');
  if (values.length < columns.length) {
    throw new ParseError(`nfdump CSV line has ${values.length} fields, the header has ${columns.length}`);
  }
  const raw: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (c !== '__proto__') raw[c] = values[i]!;
  }
  const startMs = nfdumpTime(raw.ts, toUtc);
  if (startMs === undefined) throw new ParseError(`nfdump CSV "ts" is not a time: "${(raw.ts ?? '').slice(0, 30)}"`);
  const flow: Flow = { startMs };
  const endMs = nfdumpTime(raw.te, toUtc);
  if (endMs !== undefined) flow.endMs = endMs;
  const td = num(raw.td);
  if (td !== undefined) flow.durationS = td;
  if (raw.sa) flow.srcIp = raw.sa;
  if (raw.da) flow.dstIp = raw.da;
  const sp = num(raw.sp);
  const dp = num(raw.dp);
  if (sp !== undefined) flow.srcPort = sp;
  if (dp !== undefined) flow.dstPort = dp;
  if (raw.pr) flow.proto = raw.pr.trim();
  if (raw.flg) flow.tcpFlags = raw.flg;
  const set = (k: keyof Flow, v: number | undefined): void => {
    if (v !== undefined) (flow as unknown as Record<string, number>)[k] = v;
  };
  set('inBytes', num(raw.ibyt ?? raw.byt));
  set('inPackets', num(raw.ipkt ?? raw.pkt));
  set('outBytes', num(raw.obyt));
  set('outPackets', num(raw.opkt));
  set('inIf', num(raw.in));
  set('outIf', num(raw.out));
  set('srcAs', num(raw.sas));
  set('dstAs', num(raw.das));
  set('vlan', num(raw.svln));
  if (raw.ismc) flow.srcMac = raw.ismc;
  if (raw.odmc) flow.dstMac = raw.odmc;
  if (raw.ra) flow.router = raw.ra;
  return { flow, raw };
}
