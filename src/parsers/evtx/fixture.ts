/**
 * Test support: builds small EVTX files by hand, token by token, so the tests exercise each
 * BinXML path (inline and back-referenced templates, optional substitutions, arrays, nested
 * BinXML, records without templates) without depending on a Windows machine.
 */
import { crc32 } from './bytes.js';

/** Writes BinXML at known chunk-relative positions (names and templates are referenced by offset). */
export class ChunkWriter {
  private bytes: number[] = [];
  private readonly names = new Map<string, number>();
  constructor(private readonly base: number) {}

  pos(): number {
    return this.base + this.bytes.length;
  }
  u8(...v: number[]): this {
    this.bytes.push(...v.map((x) => x & 0xff));
    return this;
  }
  u16(v: number): this {
    return this.u8(v, v >> 8);
  }
  u32(v: number): this {
    return this.u8(v, v >> 8, v >> 16, v >>> 24);
  }
  u64(v: bigint): this {
    for (let i = 0n; i < 8n; i++) this.u8(Number((v >> (8n * i)) & 0xffn));
    return this;
  }
  raw(b: Uint8Array): this {
    this.bytes.push(...b);
    return this;
  }
  utf16(s: string): this {
    return this.raw(Buffer.from(s, 'utf16le'));
  }
  patch32(at: number, v: number): void {
    const i = at - this.base;
    for (let k = 0; k < 4; k++) this.bytes[i + k] = (v >>> (8 * k)) & 0xff;
  }
  patch16(at: number, v: number): void {
    const i = at - this.base;
    this.bytes[i] = v & 0xff;
    this.bytes[i + 1] = (v >> 8) & 0xff;
  }
  buffer(): Buffer {
    return Buffer.from(this.bytes);
  }

  /** A name reference: the offset of a name written earlier, or the name inline right here. */
  name(n: string): this {
    const known = this.names.get(n);
    if (known !== undefined) return this.u32(known);
    const at = this.pos() + 4;
    this.names.set(n, at);
    return this.u32(at).u32(0).u16(0).u16(n.length).utf16(n).u16(0);
  }
  fragment(): this {
    return this.u8(0x0f, 1, 1, 0);
  }
  /** Open start element; `dep` writes the dependency identifier that template definitions carry. */
  open(name: string, hasAttrs: boolean, dep = true): this {
    this.u8(hasAttrs ? 0x41 : 0x01);
    if (dep) this.u16(0xffff);
    this.u32(0).name(name);
    if (hasAttrs) this.u32(0);
    return this;
  }
  attr(name: string): this {
    return this.u8(0x06).name(name);
  }
  closeStart(): this {
    return this.u8(0x02);
  }
  closeEmpty(): this {
    return this.u8(0x03);
  }
  end(): this {
    return this.u8(0x04);
  }
  eof(): this {
    return this.u8(0x00);
  }
  text(s: string): this {
    return this.u8(0x05, 0x01).u16(s.length).utf16(s);
  }
  sub(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d).u16(index).u8(type);
  }
  cdata(s: string): this {
    return this.u8(0x07).u16(s.length).utf16(s);
  }
  charRef(c: number): this {
    return this.u8(0x08).u16(c);
  }
  entityRef(name: string): this {
    return this.u8(0x09).name(name);
  }
  /**
   * Template instance: `body` writes the definition (inline, if `defOffset` is undefined), then each
   * value is written by its function (which may write nested BinXML at the right position).
   * Returns the definition's offset for back-references.
   */
  template(defOffset: number | undefined, body: ((w: ChunkWriter) => void) | undefined, values: Array<[type: number, write: (w: ChunkWriter) => void]>): number {
    this.u8(0x0c, 0x01).u32(1);
    let def = defOffset;
    if (def === undefined) {
      def = this.pos() + 4;
      this.u32(def).u32(0).raw(new Uint8Array(16));
      const sizeAt = this.pos();
      this.u32(0);
      const start = this.pos();
      body?.(this);
      this.patch32(sizeAt, this.pos() - start);
    } else this.u32(def);
    this.u32(values.length);
    const descAt = this.pos();
    for (const [type] of values) this.u16(0).u8(type, 0);
    values.forEach(([, write], i) => {
      const start = this.pos();
      write(this);
      this.patch16(descAt + i * 4, this.pos() - start);
    });
    return def;
  }
}

/** Assemble records (each `(w) => void` writes one record's BinXML) into a one-chunk EVTX file. */
export function buildEvtx(records: Array<{ id: number; time: bigint; write: (w: ChunkWriter) => void }>): Buffer {
  const chunk = Buffer.alloc(65536);
  let pos = 512;
  let last = 512;
  for (const r of records) {
    const w = new ChunkWriter(pos + 24);
    r.write(w);
    const body = w.buffer();
    const size = 24 + body.length + 4;
    chunk.writeUInt32LE(0x2a2a, pos);
    chunk.writeUInt32LE(size, pos + 4);
    chunk.writeBigUInt64LE(BigInt(r.id), pos + 8);
    chunk.writeBigUInt64LE(r.time, pos + 16);
    body.copy(chunk, pos + 24);
    chunk.writeUInt32LE(size, pos + size - 4);
    last = pos;
    pos += size;
  }
  chunk.write('ElfChnk\0', 0, 'latin1');
  const first = records[0]?.id ?? 0;
  const lastId = records[records.length - 1]?.id ?? 0;
  chunk.writeBigUInt64LE(BigInt(first), 8);
  chunk.writeBigUInt64LE(BigInt(lastId), 16);
  chunk.writeBigUInt64LE(BigInt(first), 24);
  chunk.writeBigUInt64LE(BigInt(lastId), 32);
  chunk.writeUInt32LE(128, 40);
  chunk.writeUInt32LE(last, 44);
  chunk.writeUInt32LE(pos, 48);
  chunk.writeUInt32LE(crc32(chunk, 512, pos), 52);
  chunk.writeUInt32LE(crc32(chunk, 128, 512, crc32(chunk, 0, 120)), 124);
  const header = Buffer.alloc(4096);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(0n, 16);
  header.writeBigUInt64LE(BigInt(lastId + 1), 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(4096, 40);
  header.writeUInt16LE(1, 42);
  header.writeUInt32LE(crc32(header, 0, 120), 124);
  return Buffer.concat([header, chunk]);
}

/** FILETIME ticks of an ISO instant (+ extra 100 ns ticks). */
export function fileTime(iso: string, extraTicks = 0n): bigint {
  return (BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n + extraTicks;
}
