/**
 * Splits a TCP syslog byte stream into messages. RFC 6587 allows two framings and senders
 * mix them: octet counting (`LEN SP MSG`, RFC 5425 style) when a frame starts with a digit,
 * else non-transparent framing with LF (a trailing CR is removed).
 *
 * @example
 * const f = new SyslogFramer(65536);
 * f.push(Buffer.from('11 <13>1 - x y\n<13>hello\n')) // ['<13>1 - x y', '<13>hello']
 */
export class SyslogFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized octet-counted frame still to discard. */
  private skip = 0;
  private mode: 'unknown' | 'octet' | 'newline' = 'unknown';

  constructor(private readonly maxMessageBytes: number) {}

  /** Feed bytes; returns complete messages. Oversized or malformed frames are returned as `{ error }`. */
  push(chunk: Buffer): Array<string | { error: string; data: string }> {
    if (this.skip > 0) {
      // Still inside an oversized frame that was already reported.
      const n = Math.min(this.skip, chunk.length);
      chunk = chunk.subarray(n);
      this.skip -= n;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Array<string | { error: string; data: string }> = [];
    let pos = 0;
    const b = this.buf;
    while (pos < b.length) {
      const c = b[pos]!;
      if (c === 0x0a || c === 0x0d || c === 0x00) { pos++; continue; }
      // A connection keeps one framing (RFC 6587): once a newline-framed message was seen,
      // a line that happens to start with "12 " is text, not an octet count.
      if (this.mode !== 'newline' && c >= 0x31 && c <= 0x39) {
        // Octet counting: digits, a space, then exactly LEN bytes.
        let i = pos;
        let len = 0;
        while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39 && i - pos < 10) len = len * 10 + (b[i++]! - 0x30);
        if (i >= b.length) break; // need more bytes
        if (b[i] === 0x20) {
          if (len > this.maxMessageBytes) {
            out.push({ error: `octet-counted frame of ${len} bytes exceeds the ${this.maxMessageBytes}-byte limit`, data: b.subarray(pos, Math.min(b.length, pos + 256)).toString('utf8') });
            // Skip what we have of the oversized frame.
            const end = i + 1 + len;
            if (end > b.length) { this.skip = end - b.length; pos = b.length; break; }
            pos = end;
            continue;
          }
          if (i + 1 + len > b.length) break; // incomplete frame
          this.mode = 'octet';
          out.push(b.toString('utf8', i + 1, i + 1 + len));
          pos = i + 1 + len;
          continue;
        }
        // Not "digits SP": fall through to newline framing.
      }
      const nl = b.indexOf(0x0a, pos);
      if (nl < 0) {
        if (b.length - pos > this.maxMessageBytes) {
          out.push({ error: `line exceeds the ${this.maxMessageBytes}-byte limit without a newline`, data: b.toString('utf8', pos, pos + 256) });
          pos = b.length;
        }
        break;
      }
      let end = nl;
      if (end > pos && b[end - 1] === 0x0d) end--;
      if (this.mode === 'unknown') this.mode = 'newline';
      out.push(b.toString('utf8', pos, end));
      pos = nl + 1;
    }
    this.buf = pos >= b.length ? Buffer.alloc(0) : b.subarray(pos);
    return out;
  }

  /** What remains when the connection closes (a final line without LF). */
  end(): string | undefined {
    const rest = this.buf.toString('utf8').replace(/\r?\n?$/, '');
    this.buf = Buffer.alloc(0);
    return rest.length ? rest : undefined;
  }
}
