/**
 * Link, network and transport decoding of one captured packet: Ethernet (with 802.1Q/802.1ad
 * VLAN tags), Linux cooked SLL and SLL2, raw IP and BSD loopback; IPv4 and IPv6 (extension
 * headers skipped); TCP, UDP and ICMP. Written to the bytes, allocation-light: the flow builder
 * runs this for every packet.
 */

/** A decoded packet; `payload` is a view into the captured bytes. */
export interface DecodedPacket {
  ts: number;
  /** The captured bytes; addresses are read from them only when a flow needs them (speed). */
  bytes: Buffer;
  /** Offset of the source MAC in `bytes`, or -1 when the link layer has none. */
  macOff: number;
  vlan?: number;
  ipVersion: 4 | 6;
  /** Offsets of the source and destination addresses in `bytes`. */
  srcOff: number;
  dstOff: number;
  /** Cheap comparable identity of each address (the IPv4 address as a number, IPv6 as hex). */
  srcKey: number | string;
  dstKey: number | string;
  /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6…). */
  proto: number;
  sport: number;
  dport: number;
  /** TCP flags byte (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32). */
  flags: number;
  seq: number;
  /** Bytes of the IP packet (header included), as on the wire. */
  ipLen: number;
  /** Transport payload (captured part). */
  payload: Buffer;
  /** Payload length on the wire (may exceed `payload.length` when truncated by the snaplen). */
  payloadLen: number;
  ttl: number;
}

/** Why a packet was not decoded (a counter name and a sentence). */
export interface DecodeSkip {
  skip: 'not_ip' | 'truncated' | 'fragment' | 'bad_header' | 'unsupported_link';
  reason: string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A MAC address as colon-separated lower-case hex.
 *
 * @example
 * macAt(Buffer.from([0, 0x1b, 0x21, 1, 2, 3]), 0) // '00:1b:21:01:02:03'
 */
export function macAt(b: Buffer, o: number): string {
  return `${HEX[b[o]!]}:${HEX[b[o + 1]!]}:${HEX[b[o + 2]!]}:${HEX[b[o + 3]!]}:${HEX[b[o + 4]!]}:${HEX[b[o + 5]!]}`;
}

/**
 * An IPv6 address in RFC 5952 form (longest run of zero groups as `::`, lower-case hex).
 *
 * @example
 * ipv6At(Buffer.from('fe800000000000000000000000000001', 'hex'), 0) // 'fe80::1'
 */
export function ipv6At(b: Buffer, o: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  if (bestAt < 0) return g.map((x) => x.toString(16)).join(':');
  const head = g.slice(0, bestAt).map((x) => x.toString(16)).join(':');
  const tail = g.slice(bestAt + bestLen).map((x) => x.toString(16)).join(':');
  return `${head}::${tail}`;
}

/**
 * The address at an offset, as text (dotted quad or RFC 5952).
 *
 * @example
 * addrAt(p.bytes, p.ipVersion, p.srcOff) // '10.1.0.5'
 */
export function addrAt(b: Buffer, version: 4 | 6, o: number): string {
  return version === 4 ? ipv4At(b, o) : ipv6At(b, o);
}

function ipv4At(b: Buffer, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

const IPV6_EXT = new Set([0, 43, 60, 51, 135, 139, 140]);

/**
 * Decode one packet of the given link type.
 *
 * @example
 * const p = decodePacket(pkt.data, pkt.linkType, pkt.ts, pkt.origLen);
 * if ('skip' in p) counters[p.skip]++; else flows.add(p);
 */
export function decodePacket(b: Buffer, linkType: number, ts: number, origLen: number): DecodedPacket | DecodeSkip {
  let o = 0;
  let etype = 0;
  let macOff = -1;
  let vlan: number | undefined;
  switch (linkType) {
    case 1: // Ethernet
      if (b.length < 14) return { skip: 'truncated', reason: `Ethernet frame of ${b.length} bytes is shorter than its 14-byte header` };
      macOff = 6;
      etype = (b[12]! << 8) | b[13]!;
      o = 14;
      while ((etype === 0x8100 || etype === 0x88a8 || etype === 0x9100) && b.length >= o + 4) {
        vlan ??= b.readUInt16BE(o) & 0x0fff;
        etype = b.readUInt16BE(o + 2);
        o += 4;
      }
      break;
    case 113: // Linux cooked v1
      if (b.length < 16) return { skip: 'truncated', reason: `SLL header needs 16 bytes, have ${b.length}` };
      if (b.readUInt16BE(4) === 6) macOff = 6;
      etype = b.readUInt16BE(14);
      o = 16;
      break;
    case 276: // Linux cooked v2
      if (b.length < 20) return { skip: 'truncated', reason: `SLL2 header needs 20 bytes, have ${b.length}` };
      etype = b.readUInt16BE(0);
      if (b[11] === 6) macOff = 12;
      o = 20;
      break;
    case 101: case 12: case 14: case 228: case 229: // raw IP
      if (b.length < 1) return { skip: 'truncated', reason: 'empty raw IP packet' };
      etype = b[0]! >> 4 === 6 ? 0x86dd : 0x0800;
      break;
    case 0: case 108: { // BSD loopback: address family in host order
      if (b.length < 4) return { skip: 'truncated', reason: 'loopback header needs 4 bytes' };
      const fam = b.readUInt32LE(0) > 0xffff ? b.readUInt32BE(0) : b.readUInt32LE(0);
      etype = fam === 2 ? 0x0800 : fam === 24 || fam === 28 || fam === 30 ? 0x86dd : 0;
      o = 4;
      break;
    }
    default:
      return { skip: 'unsupported_link', reason: `link type ${linkType} is not supported` };
  }
  let proto: number;
  let srcOff: number;
  let dstOff: number;
  let srcKey: number | string;
  let dstKey: number | string;
  let ipLen: number;
  let end: number;
  let ttl: number;
  let version: 4 | 6;
  const ipStart = o;
  if (etype === 0x0800) {
    if (b.length < o + 20) return { skip: 'truncated', reason: `IPv4 header needs 20 bytes at ${o}, have ${b.length - o}` };
    const ihl = (b[o]! & 0x0f) * 4;
    if (b[o]! >> 4 !== 4 || ihl < 20) return { skip: 'bad_header', reason: `IPv4 header: version ${b[o]! >> 4}, header length ${ihl}` };
    ipLen = (b[o + 2]! << 8) | b[o + 3]!;
    const frag = (b[o + 6]! << 8) | b[o + 7]!;
    proto = b[o + 9]!;
    ttl = b[o + 8]!;
    srcOff = o + 12;
    dstOff = o + 16;
    srcKey = ((b[srcOff]! << 24) >>> 0) + ((b[srcOff + 1]! << 16) | (b[srcOff + 2]! << 8) | b[srcOff + 3]!);
    dstKey = ((b[dstOff]! << 24) >>> 0) + ((b[dstOff + 1]! << 16) | (b[dstOff + 2]! << 8) | b[dstOff + 3]!);
    if ((frag & 0x3fff) !== 0) return { skip: 'fragment', reason: `IPv4 fragment ${ipv4At(b, srcOff)} → ${ipv4At(b, dstOff)} (offset ${(frag & 0x1fff) * 8}${frag & 0x2000 ? ', more' : ''}); fragments are not reassembled` };
    if (ipLen < ihl) ipLen = origLen - o; // TSO captures write 0
    end = Math.min(b.length, o + ipLen);
    o += ihl;
    version = 4;
  } else if (etype === 0x86dd) {
    if (b.length < o + 40) return { skip: 'truncated', reason: `IPv6 header needs 40 bytes at ${o}, have ${b.length - o}` };
    ipLen = b.readUInt16BE(o + 4) + 40;
    proto = b[o + 6]!;
    ttl = b[o + 7]!;
    srcOff = o + 8;
    dstOff = o + 24;
    srcKey = b.toString('hex', srcOff, srcOff + 16);
    dstKey = b.toString('hex', dstOff, dstOff + 16);
    end = Math.min(b.length, o + ipLen);
    o += 40;
    version = 6;
    while (IPV6_EXT.has(proto) || proto === 44) {
      if (end < o + 8) return { skip: 'truncated', reason: 'IPv6 extension header cut short' };
      if (proto === 44) return { skip: 'fragment', reason: `IPv6 fragment ${ipv6At(b, srcOff)} → ${ipv6At(b, dstOff)}; fragments are not reassembled` };
      const next = b[o]!;
      o += proto === 51 ? (b[o + 1]! + 2) * 4 : (b[o + 1]! + 1) * 8;
      proto = next;
    }
  } else {
    return { skip: 'not_ip', reason: `ethertype 0x${etype.toString(16).padStart(4, '0')} is not IP` };
  }
  let sport = 0;
  let dport = 0;
  let flags = 0;
  let seq = 0;
  let hdr = 0;
  if (proto === 6) {
    if (end < o + 20) return { skip: 'truncated', reason: `TCP header ${addrAt(b, version, srcOff)} → ${addrAt(b, version, dstOff)} cut short (${end - o} bytes)` };
    sport = (b[o]! << 8) | b[o + 1]!;
    dport = (b[o + 2]! << 8) | b[o + 3]!;
    seq = ((b[o + 4]! << 24) >>> 0) + ((b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!);
    hdr = (b[o + 12]! >> 4) * 4;
    flags = b[o + 13]!;
    if (hdr < 20) return { skip: 'bad_header', reason: `TCP data offset ${hdr} under 20 (${addrAt(b, version, srcOff)}:${sport} → ${addrAt(b, version, dstOff)}:${dport})` };
  } else if (proto === 17) {
    if (end < o + 8) return { skip: 'truncated', reason: `UDP header ${addrAt(b, version, srcOff)} → ${addrAt(b, version, dstOff)} cut short` };
    sport = b.readUInt16BE(o);
    dport = b.readUInt16BE(o + 2);
    hdr = 8;
  } else if (proto === 1 || proto === 58) {
    if (end >= o + 2) {
      // Zeek's convention: ICMP type and code stand in for the ports.
      sport = b[o]!;
      dport = b[o + 1]!;
    }
    hdr = 8;
  }
  const l4Start = Math.min(end, o + hdr);
  const payload = b.subarray(l4Start, end);
  // Payload on the wire from the IP length (the capture may have cut it short).
  const payloadLen = Math.max(payload.length, ipStart + ipLen - (o + hdr));
  const p: DecodedPacket = { ts, bytes: b, macOff, ipVersion: version, srcOff, dstOff, srcKey, dstKey, proto, sport, dport, flags, seq, ipLen, payload, payloadLen, ttl };
  if (vlan !== undefined) p.vlan = vlan;
  return p;
}
