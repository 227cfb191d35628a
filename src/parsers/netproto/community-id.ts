import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16) || 0, i * 2));
  return out;
}

/**
 * Community ID v1 (Corelight's flow hash, as Zeek and Suricata write it) so the sensor's flows
 * join with theirs: `1:` + base64(sha1(seed, ordered addresses, protocol, 0, ordered ports)).
 *
 * @example
 * communityId('128.232.110.120', 34855, '66.35.250.204', 80, 6) // '1:LQU9qZlK+B5F3KDmev6m5PMibrg='
 */
export function communityId(saddr: string, sport: number, daddr: string, dport: number, proto: number, seed = 0): string {
  let a = ipBytes(saddr);
  let b = ipBytes(daddr);
  let ap = sport;
  let bp = dport;
  const cmp = Buffer.compare(a, b);
  if (cmp > 0 || (cmp === 0 && ap > bp)) {
    [a, b] = [b, a];
    [ap, bp] = [bp, ap];
  }
  const head = Buffer.alloc(2);
  head.writeUInt16BE(seed);
  const ports = Buffer.alloc(6);
  ports[0] = proto;
  ports[1] = 0;
  ports.writeUInt16BE(ap, 2);
  ports.writeUInt16BE(bp, 4);
  // ICMP ports hold type/code; the one-way form is enough for matching here.
  return `1:${createHash('sha1').update(head).update(a).update(b).update(ports.subarray(0, 2)).update(ports.subarray(2)).digest('base64')}`;
}
