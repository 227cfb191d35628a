import { ipv6At } from '../packet.js';
import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

/** Names of common query types (as Zeek's `qtype_name` and tshark print them). */
const QTYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR',
  41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 64: 'SVCB', 65: 'HTTPS', 255: '*', 252: 'AXFR', 251: 'IXFR',
};
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

/** A decoded DNS message (the parts the sensor reports). */
export interface DnsMessage {
  id: number;
  response: boolean;
  opcode: number;
  rcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  questions: Array<{ name: string; type: number }>;
  answers: Array<{ name: string; type: number; ttl: number; data: string }>;
}

/** Thrown for a message that is not valid DNS (the caller reports it as a problem). */
export class DnsFormatError extends Error {}

function name(b: Buffer, o: number): [string, number] {
  const labels: string[] = [];
  let end = -1;
  let jumps = 0;
  for (;;) {
    if (o >= b.length) throw new DnsFormatError(`name runs past the end at ${o}`);
    const len = b[o]!;
    if (len === 0) { o++; break; }
    if ((len & 0xc0) === 0xc0) {
      if (o + 1 >= b.length) throw new DnsFormatError('compression pointer cut short');
      if (++jumps > 32) throw new DnsFormatError('compression pointer loop');
      if (end < 0) end = o + 2;
      o = ((len & 0x3f) << 8) | b[o + 1]!;
      continue;
    }
    if (len > 63) throw new DnsFormatError(`label length ${len} over 63`);
    if (o + 1 + len > b.length) throw new DnsFormatError('label runs past the end');
    labels.push(b.toString('latin1', o + 1, o + 1 + len));
    o += 1 + len;
  }
  return [labels.join('.'), end < 0 ? o : end];
}

/**
 * Decode one DNS message (RFC 1035, also mDNS): header, questions and answer records (A, AAAA,
 * CNAME, PTR, NS, MX, SRV, TXT shown as text; others by type number).
 *
 * @example
 * parseDns(udpPayload).questions[0]?.name // 'example.com'
 */
export function parseDns(b: Buffer): DnsMessage {
  if (b.length < 12) throw new DnsFormatError(`message of ${b.length} bytes is shorter than the 12-byte header`);
  const flags = b.readUInt16BE(2);
  const qd = b.readUInt16BE(4);
  const an = b.readUInt16BE(6);
  const m: DnsMessage = {
    id: b.readUInt16BE(0), response: (flags & 0x8000) !== 0, opcode: (flags >> 11) & 15, rcode: flags & 15,
    aa: (flags & 0x400) !== 0, tc: (flags & 0x200) !== 0, rd: (flags & 0x100) !== 0, ra: (flags & 0x80) !== 0, questions: [], answers: [],
  };
  let o = 12;
  for (let i = 0; i < qd; i++) {
    const [n, next] = name(b, o);
    if (next + 4 > b.length) throw new DnsFormatError(`question ${i + 1} cut short`);
    m.questions.push({ name: n, type: b.readUInt16BE(next) });
    o = next + 4;
  }
  for (let i = 0; i < an; i++) {
    const [n, next] = name(b, o);
    if (next + 10 > b.length) throw new DnsFormatError(`answer ${i + 1} cut short`);
    const type = b.readUInt16BE(next);
    const ttl = b.readUInt32BE(next + 4);
    const rdlen = b.readUInt16BE(next + 8);
    const rd = next + 10;
    if (rd + rdlen > b.length) throw new DnsFormatError(`answer ${i + 1} data runs past the end`);
    let data: string;
    if (type === 1 && rdlen === 4) data = `${b[rd]}.${b[rd + 1]}.${b[rd + 2]}.${b[rd + 3]}`;
    else if (type === 28 && rdlen === 16) data = ipv6At(b, rd);
    else if (type === 5 || type === 12 || type === 2) data = name(b, rd)[0];
    else if (type === 15) data = name(b, rd + 2)[0];
    else if (type === 33) data = name(b, rd + 6)[0];
    else if (type === 16) data = b.toString('utf8', rd + 1, Math.min(rd + 1 + (b[rd] ?? 0), rd + rdlen));
    else data = `<${QTYPES[type] ?? type}>`;
    m.answers.push({ name: n, type, ttl, data });
    o = rd + rdlen;
  }
  return m;
}

/** The name tshark and Zeek print for a query type. */
export function qtypeName(t: number): string {
  return QTYPES[t] ?? `TYPE${t}`;
}

/** Zeek's record of one DNS transaction. */
function record(m: DnsMessage, q: { name: string; type: number } | undefined): Record<string, unknown> {
  const r: Record<string, unknown> = { trans_id: m.id, AA: m.aa, TC: m.tc, RD: m.rd, RA: m.ra, rejected: m.response && m.rcode !== 0 };
  if (q !== undefined) {
    r.query = q.name;
    r.qtype = q.type;
    r.qtype_name = qtypeName(q.type);
    r.qclass = 1;
  }
  if (m.response) {
    r.rcode = m.rcode;
    r.rcode_name = RCODES[m.rcode] ?? String(m.rcode);
    if (m.answers.length > 0) {
      r.answers = m.answers.map((a) => a.data);
      r.TTLs = m.answers.map((a) => a.ttl);
    }
  }
  return r;
}

const MAX_PENDING = 64;

class DnsDecoder implements AppDecoder {
  recognised = false;
  done = false;
  /** Queries not answered yet, by transaction id (bounded). */
  private readonly pending = new Map<number, { m: DnsMessage; ts: number }>();
  private tcpBuf: Buffer | undefined;

  constructor(readonly service: string, private readonly ctx: DecoderContext, private readonly tcp: boolean) {}

  data(_dir: Dir, bytes: Buffer, ts: number): void {
    if (!this.tcp) return this.message(bytes, ts);
    // DNS over TCP: two-byte length prefix per message.
    let b = this.tcpBuf ? Buffer.concat([this.tcpBuf, bytes]) : bytes;
    while (b.length >= 2 && b.length >= 2 + b.readUInt16BE(0)) {
      const len = b.readUInt16BE(0);
      this.message(b.subarray(2, 2 + len), ts);
      b = b.subarray(2 + len);
    }
    this.tcpBuf = b.length > 0 ? Buffer.from(b) : undefined;
  }

  private message(bytes: Buffer, ts: number): void {
    let m: DnsMessage;
    try {
      m = parseDns(bytes);
    } catch (err) {
      if (!(err instanceof DnsFormatError)) throw err;
      this.ctx.problem('malformed_dns', `${this.service} message: ${err.message}`, bytes.subarray(0, 512));
      return;
    }
    this.recognised = true;
    const multicast = this.service === 'mdns';
    if (multicast) {
      // mDNS: every message stands alone (announcements are unsolicited responses).
      const fields = record(m, m.questions[0] ?? (m.answers[0] ? { name: m.answers[0].name, type: m.answers[0].type } : undefined));
      fields.services = [...new Set([...m.questions.map((q) => q.name), ...m.answers.map((a) => a.name), ...m.answers.filter((a) => a.type === 12).map((a) => a.data)].filter((n) => n.startsWith('_') || n.includes('._')))].slice(0, 32);
      this.ctx.emit('mdns', ts, fields);
      return;
    }
    if (!m.response) {
      if (this.pending.size >= MAX_PENDING) {
        const [id, old] = this.pending.entries().next().value as [number, { m: DnsMessage; ts: number }];
        this.pending.delete(id);
        this.ctx.emit('dns', old.ts, record(old.m, old.m.questions[0]));
      }
      this.pending.set(m.id, { m, ts });
      return;
    }
    const q = this.pending.get(m.id);
    this.pending.delete(m.id);
    const fields = record(m, m.questions[0] ?? q?.m.questions[0]);
    if (q !== undefined) fields.rtt = Math.round((ts - q.ts) * 1e6) / 1e6;
    this.ctx.emit('dns', q?.ts ?? ts, fields);
  }

  end(): void {
    for (const { m, ts } of this.pending.values()) this.ctx.emit('dns', ts, record(m, m.questions[0]));
    this.pending.clear();
  }
}

function looksDns(b: Buffer): boolean {
  if (b.length < 12) return false;
  const qd = b.readUInt16BE(4);
  return qd >= 1 && qd <= 4 && ((b[2]! >> 3) & 15) <= 5;
}

/** DNS over UDP and TCP port 53 (and 5355 LLMNR). */
export const dnsUdp: DecoderFactory = { service: 'dns', transport: 'udp', ports: [53, 5355], sniff: looksDns, create: (ctx) => new DnsDecoder('dns', ctx, false) };
export const dnsTcp: DecoderFactory = { service: 'dns', transport: 'tcp', ports: [53], create: (ctx) => new DnsDecoder('dns', ctx, true) };
/** Multicast DNS (RFC 6762): service names announced and asked for. */
export const mdns: DecoderFactory = { service: 'mdns', transport: 'udp', ports: [5353], create: (ctx) => new DnsDecoder('mdns', ctx, false) };
