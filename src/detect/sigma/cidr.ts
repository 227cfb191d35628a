import { isIP } from 'node:net';
import { SigmaError } from './errors.js';

function ipv4ToBig(ip: string): bigint {
  return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function ipv6ToBig(ip: string): bigint {
  let addr = ip;
  const zone = addr.indexOf('%');
  if (zone >= 0) addr = addr.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (v4) {
    const n = ipv4ToBig(v4[1]!);
    addr = addr.slice(0, v4.index) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail !== undefined ? new Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * Compile a CIDR (`10.0.0.0/8`, `fe80::/10`, or a bare address) into a membership test over
 * address strings. The network is parsed once; each call parses only the event's address.
 *
 * @example
 * const inNet = compileCidr('192.168.0.0/16'); inNet('192.168.4.2') // true
 */
export function compileCidr(cidr: string): (ip: string) => boolean {
  const [net = '', lenText] = cidr.trim().split('/');
  const fam = isIP(net);
  if (fam === 0) throw new SigmaError('value', `"${cidr}" is not a CIDR network`);
  const bits = fam === 4 ? 32 : 128;
  const len = lenText === undefined ? bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bits) throw new SigmaError('value', `bad prefix length in "${cidr}"`);
  const toBig = fam === 4 ? ipv4ToBig : ipv6ToBig;
  const shift = BigInt(bits - len);
  const base = toBig(net) >> shift;
  return (ip: string) => {
    const s = ip.trim();
    if (isIP(s) !== fam) {
      // An IPv4-mapped IPv6 address still belongs to an IPv4 network.
      if (fam === 4 && s.toLowerCase().startsWith('::ffff:') && isIP(s.slice(7)) === 4) return ipv4ToBig(s.slice(7)) >> shift === base;
      return false;
    }
    return toBig(s) >> shift === base;
  };
}
