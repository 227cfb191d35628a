/**
 * Bytes of a stream waiting to be parsed, with a pending skip (data to pass over without keeping
 * it, such as a DICOM image inside a P-DATA PDU) and a cap on what is held.
 *
 * @example
 * q.push(bytes); if (q.length >= 6) { const h = q.peek(6); … q.consume(6); }
 */
export class ByteQueue {
  private buf: Buffer = Buffer.alloc(0);
  private skipLeft = 0;

  /** Append bytes; the part covered by a pending skip is dropped at once. */
  push(b: Buffer): void {
    if (this.skipLeft > 0) {
      const n = Math.min(this.skipLeft, b.length);
      this.skipLeft -= n;
      b = b.subarray(n);
      if (b.length === 0) return;
    }
    this.buf = this.buf.length === 0 ? Buffer.from(b) : Buffer.concat([this.buf, b]);
  }

  get length(): number {
    return this.buf.length;
  }

  /** The next `n` bytes (a view; valid until the next push/consume). */
  peek(n: number): Buffer {
    return this.buf.subarray(0, n);
  }

  consume(n: number): void {
    this.buf = this.buf.subarray(n);
  }

  /** Pass over `n` bytes, whether or not they have arrived. */
  skip(n: number): void {
    const now = Math.min(n, this.buf.length);
    this.buf = this.buf.subarray(now);
    this.skipLeft += n - now;
  }

  /** Drop everything held and any pending skip (after a gap). */
  clear(): void {
    this.buf = Buffer.alloc(0);
    this.skipLeft = 0;
  }
}
