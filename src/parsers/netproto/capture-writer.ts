/**
 * Writers of capture files and packets, for tests, fuzzing and the benchmark's synthetic
 * captures (the sensor itself only reads).
 */

/** A packet to write: seconds since the epoch and the link-layer bytes. */
export interface WritePacket {
  ts: number;
  data: Buffer;
}

/**
 * A classic pcap file.
 *
 * @example
 * writeFileSync('x.pcap', pcapFile([{ ts: 1, data: frame }], { linkType: 1 }));
 */
export function pcapFile(pkts: WritePacket[], o: { linkType?: number; bigEndian?: boolean; nanos?: boolean; snaplen?: number } = {}): Buffer {
  const be = o.bigEndian === true;
  const h = Buffer.alloc(24);
  const w32 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt32BE(v >>> 0, at) : b.writeUInt32LE(v >>> 0, at));
  const w16 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at));
  w32(h, o.nanos === true ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(h, 2, 4);
  w16(h, 4, 6);
  w32(h, o.snaplen ?? 262144, 16);
  w32(h, o.linkType ?? 1, 20);
  const parts: Buffer[] = [h];
  for (const p of pkts) {
    const r = Buffer.alloc(16);
    const sec = Math.floor(p.ts);
    w32(r, sec, 0);
    w32(r, Math.round((p.ts - sec) * (o.nanos === true ? 1e9 : 1e6)), 4);
    w32(r, p.data.length, 8);
    w32(r, p.data.length, 12);
    parts.push(r, p.data);
  }
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer, be: boolean): Buffer {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 12 + body.length + pad;
  const b = Buffer.alloc(len);
  if (be) { b.writeUInt32BE(type, 0); b.writeUInt32BE(len, 4); b.writeUInt32BE(len, len - 4); } else { b.writeUInt32LE(type, 0); b.writeUInt32LE(len, 4); b.writeUInt32LE(len, len - 4); }
  body.copy(b, 8);
  return b;
}

/**
 * A pcapng file: one section, one interface per link type given, enhanced packet blocks
 * (packet `iface` picks the interface; `simple: true` writes simple packet blocks instead).
 *
 * @example
 * pcapngFile([{ ts: 1, data: frame }], { interfaces: [{ linkType: 1, tsresol: 9 }] })
 */
export function pcapngFile(pkts: Array<WritePacket & { iface?: number }>, o: { interfaces?: Array<{ linkType: number; tsresol?: number }>; bigEndian?: boolean; simple?: boolean } = {}): Buffer {
  const be = o.bigEndian === true;
  const w32 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt32BE(v >>> 0, at) : b.writeUInt32LE(v >>> 0, at));
  const w16 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at));
  const shb = Buffer.alloc(16);
  w32(shb, 0x1a2b3c4d, 0);
  w16(shb, 1, 4);
  w16(shb, 0, 6);
  shb.fill(0xff, 8, 16);
  const parts: Buffer[] = [block(0x0a0d0d0a, shb, be)];
  const ifs = o.interfaces ?? [{ linkType: 1 }];
  for (const i of ifs) {
    const opts = i.tsresol !== undefined ? Buffer.alloc(12) : Buffer.alloc(0);
    if (i.tsresol !== undefined) { w16(opts, 9, 0); w16(opts, 1, 2); opts[4] = i.tsresol; }
    const body = Buffer.alloc(8 + opts.length);
    w16(body, i.linkType, 0);
    w32(body, 262144, 4);
    opts.copy(body, 8);
    parts.push(block(1, body, be));
  }
  for (const p of pkts) {
    if (o.simple === true) {
      const body = Buffer.alloc(4 + p.data.length);
      w32(body, p.data.length, 0);
      p.data.copy(body, 4);
      parts.push(block(3, body, be));
      continue;
    }
    const id = p.iface ?? 0;
    const units = Math.round(p.ts * 10 ** (ifs[id]?.tsresol ?? 6));
    const body = Buffer.alloc(20 + p.data.length);
    w32(body, id, 0);
    w32(body, Math.floor(units / 4294967296), 4);
    w32(body, units % 4294967296, 8);
    w32(body, p.data.length, 12);
    w32(body, p.data.length, 16);
    p.data.copy(body, 20);
    parts.push(block(6, body, be));
  }
  return Buffer.concat(parts);
}

/** Fields of a synthetic TCP/UDP packet. */
export interface PacketSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  proto?: 'tcp' | 'udp';
  flags?: number;
  seq?: number;
  ack?: number;
  payload?: Buffer;
  vlan?: number;
}

function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

/**
 * An IPv4 TCP or UDP packet (no link layer); checksums left zero (the sensor does not check them).
 *
 * @example
 * ipPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 5000, dport: 104, flags: 2 })
 */
export function ipPacket(s: PacketSpec): Buffer {
  const payload = s.payload ?? Buffer.alloc(0);
  const l4 = s.proto === 'udp' ? Buffer.alloc(8) : Buffer.alloc(20);
  l4.writeUInt16BE(s.sport, 0);
  l4.writeUInt16BE(s.dport, 2);
  if (s.proto === 'udp') l4.writeUInt16BE(8 + payload.length, 4);
  else {
    l4.writeUInt32BE((s.seq ?? 0) >>> 0, 4);
    l4.writeUInt32BE((s.ack ?? 0) >>> 0, 8);
    l4[12] = 5 << 4;
    l4[13] = s.flags ?? 0x18;
    l4.writeUInt16BE(65535, 14);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + l4.length + payload.length, 2);
  ip[8] = 64;
  ip[9] = s.proto === 'udp' ? 17 : 6;
  Buffer.from(ip4(s.src)).copy(ip, 12);
  Buffer.from(ip4(s.dst)).copy(ip, 16);
  return Buffer.concat([ip, l4, payload]);
}

/**
 * An Ethernet frame around an IP packet (with an 802.1Q tag when `vlan` is given).
 *
 * @example
 * ethFrame(ipPacket(spec))
 */
export function ethFrame(ip: Buffer, vlan?: number): Buffer {
  const h = Buffer.from(vlan === undefined ? '0200000000020200000000010800' : `020000000002020000000001 8100${vlan.toString(16).padStart(4, '0')}0800`.replace(' ', ''), 'hex');
  return Buffer.concat([h, ip]);
}
