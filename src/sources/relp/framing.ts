/**
 * RELP frames (rsyslog's Reliable Event Logging Protocol, librelp `doc/relp.html`):
 *
 *     FRAME   = TXNR SP COMMAND SP DATALEN [SP DATA] TRAILER
 *     TXNR    = 1*9DIGIT            ; 0 only in server-sent "serverclose"
 *     COMMAND = 1*32ALPHA
 *     DATALEN = 1*9DIGIT            ; octets of DATA, 0 = no DATA
 *     TRAILER = LF
 *
 * Both directions use the same frame. The receiver answers each command frame with a `rsp`
 * frame of the same TXNR whose data is `CODE [SP TEXT] [LF DATA]`.
 */

/** A complete RELP frame. */
export interface RelpFrame {
  txnr: number;
  command: string;
  data: Buffer;
}

/**
 * A stream that is not RELP. The stream cannot be resynchronised after it (DATALEN is the only
 * framing), so the connection ends; `raw` holds the bytes from the bad frame on (bounded).
 */
export interface RelpFrameError {
  error: string;
  /** TXNR of the bad frame when it could be read, so the error can be answered. */
  txnr?: number;
  raw: Buffer;
}

const SP = 0x20;
const LF = 0x0a;
const MAX_DIGITS = 9;
const MAX_COMMAND = 32;
/** Bytes of a bad stream kept for the dead letter. */
const RAW_KEEP = 4096;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Splits a TCP byte stream into RELP frames, whatever the chunking. After the first error it
 * returns nothing more: the caller answers the error and closes the connection.
 *
 * @example
 * const f = new RelpFramer(128 * 1024);
 * f.push(Buffer.from('2 syslog 5 hello\n')) // [{ txnr: 2, command: 'syslog', data: <hello> }]
 */
export class RelpFramer {
  private buf: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxDataBytes: number) {}

  /** Bytes received and not yet part of a complete frame. */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Buffer): Array<RelpFrame | RelpFrameError> {
    if (this.failed) return [];
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Array<RelpFrame | RelpFrameError> = [];
    let pos = 0;
    const b = this.buf;
    while (pos < b.length) {
      const r = this.frameAt(b, pos);
      if (r === 'more') break;
      if ('error' in r) {
        this.failed = true;
        out.push(r);
        this.buf = Buffer.alloc(0);
        return out;
      }
      out.push(r.frame);
      pos = r.end;
    }
    this.buf = pos >= b.length ? Buffer.alloc(0) : b.subarray(pos);
    return out;
  }

  /** Parse one frame at `pos`: the frame and where the next starts, `more` bytes needed, or an error. */
  private frameAt(b: Buffer, pos: number): { frame: RelpFrame; end: number } | RelpFrameError | 'more' {
    const bad = (error: string, txnr?: number): RelpFrameError => ({
      error, ...(txnr !== undefined ? { txnr } : {}), raw: Buffer.from(b.subarray(pos, Math.min(b.length, pos + RAW_KEEP))),
    });
    let i = pos;
    // TXNR
    let txnr = 0;
    while (i < b.length && isDigit(b[i]!)) {
      if (i - pos >= MAX_DIGITS) return bad('transaction number longer than 9 digits');
      txnr = txnr * 10 + (b[i++]! - 0x30);
    }
    if (i >= b.length) return 'more';
    if (i === pos) return bad(`frame does not start with a transaction number (byte 0x${b[i]!.toString(16).padStart(2, '0')})`);
    if (b[i] !== SP) return bad('expected a space after the transaction number');
    i++;
    // COMMAND
    const cmdStart = i;
    while (i < b.length && isAlpha(b[i]!)) {
      if (i - cmdStart >= MAX_COMMAND) return bad('command longer than 32 letters', txnr);
      i++;
    }
    if (i >= b.length) return 'more';
    if (i === cmdStart) return bad('missing command after the transaction number', txnr);
    const command = b.toString('latin1', cmdStart, i);
    if (b[i] !== SP) return bad(`expected a space after the command "${command}"`, txnr);
    i++;
    // DATALEN
    const lenStart = i;
    let len = 0;
    while (i < b.length && isDigit(b[i]!)) {
      if (i - lenStart >= MAX_DIGITS) return bad('data length longer than 9 digits', txnr);
      len = len * 10 + (b[i++]! - 0x30);
    }
    if (i >= b.length) return 'more';
    if (i === lenStart) return bad(`missing data length in "${command}" frame`, txnr);
    if (len > this.maxDataBytes) return bad(`"${command}" frame of ${len} bytes exceeds the ${this.maxDataBytes}-byte limit`, txnr);
    if (len === 0) {
      // DATALEN 0: the trailer follows (a stray SP before it is tolerated, as librelp does).
      if (b[i] === SP) i++;
      if (i >= b.length) return 'more';
      if (b[i] !== LF) return bad(`"${command}" frame with data length 0 does not end with LF`, txnr);
      return { frame: { txnr, command, data: Buffer.alloc(0) }, end: i + 1 };
    }
    if (b[i] !== SP) return bad(`expected a space after the data length of "${command}"`, txnr);
    i++;
    if (i + len >= b.length) return 'more';
    if (b[i + len] !== LF) return bad(`"${command}" frame is not terminated by LF after ${len} data bytes`, txnr);
    return { frame: { txnr, command, data: Buffer.from(b.subarray(i, i + len)) }, end: i + len + 1 };
  }
}

/**
 * Build a frame for the wire.
 *
 * @example
 * relpFrame(3, 'rsp', '200 OK') // <Buffer "3 rsp 6 200 OK\n">
 */
export function relpFrame(txnr: number, command: string, data: string | Buffer = ''): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const head = body.length ? `${txnr} ${command} ${body.length} ` : `${txnr} ${command} 0`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body, Buffer.from([LF])]);
}

/**
 * The offers of an `open` frame (`name=value[,value…]` per line).
 *
 * @example
 * parseOffers(Buffer.from('relp_version=0\ncommands=syslog')) // Map { relp_version => ['0'], commands => ['syslog'] }
 */
export function parseOffers(data: Buffer): Map<string, string[]> {
  const offers = new Map<string, string[]>();
  for (const line of data.toString('utf8').split('\n')) {
    if (!line) continue;
    const eq = line.indexOf('=');
    const name = eq < 0 ? line : line.slice(0, eq);
    offers.set(name, eq < 0 || eq === line.length - 1 ? [] : line.slice(eq + 1).split(','));
  }
  return offers;
}
