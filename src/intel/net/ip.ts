/**
 * IP addresses as bytes (4 for IPv4, 16 for IPv6), so one trie and one comparison serve both
 * families. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is folded to IPv4: it is the same host.
 */

/** Parse dotted-quad IPv4 into 4 bytes, or `undefined`. */
export function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Parse IPv6 text (with `::` and an optional dotted-quad tail, no zone) into 16 bytes, or `undefined`. */
export function parseIPv6(s: string): Uint8Array | undefined {
  if (!s.includes(':')) return undefined;
  let text = s.replace(/%.*$/, '');
  let tail: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (!tail) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8 || (halves.length === 2 && head.length + rest.length > 7)) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

/** Parse either family; IPv4-mapped IPv6 comes back as 4 bytes. */
export function parseIp(s: string): Uint8Array | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4;
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  if (v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) return v6.slice(12);
  return v6;
}

/** A network: its address bytes and prefix length. */
export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

/**
 * Parse `a.b.c.d/n`, `x::/n` or a bare address (a /32 or /128).
 *
 * @example parseCidr('10.0.0.0/8') // { bytes: [10,0,0,0], prefix: 8 }
 */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (len === undefined) return { bytes, prefix: max };
  if (!/^[0-9]{1,3}$/.test(len)) return undefined;
  const prefix = Number(len);
  if (prefix > max) return undefined;
  return { bytes, prefix };
}

/** True when `ip` lies in `net` (same family, first `prefix` bits equal). */
export function inCidr(ip: Uint8Array, net: Cidr): boolean {
  if (ip.length !== net.bytes.length) return false;
  let bits = net.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i]! & mask) !== (net.bytes[i]! & mask)) return false;
  }
  return true;
}

/** Canonical text of an address (IPv4 dotted, IPv6 compressed lower case), for keys and messages. */
export function ipText(b: Uint8Array): string {
  if (b.length === 4) return b.join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!);
  // Longest run of zero groups becomes '::' (RFC 5952).
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
