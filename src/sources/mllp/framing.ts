/** MLLP start block (VT). */
export const SB = 0x0b;
/** MLLP end block (FS). */
export const EB = 0x1c;
/** Carriage return that follows the end block. */
export const CR = 0x0d;

/**
 * One frame taken off the stream: a complete message, or an oversized one (its first bytes
 * kept, so the MSH can still be read for the negative ACK).
 *
 * @example
 * const f: MllpFrame = { data: Buffer.from('MSH|…') };
 */
export type MllpFrame = { data: Buffer; tooLarge?: false } | { data: Buffer; tooLarge: true; size: number };

/** Bytes of an oversized frame kept for its MSH. */
const HEAD_BYTES = 4096;

/**
 * Splits a TCP byte stream into MLLP frames (`<VT> message <FS><CR>`), whatever the chunking:
 * a frame split over many chunks, several frames in one chunk. Bytes outside a frame (line
 * noise, keep-alive newlines) are skipped and counted. A frame larger than `maxBytes` is cut:
 * its head is kept for the NAK and the rest skipped up to its end block.
 *
 * @example
 * const f = new MllpFramer(1 << 20);
 * f.push(Buffer.from('\x0bMSH|^~\\&|…\x1c\r')) // [{ data: <Buffer …> }]
 */
export class MllpFramer {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private overflow = false;
  /** Bytes seen outside any frame. */
  skipped = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): MllpFrame[] {
    const out: MllpFrame[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(SB, i);
        if (start < 0) {
          this.skipped += chunk.length - i;
          break;
        }
        this.skipped += start - i;
        this.inFrame = true;
        this.parts = [];
        this.size = 0;
        this.overflow = false;
        i = start + 1;
        continue;
      }
      const end = chunk.indexOf(EB, i);
      const stop = end < 0 ? chunk.length : end;
      this.take(chunk.subarray(i, stop));
      if (end < 0) break;
      // <FS> must be followed by <CR>; tolerate a missing CR (some senders omit it).
      i = chunk[end + 1] === CR ? end + 2 : end + 1;
      this.inFrame = false;
      const data = Buffer.concat(this.parts);
      out.push(this.overflow ? { data, tooLarge: true, size: this.size } : { data });
      this.parts = [];
    }
    return out;
  }

  private take(b: Buffer): void {
    if (b.length === 0) return;
    // A new start block inside a frame means the sender gave up on the previous one.
    const restart = b.lastIndexOf(SB);
    if (restart >= 0) {
      this.skipped += this.size + restart;
      this.parts = [];
      this.size = 0;
      this.overflow = false;
      b = b.subarray(restart + 1);
    }
    this.size += b.length;
    if (this.overflow) return;
    if (this.size > this.maxBytes) {
      this.overflow = true;
      const kept = this.parts.reduce((n, p) => n + p.length, 0);
      if (kept < HEAD_BYTES) this.parts.push(b.subarray(0, HEAD_BYTES - kept));
      return;
    }
    this.parts.push(b);
  }

  /** Whether a frame is partly received (to report a connection closed mid-message). */
  get pending(): boolean {
    return this.inFrame;
  }
}
