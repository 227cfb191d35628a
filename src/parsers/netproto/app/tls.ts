import { createHash } from 'node:crypto';
import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

/** GREASE values (RFC 8701) are left out of JA3/JA4. */
const isGrease = (v: number): boolean => (v & 0x0f0f) === 0x0a0a && (v >> 8) === (v & 0xff);
const MAX_HELLO = 64 * 1024;

/** Thrown for a ClientHello that cannot be read. */
export class TlsFormatError extends Error {}

const TLS_NAMES: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv10', 0x0302: 'TLSv11', 0x0303: 'TLSv12', 0x0304: 'TLSv13' };
const JA4_VER: Record<number, string> = { 0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10', 0x0300: 's3' };

/**
 * Decode a TLS ClientHello handshake message (type byte onwards): version, SNI, ALPN, and the
 * JA3 string with its MD5 and the JA4 fingerprint.
 *
 * @example
 * parseClientHello(hs).server_name // 'example.org'
 */
export function parseClientHello(h: Buffer): Record<string, unknown> {
  if (h.length < 42 || h[0] !== 1) throw new TlsFormatError('not a ClientHello');
  const version = h.readUInt16BE(4);
  let o = 38;
  const sidLen = h[o]!;
  o += 1 + sidLen;
  if (o + 2 > h.length) throw new TlsFormatError('cut short before cipher suites');
  const csLen = h.readUInt16BE(o);
  o += 2;
  if (o + csLen > h.length) throw new TlsFormatError('cipher suites run past the end');
  const ciphers: number[] = [];
  for (let i = 0; i + 1 < csLen; i += 2) ciphers.push(h.readUInt16BE(o + i));
  o += csLen;
  const compLen = h[o] ?? 0;
  o += 1 + compLen;
  const exts: number[] = [];
  const curves: number[] = [];
  const formats: number[] = [];
  const sigalgs: number[] = [];
  const alpn: string[] = [];
  let sni: string | undefined;
  let maxVersion = version;
  if (o + 2 <= h.length) {
    const extEnd = Math.min(h.length, o + 2 + h.readUInt16BE(o));
    o += 2;
    while (o + 4 <= extEnd) {
      const t = h.readUInt16BE(o);
      const l = h.readUInt16BE(o + 2);
      const v = o + 4;
      if (v + l > extEnd) throw new TlsFormatError(`extension ${t} runs past the end`);
      exts.push(t);
      if (t === 0 && l >= 5) sni = h.toString('latin1', v + 5, v + 5 + h.readUInt16BE(v + 3));
      else if (t === 10 && l >= 2) for (let i = 2; i + 1 < 2 + h.readUInt16BE(v) && i + 1 < l; i += 2) curves.push(h.readUInt16BE(v + i));
      else if (t === 11 && l >= 1) for (let i = 1; i <= h[v]! && i < l; i++) formats.push(h[v + i]!);
      else if (t === 13 && l >= 2) for (let i = 2; i + 1 < 2 + h.readUInt16BE(v) && i + 1 < l; i += 2) sigalgs.push(h.readUInt16BE(v + i));
      else if (t === 16 && l >= 2) {
        let a = v + 2;
        while (a < v + l) { const n = h[a]!; alpn.push(h.toString('latin1', a + 1, a + 1 + n)); a += 1 + n; }
      } else if (t === 43 && l >= 1) {
        for (let i = 1; i + 1 < 1 + h[v]! && i + 1 < l; i += 2) { const x = h.readUInt16BE(v + i); if (!isGrease(x) && x > maxVersion) maxVersion = x; }
      }
      o = v + l;
    }
  }
  const c = ciphers.filter((x) => !isGrease(x));
  const e = exts.filter((x) => !isGrease(x));
  const ja3 = [version, c.join('-'), e.join('-'), curves.filter((x) => !isGrease(x)).join('-'), formats.join('-')].join(',');
  const hex4 = (x: number) => x.toString(16).padStart(4, '0');
  const sha12 = (s: string) => (s === '' ? '000000000000' : createHash('sha256').update(s).digest('hex').slice(0, 12));
  const a0 = alpn[0] ?? '';
  const alpnCode = a0 === '' ? '00' : `${a0[0]}${a0[a0.length - 1]}`;
  const ja4a = `t${JA4_VER[maxVersion] ?? '00'}${sni !== undefined ? 'd' : 'i'}${String(Math.min(c.length, 99)).padStart(2, '0')}${String(Math.min(e.length, 99)).padStart(2, '0')}${alpnCode}`;
  const ja4b = sha12(c.map(hex4).sort().join(','));
  const extForHash = e.filter((x) => x !== 0 && x !== 16).map(hex4).sort().join(',');
  const ja4c = sha12(sigalgs.length > 0 ? `${extForHash}_${sigalgs.filter((x) => !isGrease(x)).map(hex4).join(',')}` : extForHash);
  const out: Record<string, unknown> = {
    version: TLS_NAMES[maxVersion] ?? `0x${maxVersion.toString(16)}`, ja3, ja3_hash: createHash('md5').update(ja3).digest('hex'), ja4: `${ja4a}_${ja4b}_${ja4c}`,
  };
  if (sni !== undefined) out.server_name = sni;
  if (alpn.length > 0) out.next_protocol = alpn[0];
  return out;
}

/** TLS: reads the ClientHello (across records and segments), then stops. */
class TlsDecoder implements AppDecoder {
  readonly service = 'ssl';
  recognised = false;
  done = false;
  private rec: Buffer = Buffer.alloc(0);
  private hs: Buffer = Buffer.alloc(0);

  constructor(private readonly ctx: DecoderContext) {}

  data(dir: Dir, bytes: Buffer, ts: number): void {
    if (dir !== 0) return;
    this.rec = Buffer.concat([this.rec, bytes]);
    while (this.rec.length >= 5) {
      if (this.rec[0] !== 0x16) { this.done = true; return; }
      const len = this.rec.readUInt16BE(3);
      if (this.rec.length < 5 + len) break;
      this.hs = Buffer.concat([this.hs, this.rec.subarray(5, 5 + len)]);
      this.rec = this.rec.subarray(5 + len);
    }
    if (this.rec.length + this.hs.length > MAX_HELLO) {
      this.ctx.problem('oversized_tls', `TLS handshake over ${MAX_HELLO} bytes before the ClientHello ended`, this.hs.subarray(0, 256));
      this.done = true;
      return;
    }
    if (this.hs.length < 4) return;
    const len = this.hs.readUIntBE(1, 3);
    if (this.hs.length < 4 + len) return;
    this.done = true;
    try {
      const f = parseClientHello(this.hs.subarray(0, 4 + len));
      this.recognised = true;
      this.ctx.emit('tls', ts, f);
    } catch (err) {
      if (!(err instanceof TlsFormatError)) throw err;
      this.ctx.problem('malformed_tls', `TLS ClientHello: ${err.message}`, this.hs.subarray(0, 256));
    }
  }
}

/** TLS on any port, recognised by a handshake record holding a ClientHello. */
export const tls: DecoderFactory = {
  service: 'ssl', transport: 'tcp', ports: [443, 8443, 636, 993, 995, 465, 8883, 6514, 2762, 5061],
  sniff: (b, dir) => dir === 0 && b.length >= 6 && b[0] === 0x16 && b[1] === 3 && b[5] === 1,
  create: (ctx) => new TlsDecoder(ctx),
};
