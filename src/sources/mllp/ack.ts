import { randomBytes } from 'node:crypto';

/**
 * The acknowledgment code of MSA-1: `AA` accepted (stored), `AE` error (the message could not be
 * read), `AR` rejected (not taken for reasons outside the message: shutting down, store failure,
 * too large).
 *
 * @example
 * const c: AckCode = 'AA';
 */
export type AckCode = 'AA' | 'AE' | 'AR';

/**
 * Why a message was not accepted, for MSA-3 and the ERR segment.
 *
 * @example
 * const e: AckError = { text: 'MSH-9 message type is missing', code: '101', segment: 'MSH', field: 9 };
 */
export interface AckError {
  text: string;
  /** HL7 table 0357: 100 segment sequence, 101 required field missing, 102 data type, 200 unsupported type, 207 internal error. */
  code: string;
  segment?: string;
  field?: number;
}

const CODE_TEXT: Record<string, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '200': 'Unsupported message type',
  '207': 'Application internal error',
};

/** What the ACK copies from the message it answers (read leniently; all optional). */
interface Header {
  fs: string;
  enc: string;
  sendingApp: string;
  sendingFacility: string;
  receivingApp: string;
  receivingFacility: string;
  trigger: string;
  controlId: string;
  processingId: string;
  version: string;
  acceptAck: string;
}

/**
 * Read the MSH of a message as well as it can be read (an ACK must answer even a broken message).
 *
 * @example
 * readHeader('MSH|^~\\&|APP|FAC|WW|HOSP|20260105||ADT^A01|42|P|2.5').controlId // '42'
 */
export function readHeader(message: string): Header {
  const t = message.replace(/^\uFEFF/, '');
  const seg = t.split(/\r\n|\r|\n/)[0] ?? '';
  const ok = seg.startsWith('MSH') && seg.length > 8 && !/[A-Za-z0-9]/.test(seg[3] ?? 'x');
  const fs = ok ? seg[3]! : '|';
  const parts = ok ? seg.split(fs) : [];
  const enc = ok && (parts[1]?.length ?? 0) >= 4 ? parts[1]! : '^~\\&';
  const f = (n: number) => (ok ? (parts[n - 1] ?? '') : '');
  const first = (v: string) => v.split(enc[0]!)[0] ?? '';
  return {
    fs,
    enc,
    sendingApp: f(3),
    sendingFacility: f(4),
    receivingApp: f(5),
    receivingFacility: f(6),
    trigger: f(9).split(enc[0]!)[1] ?? '',
    controlId: first(f(10)),
    processingId: first(f(11)) || 'P',
    version: first(f(12)) || '2.5',
    acceptAck: first(f(15)),
  };
}

/**
 * Whether the sender asked for no accept acknowledgment (MSH-15 `NE`, enhanced mode).
 *
 * @example
 * wantsAck('MSH|^~\\&|A|B|C|D|20260105||ADT^A01|1|P|2.5|||NE|NE') // false
 */
export function wantsAck(message: string): boolean {
  return readHeader(message).acceptAck.toUpperCase() !== 'NE';
}

function escapeText(s: string, fs: string, enc: string): string {
  const esc = enc[2] ?? '\\';
  const map: Record<string, string> = { [esc]: `${esc}E${esc}`, [fs]: `${esc}F${esc}`, [enc[0]!]: `${esc}S${esc}`, [enc[1]!]: `${esc}R${esc}`, [enc[3]!]: `${esc}T${esc}` };
  let out = '';
  for (const c of s.replace(/[\r\n]+/g, ' ')) out += map[c] ?? c;
  return out;
}

function hl7Now(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}+0000`;
}

/**
 * A new message control id for an ACK (MSH-10): time-ordered, unique.
 *
 * @example
 * newControlId() // 'WW1767607200000a1b2c3'
 */
export function newControlId(now = Date.now()): string {
  return `WW${now}${randomBytes(3).toString('hex')}`;
}

/**
 * Build the ACK for a message: MSH with sender and receiver swapped (our MSH-3/4 are the
 * original's MSH-5/6), a new MSH-10, MSH-9 `ACK^<trigger>^ACK`, the original's processing id and
 * version; `MSA|code|<original MSH-10>|text`; and for `AE`/`AR` an ERR segment with the error
 * location (ERR-2), the table 0357 code (ERR-3) and severity `E` (ERR-4) — or, for versions
 * before 2.5, the ELD in ERR-1. Segments end with CR.
 *
 * @example
 * buildAck('MSH|^~\\&|APP|FAC|WW|HOSP|20260105||ADT^A01|42|P|2.5', 'AA')
 * // 'MSH|^~\\&|WW|HOSP|APP|FAC|…||ACK^A01^ACK|WW…|P|2.5\rMSA|AA|42\r'
 */
export function buildAck(original: string, code: AckCode, error?: AckError, opts: { now?: Date; controlId?: string } = {}): string {
  const h = readHeader(original);
  const now = opts.now ?? new Date();
  const fs = h.fs;
  const c = h.enc[0]!;
  const msh = ['MSH', h.enc, h.receivingApp || 'WARDWATCH', h.receivingFacility, h.sendingApp, h.sendingFacility, hl7Now(now), '',
    `ACK${c}${h.trigger}${c}ACK`, opts.controlId ?? newControlId(now.getTime()), h.processingId, h.version].join(fs);
  const segs = [msh];
  const msa = ['MSA', code, h.controlId];
  if (error !== undefined) msa.push(escapeText(error.text, fs, h.enc));
  segs.push(msa.join(fs));
  if (error !== undefined) {
    const sub = h.enc[3]!;
    const codeText = CODE_TEXT[error.code] ?? 'Application error';
    const loc = error.segment !== undefined ? `${error.segment}${c}1${error.field !== undefined ? `${c}${error.field}` : ''}` : '';
    const modern = Number.parseFloat(h.version) >= 2.5 || h.version.startsWith('2.5');
    segs.push(
      modern
        ? ['ERR', '', loc, `${error.code}${c}${codeText}${c}HL70357`, 'E'].join(fs)
        : ['ERR', `${loc === '' ? `${c}${c}` : error.field === undefined ? `${loc}${c}` : loc}${c}${error.code}${sub}${codeText}${sub}HL70357`].join(fs),
    );
  }
  return `${segs.join('\r')}\r`;
}

/**
 * Classify a parse-failure reason (from the `hl7v2` parser) into an ERR code and location.
 *
 * @example
 * errorFromReason('mllp:1: MSH-9 message type is missing') // { text: 'MSH-9 message type is missing', code: '101', segment: 'MSH', field: 9 }
 */
export function errorFromReason(reason: string): AckError {
  const text = reason.replace(/^.*?: (?=(?:message \d+: )?(?:[A-Z][A-Z0-9]{2}-\d|message|segment|empty|MSH))/, '');
  const loc = /\b([A-Z][A-Z0-9]{2})-(\d+)\b/.exec(text);
  const code = /missing/.test(text) ? '101' : /not an HL7 DTM|encoding characters|separator/.test(text) ? '102' : '100';
  const e: AckError = { text, code };
  if (loc) {
    e.segment = loc[1]!;
    e.field = Number(loc[2]);
  } else if (/MSH/.test(text)) e.segment = 'MSH';
  return e;
}
