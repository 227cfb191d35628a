/** Little-endian reads over one chunk (or one nested BinXML blob) with bounds checks, and CRC-32. */
import * as zlib from 'node:zlib';

/**
 * Thrown by the decoder for bad or truncated data; the reader turns it into an `EvtxRecordError`.
 *
 * @example
 * throw new EvtxFormatError('name offset 0x9999 outside the chunk');
 */
export class EvtxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvtxFormatError';
  }
}

/**
 * Fail (naming `what`) unless `n` bytes at `pos` lie inside `buf`.
 *
 * @example
 * need(chunk, pos, 4, 'template offset');
 */
export function need(buf: Uint8Array, pos: number, n: number, what: string): void {
  if (pos < 0 || pos + n > buf.length) {
    throw new EvtxFormatError(`truncated: ${what} needs ${n} bytes at 0x${pos.toString(16)}, have ${Math.max(0, buf.length - pos)}`);
  }
}

/**
 * Bounds-checked little-endian reads; `what` names the field in the error.
 *
 * @example
 * u32(chunk, pos + 6, 'template offset')
 */
export function u16(buf: Buffer, pos: number, what: string): number {
  need(buf, pos, 2, what);
  return buf.readUInt16LE(pos);
}

/** @see u16 @example u32(chunk, 48, 'free space offset') */
export function u32(buf: Buffer, pos: number, what: string): number {
  need(buf, pos, 4, what);
  return buf.readUInt32LE(pos);
}

/**
 * A u64 that is small enough in practice (record ids, chunk numbers) as a JS number.
 *
 * @example
 * u64n(chunk, pos + 8, 'record id') // 9796981
 */
export function u64n(buf: Buffer, pos: number, what: string): number {
  need(buf, pos, 8, what);
  return buf.readUInt32LE(pos) + buf.readUInt32LE(pos + 4) * 0x1_0000_0000;
}

/**
 * `n` UTF-16LE code units at `pos`.
 *
 * @example
 * utf16(chunk, nameOffset + 8, length, 'name') // 'EventData'
 */
export function utf16(buf: Buffer, pos: number, n: number, what: string): string {
  need(buf, pos, n * 2, what);
  return buf.toString('utf16le', pos, pos + n * 2);
}

const nativeCrc32: ((data: Uint8Array, value?: number) => number) | undefined =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? zlib.crc32 : undefined;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  return t;
})();

/**
 * CRC-32 (IEEE, as zlib) of `buf[start, end)`, continuing from `crc` (pass the previous
 * result to checksum two ranges as one, as the chunk header checksum does).
 *
 * @example
 * crc32(Buffer.from('123456789')) // 0xcbf43926
 */
export function crc32(buf: Uint8Array, start = 0, end = buf.length, crc = 0): number {
  // zlib's native CRC-32 (Node ≥ 20.15) is ~10× faster than the table loop kept for older runtimes.
  if (nativeCrc32) return nativeCrc32(buf.subarray(start, end), crc);
  let c = ~crc;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
