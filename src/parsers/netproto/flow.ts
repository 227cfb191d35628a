import { randomBytes } from 'node:crypto';
import type { AppDecoder, DecoderFactory, Dir, SensorRecord } from './app/types.js';
import { communityId } from './community-id.js';
import { Moments } from './flow-stats.js';
import { addrAt, macAt, type DecodedPacket } from './packet.js';
import { TcpStream } from './tcp-stream.js';

/** Flow table limits and timeouts (seconds of packet time). */
export interface FlowOptions {
  /** Flows held at once; a new flow beyond this evicts the oldest (emitted, counted). */
  maxFlows: number;
  idleTcp: number;
  idleUdp: number;
  idleOther: number;
  /** A flow still active after this long is emitted and continued as a new one (CICFlowMeter's active timeout). */
  active: number;
  /** How long a closed TCP flow (FIN both ways, or RST) waits for stray packets before it is emitted. */
  closeLinger: number;
  /** Bytes of TCP payload buffered per direction for reassembly (out-of-order segments). */
  reassemblyBytes: number;
}

export const DEFAULT_FLOW_OPTIONS: FlowOptions = { maxFlows: 100_000, idleTcp: 300, idleUdp: 60, idleOther: 60, active: 1800, closeLinger: 5, reassemblyBytes: 256 * 1024 };

const FIN = 1;
const SYN = 2;
const RST = 4;
const PSH = 8;
const ACK = 16;
const URG = 32;

const EMPTY = Buffer.alloc(0);
/** History letters (Zeek's `history`): SYN, SYN-ACK, pure ACK, data, FIN, RST. */
const L_S = 0;
const L_H = 1;
const L_A = 2;
const L_D = 3;
const L_F = 4;
const L_R = 5;
const noop = (): void => {};
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Per-direction counters. */
class Side {
  pkts = 0;
  bytes = 0;
  ipBytes = 0;
  len = new Moments();
  fin = 0;
  syn = 0;
  rst = 0;
  psh = 0;
  urg = 0;
  ack = 0;
  mac: string | undefined;
}

/** One bidirectional flow in the table. */
export class Flow {
  readonly uid: string;
  first: number;
  last: number;
  readonly o = new Side();
  readonly r = new Side();
  readonly iat = new Moments();
  history = '';
  /** Letters already written per direction (Zeek writes each once). */
  private seen = 0;
  /** Set when TCP teardown (FIN both ways or RST) was seen. */
  closedAt = 0;
  app: AppDecoder | undefined;
  appTried = false;
  streams: [TcpStream, TcpStream] | undefined;
  vlan: number | undefined;

  constructor(
    readonly key: string,
    readonly origH: string,
    readonly origP: number,
    readonly respH: string,
    readonly respP: number,
    readonly protoNum: number,
    ts: number,
    uid: string,
    /** The originator's address key (as in {@link DecodedPacket.srcKey}). */
    readonly origKey: number | string,
  ) {
    this.uid = uid;
    this.first = ts;
    this.last = ts;
  }

  get proto(): string {
    return this.protoNum === 6 ? 'tcp' : this.protoNum === 17 ? 'udp' : this.protoNum === 1 || this.protoNum === 58 ? 'icmp' : String(this.protoNum);
  }

  /** Write a history letter (index into `shadfr`) once per direction. */
  mark(letter: number, dir: Dir): void {
    const bit = 1 << (letter + (dir === 0 ? 8 : 0));
    if (this.seen & bit) return;
    this.seen |= bit;
    this.history += (dir === 0 ? 'SHADFR' : 'shadfr')[letter]!;
  }

  /** Zeek's conn_state, from what each side sent. */
  state(): string {
    if (this.protoNum !== 6) return this.r.pkts > 0 ? 'SF' : 'S0';
    const o = this.o;
    const r = this.r;
    const h = this.history;
    const origSyn = h.includes('S');
    const respSynAck = h.includes('h');
    if (!origSyn && !respSynAck) return 'OTH';
    if (origSyn && !respSynAck) {
      if (r.rst > 0) return 'REJ';
      if (o.rst > 0) return 'RSTOS0';
      if (o.fin > 0) return 'SH';
      return 'S0';
    }
    if (!origSyn && respSynAck) {
      if (r.rst > 0) return 'RSTRH';
      if (r.fin > 0) return 'SHR';
      return 'OTH';
    }
    if (o.rst > 0) return 'RSTO';
    if (r.rst > 0) return 'RSTR';
    if (o.fin > 0 && r.fin > 0) return 'SF';
    if (o.fin > 0) return 'S2';
    if (r.fin > 0) return 'S3';
    return 'S1';
  }
}

/** Counters of the flow builder, for telemetry and the benchmark. */
export interface FlowCounters {
  packets: number;
  flows: number;
  evicted: number;
  activeTimeouts: number;
  idleTimeouts: number;
  closed: number;
}

/**
 * Bidirectional flow table: packets in, Zeek-conn-like records with CICFlowMeter-like statistics
 * out, on TCP teardown (after a short linger for stray packets), idle timeout, active timeout,
 * eviction (table full) or {@link FlowTable.flush}. Application decoders are attached per flow
 * from the ports or the first payload and fed in-order bytes (minimal, bounded reassembly).
 *
 * @example
 * const t = new FlowTable((rec) => out.push(rec), DEFAULT_FLOW_OPTIONS, decoders);
 * t.add(decoded); … t.flush();
 */
export class FlowTable {
  private readonly flows = new Map<string, Flow>();
  private lastSweep = 0;
  private now = 0;
  private seq = 0;
  private readonly uidPrefix: string;
  readonly counters: FlowCounters = { packets: 0, flows: 0, evicted: 0, activeTimeouts: 0, idleTimeouts: 0, closed: 0 };
  private readonly byPort = new Map<string, DecoderFactory>();

  constructor(
    private readonly out: (r: SensorRecord) => void,
    private readonly opts: FlowOptions = DEFAULT_FLOW_OPTIONS,
    private readonly decoders: DecoderFactory[] = [],
    private readonly onProblem: (flow: Flow, code: string, reason: string, bytes: Buffer) => void = () => {},
  ) {
    const rnd = randomBytes(6);
    this.uidPrefix = 'C' + Array.from(rnd, (x) => B62[x % 62]).join('');
    for (const d of decoders) for (const p of d.ports) this.byPort.set(`${d.transport}:${p}`, d);
  }

  /** Flows held now. */
  get size(): number {
    return this.flows.size;
  }

  /** Account one decoded packet. */
  add(p: DecodedPacket): void {
    this.counters.packets++;
    if (p.ts > this.now) this.now = p.ts;
    if (this.now - this.lastSweep >= 1) this.sweep();
    const fwd = p.srcKey < p.dstKey || (p.srcKey === p.dstKey && p.sport <= p.dport);
    // IPv4: address and port folded into one exact number (48 bits), so the key is two numbers.
    const a = typeof p.srcKey === 'number' ? p.srcKey * 65536 + p.sport : `${p.srcKey}.${p.sport}`;
    const b = typeof p.dstKey === 'number' ? p.dstKey * 65536 + p.dport : `${p.dstKey}.${p.dport}`;
    const key = fwd ? `${a}|${b}|${p.proto}` : `${b}|${a}|${p.proto}`;
    let f = this.flows.get(key);
    if (f !== undefined && f.closedAt > 0 && p.proto === 6 && (p.flags & (SYN | ACK)) === SYN) {
      // A new connection on the tuple of a closed one.
      this.emit(f);
      f = undefined;
    }
    if (f === undefined) {
      if (this.flows.size >= this.opts.maxFlows) this.evictOldest();
      // A SYN-ACK first means we missed the SYN: the receiver is the originator.
      const swap = p.proto === 6 && (p.flags & (SYN | ACK)) === (SYN | ACK);
      const src = addrAt(p.bytes, p.ipVersion, p.srcOff);
      const dst = addrAt(p.bytes, p.ipVersion, p.dstOff);
      f = swap
        ? new Flow(key, dst, p.dport, src, p.sport, p.proto, p.ts, this.uid(), p.dstKey)
        : new Flow(key, src, p.sport, dst, p.dport, p.proto, p.ts, this.uid(), p.srcKey);
      if (p.vlan !== undefined) f.vlan = p.vlan;
      this.flows.set(key, f);
      this.counters.flows++;
    }
    const dir: Dir = p.srcKey === f.origKey && p.sport === f.origP ? 0 : 1;
    const side = dir === 0 ? f.o : f.r;
    if (p.ts > f.last) {
      if (side.pkts + (dir === 0 ? f.r.pkts : f.o.pkts) > 0) f.iat.add(p.ts - f.last);
      f.last = p.ts;
    } else if (f.o.pkts + f.r.pkts > 0) {
      f.iat.add(0);
    }
    side.pkts++;
    side.bytes += p.payloadLen;
    side.ipBytes += p.ipLen;
    side.len.add(p.payloadLen);
    if (side.mac === undefined && p.macOff >= 0) side.mac = macAt(p.bytes, p.macOff);
    if (p.proto === 6) this.tcp(f, p, dir, side);
    else if (p.payload.length > 0) {
      f.mark(L_D, dir);
      if (!f.appTried) this.attach(f, p, dir);
      if (f.app !== undefined && !f.app.done) this.feed(f, f.app, dir, p.payload, p.ts);
    }
    if (p.ts - f.first >= this.opts.active) {
      this.counters.activeTimeouts++;
      this.emit(f, 'active_timeout');
    }
  }

  private tcp(f: Flow, p: DecodedPacket, dir: Dir, side: Side): void {
    const fl = p.flags;
    if (fl & SYN) {
      side.syn++;
      f.mark(fl & ACK ? L_H : L_S, dir);
    }
    if (fl & FIN) { side.fin++; f.mark(L_F, dir); }
    if (fl & RST) { side.rst++; f.mark(L_R, dir); }
    if (fl & PSH) side.psh++;
    if (fl & URG) side.urg++;
    if (fl & ACK) {
      side.ack++;
      if (p.payloadLen === 0 && !(fl & (SYN | FIN | RST))) f.mark(L_A, dir);
    }
    if (p.payloadLen > 0) f.mark(L_D, dir);
    if (!f.appTried && p.payload.length > 0) this.attach(f, p, dir);
    const app = f.app;
    if (app !== undefined ? !app.done : !f.appTried && this.decoders.length > 0) {
      const streams = (f.streams ??= [new TcpStream(this.opts.reassemblyBytes), new TcpStream(this.opts.reassemblyBytes)]);
      if (app !== undefined) streams[dir].segment(p.seq, fl, p.payload, (bytes) => this.feed(f, app, dir, bytes, p.ts), () => app.gap?.(dir));
      // Before a decoder attaches, remember where each direction's stream starts.
      else if (fl & SYN) streams[dir].segment(p.seq, fl, EMPTY, noop, noop);
    }
    if (fl & RST || (f.o.fin > 0 && f.r.fin > 0)) {
      if (f.closedAt === 0) f.closedAt = p.ts;
    }
  }

  private feed(f: Flow, app: AppDecoder, dir: Dir, bytes: Buffer, ts: number): void {
    try {
      app.data(dir, bytes, ts);
    } catch (err) {
      // A decoder bug must not end the sensor: the flow's decoding stops, the bytes are kept.
      app.done = true;
      this.onProblem(f, 'decoder_error', `${app.service} decoder failed: ${(err as Error).message}`, bytes.subarray(0, 256));
    }
  }

  private attach(f: Flow, p: DecodedPacket, dir: Dir): void {
    f.appTried = true;
    const t = p.proto === 6 ? 'tcp' : p.proto === 17 ? 'udp' : undefined;
    if (t === undefined) return;
    let d = this.byPort.get(`${t}:${f.respP}`) ?? this.byPort.get(`${t}:${f.origP}`);
    if (d !== undefined && d.sniff !== undefined && !d.sniff(p.payload, dir)) d = undefined;
    if (d === undefined) d = this.decoders.find((x) => x.transport === t && x.sniff?.(p.payload, dir) === true);
    if (d === undefined) return;
    const flow = f;
    f.app = d.create({
      flow: { uid: f.uid, origH: f.origH, origP: f.origP, respH: f.respH, respP: f.respP, proto: f.proto },
      emit: (type, ts, fields) => this.out({ type, ts, uid: flow.uid, 'id.orig_h': flow.origH, 'id.orig_p': flow.origP, 'id.resp_h': flow.respH, 'id.resp_p': flow.respP, proto: flow.proto, ...fields }),
      problem: (code, reason, bytes) => this.onProblem(flow, code, reason, bytes),
    });
  }

  private uid(): string {
    let n = this.seq++;
    let s = '';
    do {
      s = B62[n % 62]! + s;
      n = Math.floor(n / 62);
    } while (n > 0);
    return this.uidPrefix + s.padStart(5, '0');
  }

  private evictOldest(): void {
    const first = this.flows.values().next();
    if (first.done === true) return;
    this.counters.evicted++;
    this.emit(first.value, 'evicted');
  }

  /** Emit flows that timed out or finished closing. */
  private sweep(): void {
    this.lastSweep = this.now;
    const o = this.opts;
    for (const f of this.flows.values()) {
      const idle = f.protoNum === 6 ? o.idleTcp : f.protoNum === 17 ? o.idleUdp : o.idleOther;
      if (f.closedAt > 0 && this.now - f.last >= o.closeLinger) {
        this.counters.closed++;
        this.emit(f);
      } else if (this.now - f.last >= idle) {
        this.counters.idleTimeouts++;
        this.emit(f, 'idle_timeout');
      }
    }
  }

  /** Emit every flow held (end of a file, or shutdown). */
  flush(): void {
    for (const f of [...this.flows.values()]) this.emit(f, 'end_of_input');
  }

  private emit(f: Flow, why?: string): void {
    this.flows.delete(f.key);
    if (f.app !== undefined && !f.app.done) {
      try {
        f.app.end?.(f.last);
      } catch (err) {
        this.onProblem(f, 'decoder_error', `${f.app.service} decoder failed at flow end: ${(err as Error).message}`, Buffer.alloc(0));
      }
    }
    const o = f.o;
    const r = f.r;
    const rec: SensorRecord = {
      type: 'conn', ts: f.first, uid: f.uid, 'id.orig_h': f.origH, 'id.orig_p': f.origP, 'id.resp_h': f.respH, 'id.resp_p': f.respP, proto: f.proto,
      duration: Math.round((f.last - f.first) * 1e6) / 1e6,
      orig_bytes: o.bytes, resp_bytes: r.bytes, conn_state: f.state(), history: f.history,
      orig_pkts: o.pkts, orig_ip_bytes: o.ipBytes, resp_pkts: r.pkts, resp_ip_bytes: r.ipBytes,
      community_id: communityId(f.origH, f.origP, f.respH, f.respP, f.protoNum),
      flow: {
        fwd_pkt_len: o.len.summary(), bwd_pkt_len: r.len.summary(), iat: f.iat.summary(),
        flags: { fin: o.fin + r.fin, syn: o.syn + r.syn, rst: o.rst + r.rst, psh: o.psh + r.psh, ack: o.ack + r.ack, urg: o.urg + r.urg, fwd_psh: o.psh, bwd_psh: r.psh },
        ...(why !== undefined && why !== 'end_of_input' ? { end_reason: why } : {}),
      },
    };
    if (f.app?.recognised === true) rec.service = f.app.service;
    if (o.mac !== undefined) rec.orig_l2_addr = o.mac;
    if (r.mac !== undefined) rec.resp_l2_addr = r.mac;
    if (f.vlan !== undefined) rec.vlan = f.vlan;
    this.out(rec);
  }
}
