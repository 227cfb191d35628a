import type { WardEvent } from '../../core/event.js';

/** One finished connection as the network detectors read it (Zeek conn, NetFlow, pcap flows). */
export interface Flow {
  t: number;
  src: string;
  dst: string;
  dport: number;
  /** Application protocol (`ssl`, `dicom`, `smb`…), lower case; '' when unknown. */
  service: string;
  origBytes: number;
  respBytes: number;
  /** The responder never answered or refused (S0, REJ…): `event.outcome` failure. */
  failed: boolean;
  id: string;
}

/** Whether the event is a finished connection record with both addresses. */
export function isFlow(e: WardEvent): boolean {
  return e.event.action === 'connection' && e.event.category?.includes('network') === true && !!e.source?.ip && !!e.destination?.ip;
}

/**
 * The connection fields of a flow event (`source`/`destination`, `network.protocol`, bytes per side).
 *
 * @example
 * flowOf(ev)?.origBytes // 1200
 */
export function flowOf(e: WardEvent, t: number): Flow | undefined {
  const src = e.source?.ip;
  const dst = e.destination?.ip;
  if (!src || !dst) return undefined;
  return {
    t, src, dst,
    dport: Number(e.destination?.port) || 0,
    service: typeof e.network?.protocol === 'string' ? e.network.protocol.toLowerCase() : '',
    origBytes: Number(e.source?.bytes) || 0,
    respBytes: Number(e.destination?.bytes) || 0,
    failed: e.event.outcome === 'failure',
    id: e.event.id,
  };
}

/** A parsed range: IPv4 CIDRs compare numerically; anything else (IPv6) is a lower-case text prefix such as `fd` or `fe80:`. */
export interface Cidr { v4?: [number, number]; text?: string }

function v4(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) return undefined;
  let n = 0;
  for (const x of p) {
    const b = Number(x);
    if (!Number.isInteger(b) || b < 0 || b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

/**
 * Compile CIDR strings once at load.
 *
 * @example
 * inCidrs('10.1.2.3', compileCidrs(['10.0.0.0/8'])) // true
 */
export function compileCidrs(list: readonly string[]): Cidr[] {
  return list.map((c) => {
    const [base, bits] = c.split('/');
    const n = v4(base ?? '');
    if (n !== undefined) {
      const b = bits === undefined ? 32 : Number(bits);
      const mask = b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0;
      return { v4: [(n & mask) >>> 0, mask] as [number, number] };
    }
    return { text: (base ?? '').toLowerCase().replace(/:+$/, '') };
  });
}

/** Whether `ip` falls in one of the compiled ranges. */
export function inCidrs(ip: string, cidrs: readonly Cidr[]): boolean {
  const n = v4(ip);
  for (const c of cidrs) {
    if (c.v4 && n !== undefined && ((n & c.v4[1]) >>> 0) === c.v4[0]) return true;
    if (c.text && n === undefined && ip.toLowerCase().startsWith(c.text)) return true;
  }
  return false;
}

/** The private and link-local ranges a hospital network uses unless told otherwise. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '127.0.0.0/8', 'fc', 'fd', 'fe80:', '::1'];
