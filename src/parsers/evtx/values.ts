import { EvtxFormatError, need } from './bytes.js';
import type { SubValue } from './tree.js';

/**
 * BinXML value types (the low 7 bits; 0x80 marks an array of that type).
 *
 * @example
 * ValueType.Sid // 0x13
 */
export enum ValueType {
  Null = 0x00, String = 0x01, AnsiString = 0x02, Int8 = 0x03, UInt8 = 0x04, Int16 = 0x05, UInt16 = 0x06,
  Int32 = 0x07, UInt32 = 0x08, Int64 = 0x09, UInt64 = 0x0a, Real32 = 0x0b, Real64 = 0x0c, Bool = 0x0d,
  Binary = 0x0e, Guid = 0x0f, SizeT = 0x10, FileTime = 0x11, SystemTime = 0x12, Sid = 0x13, HexInt32 = 0x14,
  HexInt64 = 0x15, EvtHandle = 0x20, BinXml = 0x21, EvtXml = 0x23,
}

const FIXED_SIZE: Record<number, number> = {
  0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0a: 8, 0x0b: 4, 0x0c: 8, 0x0d: 4,
  0x0f: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
};

/**
 * Size in bytes of one value of a fixed-size type, or `undefined` for variable-size types.
 *
 * @example
 * fixedSize(ValueType.Guid) // 16
 */
export function fixedSize(type: number): number | undefined {
  return FIXED_SIZE[type];
}

const EPOCH_DIFF_TICKS = 116_444_736_000_000_000n;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** FILETIME (100 ns ticks since 1601) → `2022-01-26T09:20:49.1010820Z`, as Windows renders it. */
function fileTime7(ticks: bigint): string {
  const t = ticks - EPOCH_DIFF_TICKS;
  let secs = t / 10_000_000n;
  let frac = t % 10_000_000n;
  if (frac < 0n) {
    secs -= 1n;
    frac += 10_000_000n;
  }
  const d = new Date(Number(secs) * 1000);
  if (Number.isNaN(d.getTime())) return `0x${ticks.toString(16)}`;
  return `${d.toISOString().slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`;
}

/**
 * FILETIME → ISO 8601 UTC with microseconds.
 *
 * @example
 * fileTimeIso(132876624491010820n) // '2022-01-26T09:20:49.101082Z'
 */
export function fileTimeIso(ticks: bigint): string {
  const s = fileTime7(ticks);
  return s.endsWith('Z') ? `${s.slice(0, 26)}Z` : s;
}

function fileTime(buf: Buffer, pos: number): string {
  return fileTime7(buf.readBigUInt64LE(pos));
}

/** SYSTEMTIME (eight u16: year, month, weekday, day, hour, minute, second, ms) → ISO 8601. */
function systemTime(buf: Buffer, pos: number): string {
  const [y, mo, , d, h, mi, s, milli] = [0, 2, 4, 6, 8, 10, 12, 14].map((o) => buf.readUInt16LE(pos + o)) as [number, number, number, number, number, number, number, number];
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(milli, 3)}Z`;
}

function hex(buf: Buffer, pos: number, n: number): string {
  return buf.toString('hex', pos, pos + n);
}

/**
 * A GUID in upper case, as Windows renders it.
 *
 * @example
 * guid(buf, pos) // '{54849625-5478-4994-A5BA-3E3B0328C30D}'
 */
export function guid(buf: Buffer, pos: number): string {
  need(buf, pos, 16, 'GUID');
  const d1 = buf.readUInt32LE(pos).toString(16).padStart(8, '0');
  const d2 = buf.readUInt16LE(pos + 4).toString(16).padStart(4, '0');
  const d3 = buf.readUInt16LE(pos + 6).toString(16).padStart(4, '0');
  return `{${d1}-${d2}-${d3}-${hex(buf, pos + 8, 2)}-${hex(buf, pos + 10, 6)}}`.toUpperCase();
}

/**
 * A SID (at most `max` bytes) and its length in bytes.
 *
 * @example
 * sid(Buffer.from('010100000000000512000000', 'hex'), 0, 12) // { text: 'S-1-5-18', size: 12 }
 */
export function sid(buf: Buffer, pos: number, max: number): { text: string; size: number } {
  if (max < 8) throw new EvtxFormatError(`SID of ${max} bytes is too short`);
  need(buf, pos, 8, 'SID');
  const rev = buf[pos]!;
  const count = buf[pos + 1]!;
  const size = 8 + 4 * count;
  if (size > max) throw new EvtxFormatError(`SID with ${count} sub-authorities exceeds its ${max} bytes`);
  need(buf, pos, size, 'SID');
  const auth = buf.readUIntBE(pos + 2, 6);
  let text = `S-${rev}-${auth}`;
  for (let i = 0; i < count; i++) text += `-${buf.readUInt32LE(pos + 8 + 4 * i)}`;
  return { text, size };
}

function stripNul(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * One value of a fixed-size type at `pos`, rendered as text.
 *
 * @example
 * scalar(ValueType.HexInt64, buf, pos, 8) // '0x3e7'
 */
export function scalar(type: number, buf: Buffer, pos: number, size: number): string {
  switch (type) {
    case ValueType.Int8: return String(buf.readInt8(pos));
    case ValueType.UInt8: return String(buf[pos]!);
    case ValueType.Int16: return String(buf.readInt16LE(pos));
    case ValueType.UInt16: return String(buf.readUInt16LE(pos));
    case ValueType.Int32: return String(buf.readInt32LE(pos));
    case ValueType.UInt32: return String(buf.readUInt32LE(pos));
    case ValueType.Int64: return String(buf.readBigInt64LE(pos));
    case ValueType.UInt64: return String(buf.readBigUInt64LE(pos));
    case ValueType.Real32: return String(buf.readFloatLE(pos));
    case ValueType.Real64: return String(buf.readDoubleLE(pos));
    case ValueType.Bool: return buf.readUInt32LE(pos) !== 0 ? 'true' : 'false';
    case ValueType.Guid: return guid(buf, pos);
    case ValueType.FileTime: return fileTime(buf, pos);
    case ValueType.SystemTime: return systemTime(buf, pos);
    // Hex integers are unpadded, as Windows renders them (Sigma rules match `SubjectLogonId: '0x3e7'`).
    case ValueType.HexInt32: return `0x${buf.readUInt32LE(pos).toString(16)}`;
    case ValueType.HexInt64: return `0x${buf.readBigUInt64LE(pos).toString(16)}`;
    case ValueType.SizeT:
      return size === 4 ? `0x${buf.readUInt32LE(pos).toString(16)}` : `0x${buf.readBigUInt64LE(pos).toString(16)}`;
    default: throw new EvtxFormatError(`value type 0x${type.toString(16)} is not a fixed-size type`);
  }
}

/**
 * Decode one substitution value of `type` occupying `size` bytes at `pos`. Nested BinXML (0x21)
 * is handed to `nested` (it needs the chunk's name and template tables).
 *
 * @example
 * decodeValue(0x81, chunk, pos, size, nested) // { items: ['Administrators', 'Users'] }
 */
export function decodeValue(type: number, buf: Buffer, pos: number, size: number, nested: (pos: number, size: number) => SubValue): SubValue {
  need(buf, pos, size, `value of type 0x${type.toString(16)}`);
  if (size === 0 && type !== ValueType.String) return null;
  switch (type) {
    case ValueType.Null: return null;
    case ValueType.String: return stripNul(buf.toString('utf16le', pos, pos + (size & ~1)));
    case ValueType.AnsiString: return stripNul(buf.toString('latin1', pos, pos + size));
    case ValueType.Binary: case ValueType.EvtXml: return buf.toString('hex', pos, pos + size).toUpperCase();
    case ValueType.Sid: return sid(buf, pos, size).text;
    case ValueType.SizeT: return scalar(type, buf, pos, size === 4 ? 4 : 8);
    case ValueType.EvtHandle: return `0x${hex(buf, pos, size)}`;
    case ValueType.BinXml: return nested(pos, size);
    default: break;
  }
  if (type & 0x80) return { items: decodeArray(type & 0x7f, buf, pos, size) };
  const n = fixedSize(type);
  if (n === undefined) throw new EvtxFormatError(`unknown value type 0x${type.toString(16)}`);
  if (size < n) throw new EvtxFormatError(`value of type 0x${type.toString(16)} needs ${n} bytes, has ${size}`);
  return scalar(type, buf, pos, n);
}

function decodeArray(type: number, buf: Buffer, pos: number, size: number): string[] {
  const end = pos + size;
  switch (type) {
    case ValueType.String: {
      const parts = buf.toString('utf16le', pos, pos + (size & ~1)).split('\u0000');
      if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      return parts;
    }
    case ValueType.AnsiString: {
      const parts = buf.toString('latin1', pos, end).split('\u0000');
      if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      return parts;
    }
    case ValueType.Sid: {
      const out: string[] = [];
      for (let p = pos; p < end;) {
        const s = sid(buf, p, end - p);
        out.push(s.text);
        p += s.size;
      }
      return out;
    }
    case ValueType.Binary: return [buf.toString('hex', pos, end).toUpperCase()];
    default: {
      const n = type === ValueType.SizeT ? 8 : fixedSize(type);
      if (n === undefined) throw new EvtxFormatError(`unknown array value type 0x${(type | 0x80).toString(16)}`);
      if (size % n !== 0) throw new EvtxFormatError(`array of type 0x${(type | 0x80).toString(16)}: ${size} bytes is not a multiple of ${n}`);
      const out: string[] = [];
      for (let p = pos; p < end; p += n) out.push(scalar(type, buf, p, n));
      return out;
    }
  }
}
