import { macAt } from '../packet.js';
import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

const TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];

/** Thrown for a message that is not valid DHCP. */
export class DhcpFormatError extends Error {}

/**
 * Decode a DHCP (BOOTP) message: message type, client MAC, addresses and the options that name a
 * device — host name (12), vendor class (60), requested address (50), client id (61), the
 * parameter request list (55, a device fingerprint) and the client FQDN (81).
 *
 * @example
 * parseDhcp(udpPayload).host_name // 'INFUSOMAT-12'
 */
export function parseDhcp(b: Buffer): Record<string, unknown> {
  if (b.length < 240) throw new DhcpFormatError(`message of ${b.length} bytes is shorter than the 240-byte BOOTP header`);
  if (b.readUInt32BE(236) !== 0x63825363) throw new DhcpFormatError('magic cookie 63825363 missing');
  const ip = (o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
  const r: Record<string, unknown> = { trans_id: b.readUInt32BE(4), client_mac: b[2] === 6 ? macAt(b, 28) : undefined };
  const ci = ip(12);
  const yi = ip(16);
  if (ci !== '0.0.0.0') r.client_addr = ci;
  if (yi !== '0.0.0.0') r.assigned_addr = yi;
  let o = 240;
  while (o < b.length) {
    const code = b[o]!;
    if (code === 255) break;
    if (code === 0) { o++; continue; }
    if (o + 2 > b.length) throw new DhcpFormatError(`option ${code} cut short`);
    const len = b[o + 1]!;
    const v = o + 2;
    if (v + len > b.length) throw new DhcpFormatError(`option ${code} of ${len} bytes runs past the end`);
    switch (code) {
      case 53: r.msg_type = TYPES[b[v]!] ?? String(b[v]); break;
      case 12: r.host_name = b.toString('latin1', v, v + len).replace(/\0+$/, ''); break;
      case 60: r.vendor_class = b.toString('latin1', v, v + len); break;
      case 50: if (len === 4) r.requested_addr = ip(v); break;
      case 54: if (len === 4) r.server_addr = ip(v); break;
      case 51: if (len === 4) r.lease_time = b.readUInt32BE(v); break;
      case 61: r.client_id = b.toString('hex', v, v + len); break;
      case 55: r.param_list = Array.from(b.subarray(v, v + len)).join(','); break;
      case 81: if (len > 3) r.client_fqdn = b.toString('latin1', v + 3, v + len); break;
      default: break;
    }
    o = v + len;
  }
  if (r.client_mac === undefined) delete r.client_mac;
  return r;
}

class DhcpDecoder implements AppDecoder {
  readonly service = 'dhcp';
  recognised = false;
  done = false;
  constructor(private readonly ctx: DecoderContext) {}

  data(_dir: Dir, bytes: Buffer, ts: number): void {
    try {
      const r = parseDhcp(bytes);
      this.recognised = true;
      this.ctx.emit('dhcp', ts, r);
    } catch (err) {
      if (!(err instanceof DhcpFormatError)) throw err;
      this.ctx.problem('malformed_dhcp', `DHCP message: ${err.message}`, bytes.subarray(0, 512));
    }
  }
}

/** DHCP on UDP 67/68. */
export const dhcp: DecoderFactory = { service: 'dhcp', transport: 'udp', ports: [67, 68], create: (ctx) => new DhcpDecoder(ctx) };
