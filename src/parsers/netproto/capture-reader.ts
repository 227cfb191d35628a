/**
 * Streaming reader of capture files: classic pcap (both byte orders, micro- and nanosecond
 * timestamps) and pcapng (SHB/IDB/EPB/SPB, several interfaces, several sections, if_tsresol).
 * Bytes are pushed in chunks of any size; a packet is copied only when it spans two chunks, so a
 * file is never held whole. What cannot be read is reported as a {@link CaptureProblem} with the
 * byte offset and the reason; a problem that makes the rest of the file unreadable (bad magic,
 * a block length that lies) is `fatal`, and the reader then ignores further input.
 */

/** One captured packet. `data` is valid until the next `push` (copy it to keep it). */
export interface CapturedPacket {
  /** Seconds since the epoch (fractional). */
  ts: number;
  /** Link type of the interface (1 Ethernet, 113 SLL, 276 SLL2, 101 raw IP, …). */
  linkType: number;
  /** Length on the wire (may exceed `data.length` when the capture was truncated to its snaplen). */
  origLen: number;
  data: Buffer;
  /** Byte offset of the packet's record in the file. */
  offset: number;
  /** pcapng interface index (0 for pcap). */
  iface: number;
}

/** What could not be read: where, why, and the bytes concerned (bounded). */
export interface CaptureProblem {
  offset: number;
  reason: string;
  /** Short code for counters (`bad_magic`, `block_length`, `snaplen_overflow`, `truncated`, …). */
  code: string;
  bytes: Buffer;
  /** The rest of the file cannot be read. */
  fatal: boolean;
}

/** Largest packet record accepted (bytes): above this a length field is taken to be corrupt. */
export const MAX_PACKET_BYTES = 262_144;
/** Largest pcapng block accepted (bytes). */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;
/** Bytes of a bad record kept with its problem. */
const PROBLEM_BYTES = 256;

const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;

interface Iface { linkType: number; snaplen: number; unitsPerSec: number }

/**
 * Is this the start of a pcap or pcapng file?
 *
 * @example
 * isCapture(readFileSync('x.pcap').subarray(0, 4)) // true
 */
export function isCapture(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const be = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const le = ((head[3]! << 24) | (head[2]! << 16) | (head[1]! << 8) | head[0]!) >>> 0;
  return be === PCAP_US || le === PCAP_US || be === PCAP_NS || le === PCAP_NS || be === PCAPNG_SHB;
}

/**
 * Incremental pcap/pcapng reader.
 *
 * @example
 * const r = new CaptureReader((p) => flows.add(p), (e) => dead.push(e));
 * for await (const chunk of createReadStream(path)) r.push(chunk);
 * r.end();
 */
export class CaptureReader {
  private buf: Buffer = Buffer.alloc(0);
  /** File offset of `buf[0]`. */
  private base = 0;
  private format: 'unknown' | 'pcap' | 'pcapng' = 'unknown';
  private le = true;
  private stopped = false;
  private pcapIface: Iface = { linkType: 1, snaplen: MAX_PACKET_BYTES, unitsPerSec: 1e6 };
  private ifaces: Iface[] = [];
  /** Packets read, problems seen, bytes consumed. */
  readonly stats = { packets: 0, problems: 0, bytes: 0 };

  constructor(
    private readonly onPacket: (p: CapturedPacket) => void,
    private readonly onProblem: (p: CaptureProblem) => void,
  ) {}

  /** The file format once recognised. */
  get kind(): 'unknown' | 'pcap' | 'pcapng' {
    return this.format;
  }

  /** Feed the next bytes of the file. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    try {
      pos = this.format === 'unknown' ? this.header(0) : 0;
      if (pos >= 0) pos = this.format === 'pcap' ? this.pcapRecords(pos) : this.format === 'pcapng' ? this.ngBlocks(pos) : pos;
    } finally {
      if (this.stopped) {
        this.buf = Buffer.alloc(0);
      } else {
        const p = Math.max(pos, 0);
        this.base += p;
        this.stats.bytes += p;
        // Keep the unread tail; copy it so the caller's chunk can be released.
        this.buf = p === 0 ? this.buf : Buffer.from(this.buf.subarray(p));
      }
    }
  }

  /** End of input: a partial record left over is reported as truncated. */
  end(): void {
    if (this.stopped) return;
    if (this.format === 'unknown' && this.buf.length > 0) {
      this.fail(0, 'bad_magic', `not a pcap or pcapng file: ${this.buf.length} bytes without a complete header`);
    } else if (this.buf.length > 0) {
      this.problem(0, 'truncated', `file ends inside a record: ${this.buf.length} bytes left over`, true);
    }
    this.stopped = true;
    this.buf = Buffer.alloc(0);
  }

  private problem(pos: number, code: string, reason: string, fatal: boolean, len = PROBLEM_BYTES): void {
    this.stats.problems++;
    const at = this.base + pos;
    this.onProblem({ offset: at, code, reason: `${this.format === 'unknown' ? 'capture' : this.format} at byte ${at}: ${reason}`, bytes: Buffer.from(this.buf.subarray(pos, pos + Math.min(len, PROBLEM_BYTES))), fatal });
  }

  private fail(pos: number, code: string, reason: string): number {
    this.problem(pos, code, reason, true);
    this.stopped = true;
    return -1;
  }

  /** Recognise the format at the start of the file; returns the position after the pcap header (or 0 for pcapng). */
  private header(pos: number): number {
    const b = this.buf;
    if (b.length < 4) return 0;
    const be = b.readUInt32BE(0);
    const le = b.readUInt32LE(0);
    if (be === PCAPNG_SHB) {
      this.format = 'pcapng';
      return 0;
    }
    if (be !== PCAP_US && le !== PCAP_US && be !== PCAP_NS && le !== PCAP_NS) return this.fail(pos, 'bad_magic', `bad magic 0x${be.toString(16).padStart(8, '0')}: not a pcap or pcapng file`);
    if (b.length < 24) return 0;
    this.format = 'pcap';
    this.le = le === PCAP_US || le === PCAP_NS;
    const ns = (this.le ? le : be) === PCAP_NS;
    const snaplen = this.u32(b, 16);
    const link = this.u32(b, 20) & 0xffff; // upper bits carry FCS flags
    this.pcapIface = { linkType: link, snaplen: snaplen === 0 || snaplen > MAX_PACKET_BYTES ? MAX_PACKET_BYTES : snaplen, unitsPerSec: ns ? 1e9 : 1e6 };
    return 24;
  }

  private u32(b: Buffer, at: number): number {
    return this.le ? b.readUInt32LE(at) : b.readUInt32BE(at);
  }

  private u16(b: Buffer, at: number): number {
    return this.le ? b.readUInt16LE(at) : b.readUInt16BE(at);
  }

  private pcapRecords(pos: number): number {
    const b = this.buf;
    const ifc = this.pcapIface;
    while (b.length - pos >= 16) {
      const sec = this.u32(b, pos);
      const frac = this.u32(b, pos + 4);
      const incl = this.u32(b, pos + 8);
      const orig = this.u32(b, pos + 12);
      if (incl > MAX_PACKET_BYTES) {
        // Nothing after a length this large can be trusted: the record boundaries are lost.
        return this.fail(pos, 'record_length', `record length ${incl} exceeds ${MAX_PACKET_BYTES} bytes (corrupt record header)`);
      }
      if (b.length - pos < 16 + incl) return pos;
      if (incl > ifc.snaplen || frac >= ifc.unitsPerSec) {
        const why = incl > ifc.snaplen ? `captured length ${incl} exceeds the snaplen ${ifc.snaplen}` : `timestamp fraction ${frac} out of range`;
        this.problem(pos, incl > ifc.snaplen ? 'snaplen_overflow' : 'bad_timestamp', why, false, 16 + incl);
      } else {
        this.stats.packets++;
        this.onPacket({ ts: sec + frac / ifc.unitsPerSec, linkType: ifc.linkType, origLen: orig, data: b.subarray(pos + 16, pos + 16 + incl), offset: this.base + pos, iface: 0 });
      }
      pos += 16 + incl;
    }
    return pos;
  }

  private ngBlocks(pos: number): number {
    let b = this.buf;
    while (b.length - pos >= 12) {
      const type = b.readUInt32BE(pos) === PCAPNG_SHB ? PCAPNG_SHB : this.u32(b, pos);
      if (type === PCAPNG_SHB) {
        // A new section: its own byte order and interfaces.
        const bom = b.readUInt32LE(pos + 8);
        if (bom === 0x1a2b3c4d) this.le = true;
        else if (bom === 0x4d3c2b1a) this.le = false;
        else return this.fail(pos, 'bad_magic', `section header byte-order magic 0x${bom.toString(16)} is neither 1a2b3c4d nor its swap`);
        this.ifaces = [];
      }
      const len = this.u32(b, pos + 4);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK_BYTES) return this.fail(pos, 'block_length', `block length ${len} is impossible (under 12, not a multiple of 4, or over ${MAX_BLOCK_BYTES})`);
      if (b.length - pos < len) return pos;
      if (this.u32(b, pos + len - 4) !== len) return this.fail(pos, 'block_length', `block length ${len} does not match its trailing copy ${this.u32(b, pos + len - 4)}`);
      this.ngBlock(type, pos, len);
      if (this.stopped) return -1;
      b = this.buf;
      pos += len;
    }
    return pos;
  }

  private ngBlock(type: number, pos: number, len: number): void {
    const b = this.buf;
    const body = pos + 8;
    const bodyEnd = pos + len - 4;
    if (type === 1) {
      if (bodyEnd - body < 8) return this.problem(pos, 'block_length', 'interface description block shorter than 16 bytes', false);
      const ifc: Iface = { linkType: this.u16(b, body), snaplen: this.u32(b, body + 4) || MAX_PACKET_BYTES, unitsPerSec: 1e6 };
      // Options: if_tsresol (9) sets the timestamp unit.
      let o = body + 8;
      while (o + 4 <= bodyEnd) {
        const code = this.u16(b, o);
        const olen = this.u16(b, o + 2);
        if (code === 0 || o + 4 + olen > bodyEnd) break;
        if (code === 9 && olen >= 1) {
          const v = b[o + 4]!;
          ifc.unitsPerSec = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
        }
        o += 4 + ((olen + 3) & ~3);
      }
      if (ifc.snaplen > MAX_PACKET_BYTES) ifc.snaplen = MAX_PACKET_BYTES;
      this.ifaces.push(ifc);
      return;
    }
    if (type === 6) {
      if (bodyEnd - body < 20) return this.problem(pos, 'block_length', 'enhanced packet block shorter than 32 bytes', false);
      const id = this.u32(b, body);
      const ifc = this.ifaces[id];
      if (!ifc) return this.problem(pos, 'bad_interface', `packet names interface ${id}, but only ${this.ifaces.length} are described`, false, len);
      const units = this.u32(b, body + 4) * 4294967296 + this.u32(b, body + 8);
      const cap = this.u32(b, body + 12);
      const orig = this.u32(b, body + 16);
      if (body + 20 + cap > bodyEnd) return this.problem(pos, 'snaplen_overflow', `captured length ${cap} runs past the end of its block (${len} bytes)`, false, len);
      if (cap > ifc.snaplen) return this.problem(pos, 'snaplen_overflow', `captured length ${cap} exceeds the snaplen ${ifc.snaplen}`, false, len);
      this.stats.packets++;
      this.onPacket({ ts: units / ifc.unitsPerSec, linkType: ifc.linkType, origLen: orig, data: b.subarray(body + 20, body + 20 + cap), offset: this.base + pos, iface: id });
      return;
    }
    if (type === 3) {
      const ifc = this.ifaces[0];
      if (!ifc) return this.problem(pos, 'bad_interface', 'simple packet block before any interface description', false, len);
      const orig = this.u32(b, body);
      const cap = Math.min(orig, bodyEnd - body - 4, ifc.snaplen);
      this.stats.packets++;
      // A simple packet block carries no timestamp.
      this.onPacket({ ts: 0, linkType: ifc.linkType, origLen: orig, data: b.subarray(body + 4, body + 4 + cap), offset: this.base + pos, iface: 0 });
    }
    // Other blocks (name resolution, statistics, custom, decryption secrets) carry no packets.
  }
}
