/**
 * Minimal, bounded TCP reassembly of one direction for the application decoders: bytes are
 * delivered in sequence order once; retransmitted bytes are dropped; a segment that arrives
 * early is held until the hole before it fills, up to a byte budget. When the budget is exceeded
 * (or the stream was joined mid-way with data already lost) the hole is reported as a gap and
 * delivery continues from the held data.
 */
export class TcpStream {
  /** Next expected sequence number (undefined until the first SYN or data). */
  private next: number | undefined;
  private held: Array<{ seq: number; data: Buffer }> = [];
  private heldBytes = 0;
  /** Segments delivered, bytes dropped as retransmissions, gaps. */
  readonly stats = { delivered: 0, retransmitted: 0, gaps: 0 };

  constructor(private readonly budget: number) {}

  /**
   * Account one segment.
   *
   * @example
   * s.segment(seq, flags, payload, (b) => decoder.data(0, b, ts), () => decoder.gap?.(0));
   */
  segment(seq: number, flags: number, payload: Buffer, deliver: (b: Buffer) => void, gap: () => void): void {
    if (flags & 2) {
      // SYN consumes one sequence number.
      this.next = (seq + 1) >>> 0;
      seq = (seq + 1) >>> 0;
    }
    if (payload.length === 0) return;
    if (this.next === undefined) this.next = seq;
    const d = (seq - this.next) | 0;
    if (d <= 0) {
      if (-d >= payload.length) {
        this.stats.retransmitted += payload.length;
        return;
      }
      const fresh = payload.subarray(-d);
      this.next = (this.next + fresh.length) >>> 0;
      this.stats.delivered++;
      deliver(fresh);
      this.drain(deliver);
      return;
    }
    // Early: hold a copy (the packet buffer is reused) within the budget.
    if (this.heldBytes + payload.length > this.budget) {
      this.stats.gaps++;
      gap();
      this.next = seq;
      this.held.push({ seq, data: Buffer.from(payload) });
      this.heldBytes += payload.length;
      this.held.sort((a, b) => ((a.seq - b.seq) | 0));
      // Skip to the earliest held segment.
      const first = this.held[0]!;
      this.next = first.seq;
      this.drain(deliver);
      return;
    }
    this.held.push({ seq, data: Buffer.from(payload) });
    this.heldBytes += payload.length;
    this.held.sort((a, b) => ((a.seq - b.seq) | 0));
  }

  private drain(deliver: (b: Buffer) => void): void {
    while (this.held.length > 0 && this.next !== undefined) {
      const h = this.held[0]!;
      const d = (h.seq - this.next) | 0;
      if (d > 0) return;
      this.held.shift();
      this.heldBytes -= h.data.length;
      if (-d >= h.data.length) continue;
      const fresh = h.data.subarray(-d);
      this.next = (this.next + fresh.length) >>> 0;
      this.stats.delivered++;
      deliver(fresh);
    }
  }
}
