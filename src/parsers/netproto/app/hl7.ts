import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

/** Largest MLLP frame looked at; the header (MSH) is always near its start. */
const MAX_FRAME = 1024 * 1024;

/**
 * The MSH header of an HL7 v2 message — and nothing else: the other segments carry patient data
 * and are never read into a record. Components are cut at the first `^` (hierarchic designator).
 *
 * @example
 * parseMsh('MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260101||ORU^R01|42|P|2.5') // { message_type: 'ORU', trigger_event: 'R01', sending_application: 'LAB', … }
 */
export function parseMsh(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('MSH');
  if (start < 0 || text.length < start + 8) return undefined;
  const end = text.slice(start).search(/[\r\n]/);
  const msh = end < 0 ? text.slice(start) : text.slice(start, start + end);
  const sep = msh[3]!;
  const comp = msh[4] ?? '^';
  const f = msh.split(sep);
  // MSH-1 is the separator itself, so MSH-n is f[n-1].
  const first = (i: number) => (f[i - 1] ?? '').split(comp)[0] ?? '';
  const type = (f[8] ?? '').split(comp);
  const out: Record<string, unknown> = { message_type: type[0] ?? '', segments_seen: text.split(/\r\n?|\n/).filter((s) => s.length >= 3).map((s) => s.slice(0, 3)).slice(0, 64) };
  if (type[1]) out.trigger_event = type[1];
  const put = (k: string, v: string) => { if (v !== '') out[k] = v; };
  put('sending_application', first(3));
  put('sending_facility', first(4));
  put('receiving_application', first(5));
  put('receiving_facility', first(6));
  put('control_id', f[9] ?? '');
  put('processing_id', first(11));
  put('version', first(12));
  if (out.message_type === 'ACK') {
    const msa = text.split(/\r\n?|\n/).find((s) => s.startsWith('MSA'));
    if (msa) put('ack_code', msa.split(sep)[1] ?? '');
  }
  return out;
}

/** HL7 v2 over MLLP (0x0B … 0x1C 0x0D): one record per message with its MSH facts only. */
class MllpDecoder implements AppDecoder {
  readonly service = 'hl7';
  recognised = false;
  done = false;
  private buf: [Buffer, Buffer] = [Buffer.alloc(0), Buffer.alloc(0)];
  private skipping: [boolean, boolean] = [false, false];

  constructor(private readonly ctx: DecoderContext) {}

  data(dir: Dir, bytes: Buffer, ts: number): void {
    let b = this.buf[dir].length > 0 ? Buffer.concat([this.buf[dir], bytes]) : bytes;
    for (;;) {
      if (this.skipping[dir]) {
        // An oversized frame: pass over it to its end marker.
        const e = b.indexOf(0x1c);
        if (e < 0) { b = Buffer.alloc(0); break; }
        this.skipping[dir] = false;
        b = b.subarray(e + 1);
        continue;
      }
      const s = b.indexOf(0x0b);
      if (s < 0) { b = Buffer.alloc(0); break; }
      const e = b.indexOf(0x1c, s);
      if (e < 0) {
        b = b.subarray(s);
        if (b.length > MAX_FRAME) {
          this.ctx.problem('oversized_hl7', `MLLP frame over ${MAX_FRAME} bytes without an end marker`, Buffer.alloc(0));
          this.skipping[dir] = true;
          b = Buffer.alloc(0);
        }
        break;
      }
      const text = b.toString('latin1', s + 1, e);
      const m = parseMsh(text);
      if (m === undefined) {
        // Not HL7: the bytes are not kept (they may be clinical text), only the fact.
        this.ctx.problem('malformed_hl7', `MLLP frame of ${e - s - 1} bytes holds no MSH segment`, Buffer.alloc(0));
      } else {
        this.recognised = true;
        this.ctx.emit('hl7', ts, { ...m, direction: dir === 0 ? 'request' : 'response', frame_bytes: e - s - 1 });
      }
      b = b.subarray(e + 1);
    }
    this.buf[dir] = Buffer.from(b);
  }
}

/** MLLP on 2575 (and common engine ports), or any connection starting with 0x0B "MSH". */
export const hl7: DecoderFactory = {
  service: 'hl7', transport: 'tcp', ports: [2575, 6661, 6662, 6663],
  sniff: (b) => b.length >= 4 && b[0] === 0x0b && b.toString('latin1', 1, 4) === 'MSH',
  create: (ctx) => new MllpDecoder(ctx),
};
