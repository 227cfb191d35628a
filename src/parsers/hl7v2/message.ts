/**
 * HL7 v2 message structure: delimiters from MSH-1/MSH-2, segments, fields, repetitions,
 * components, sub-components and escape sequences. Reads every version from 2.1 to 2.8 (the
 * encoding rules did not change, v2.7's truncation character aside).
 */

/**
 * The delimiters a message declares in MSH-1 and MSH-2.
 *
 * @example
 * const d: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };
 */
export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/**
 * One segment: its id and its fields as written (not yet split or unescaped). `fields[n]` is
 * SEG-n, for MSH too (`fields[1]` is the field separator, `fields[2]` the encoding characters).
 *
 * @example
 * const s: Segment = { id: 'PID', fields: ['PID', '1', '', '123^^^HOSP^MR'] };
 */
export interface Segment {
  id: string;
  fields: string[];
}

/**
 * A parsed message: delimiters, segments in order.
 *
 * @example
 * parseHl7('MSH|^~\\&|A|B|C|D|20260105||ADT^A01|1|P|2.5').segments[0]!.id // 'MSH'
 */
export interface Hl7Message {
  delimiters: Delimiters;
  segments: Segment[];
}

/**
 * A structural problem, naming the segment or field (never its content).
 *
 * @example
 * throw new Hl7Error('MSH-2 encoding characters are incomplete', 'MSH-2');
 */
export class Hl7Error extends Error {
  constructor(message: string, readonly location: string, readonly code: Hl7ErrorCode = '102') {
    super(message);
    this.name = 'Hl7Error';
  }
}

/**
 * HL7 table 0357 codes used in ACK ERR segments: 100 segment sequence error, 101 required field
 * missing, 102 data type error, 200 unsupported message type, 207 application internal error.
 *
 * @example
 * const c: Hl7ErrorCode = '101';
 */
export type Hl7ErrorCode = '100' | '101' | '102' | '200' | '207';

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Split text that may hold several messages (a file, an MLLP stream's leftovers) into message
 * texts: segments may end in CR, LF or CRLF; a new message starts at each `MSH` segment. A
 * UTF-8 BOM and stray MLLP framing bytes are removed; blank lines are dropped.
 *
 * @example
 * splitHl7Messages('MSH|^~\\&|a\rPID|1\nMSH|^~\\&|b\r').length // 2
 */
export function splitHl7Messages(text: string): string[] {
  return splitHl7Document(text).map((m) => m.data);
}

/**
 * Split a file into one record per message, each with the 1-based line of its MSH: the
 * `split` a document-framed file source would call, so one bad message dead-letters alone.
 *
 * @example
 * splitHl7Document('MSH|^~\\&|a\nPID|1\nMSH|^~\\&|b') // [{ data: 'MSH|^~\\&|a\rPID|1', offset: 1 }, { data: 'MSH|^~\\&|b', offset: 3 }]
 */
export function splitHl7Document(text: string): Array<{ data: string; offset: number }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: Array<{ segs: string[]; offset: number }> = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').replace(/[\x0b\x1c]/g, '').trimEnd();
    if (line.trim() === '') return;
    if (line.startsWith('MSH') || out.length === 0) out.push({ segs: [line], offset: i + 1 });
    else out[out.length - 1]!.segs.push(line);
  });
  return out.map((m) => ({ data: m.segs.join('\r'), offset: m.offset }));
}

/**
 * Parse one message. Throws {@link Hl7Error} when it does not start with a usable MSH, or a
 * segment id is malformed.
 *
 * @example
 * const m = parseHl7('MSH|^~\\&|APP|FAC|||20260105||ADT^A01|1|P|2.5\rPID|1||123^^^HOSP^MR');
 * field(m, 'PID', 3) // '123^^^HOSP^MR'
 */
export function parseHl7(text: string): Hl7Message {
  const t = text.replace(/^\uFEFF/, '');
  if (!t.startsWith('MSH')) throw new Hl7Error('message does not start with an MSH segment', 'MSH', '100');
  const fs = t[3];
  if (fs === undefined || /[A-Za-z0-9\r\n]/.test(fs)) throw new Hl7Error('MSH-1 field separator is missing or invalid', 'MSH-1');
  const enc = t.slice(4, t.indexOf(fs, 4) < 0 ? undefined : t.indexOf(fs, 4));
  if (enc.length < 4 || enc.length > 5 || new Set(enc + fs).size !== enc.length + 1) {
    throw new Hl7Error('MSH-2 encoding characters are incomplete or repeated', 'MSH-2');
  }
  const delimiters: Delimiters = { field: fs, component: enc[0]!, repetition: enc[1]!, escape: enc[2]!, subcomponent: enc[3]! };
  const segments: Segment[] = [];
  const lines = t.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parts = line.split(fs);
    const id = parts[0]!.trim();
    if (!SEGMENT_ID.test(id)) throw new Hl7Error(`segment ${i + 1} has no valid segment id`, `segment ${i + 1}`, '100');
    // MSH-1 is the separator itself, so MSH fields shift by one.
    const fields = id === 'MSH' ? ['MSH', fs, ...parts.slice(1)] : parts;
    segments.push({ id, fields });
  });
  return { delimiters, segments };
}

/**
 * The raw text of SEG-n in the first segment `id` (or `''`).
 *
 * @example
 * field(m, 'MSH', 9) // 'ADT^A01^ADT_A01'
 */
export function field(m: Hl7Message, id: string, n: number): string {
  return segment(m, id)?.fields[n] ?? '';
}

/**
 * The first segment with this id.
 *
 * @example
 * segment(m, 'PV1')?.fields[3]
 */
export function segment(m: Hl7Message, id: string): Segment | undefined {
  return m.segments.find((s) => s.id === id);
}

/**
 * Repetitions of a field.
 *
 * @example
 * repetitions('a~b', d) // ['a', 'b']
 */
export function repetitions(f: string, d: Delimiters): string[] {
  return f === '' ? [] : f.split(d.repetition);
}

/**
 * Component n (1-based) of a field repetition, unescaped; sub-components kept joined.
 *
 * @example
 * component('123^^^HOSP^MR', 5, d) // 'MR'
 */
export function component(f: string, n: number, d: Delimiters): string {
  return unescapeHl7(f.split(d.component)[n - 1] ?? '', d);
}

/**
 * Component n's sub-components (1-based), unescaped.
 *
 * @example
 * subcomponents('123^^^HOSP&1.2.3&ISO', 4, d) // ['HOSP', '1.2.3', 'ISO']
 */
export function subcomponents(f: string, n: number, d: Delimiters): string[] {
  return (f.split(d.component)[n - 1] ?? '').split(d.subcomponent).map((s) => unescapeHl7(s, d));
}

/**
 * Resolve escape sequences: `\F\ \S\ \T\ \R\ \E\` to the delimiters, `\Xhh…\` to bytes (as
 * Latin-1/UTF-8 code units), `\.br\` to a newline; highlighting (`\H\`, `\N\`) and unknown
 * sequences are dropped.
 *
 * @example
 * unescapeHl7('A\\T\\E', d) // 'A&E'
 */
export function unescapeHl7(s: string, d: Delimiters): string {
  const e = d.escape;
  if (!s.includes(e)) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== e) {
      out += c;
      i++;
      continue;
    }
    const end = s.indexOf(e, i + 1);
    if (end < 0) {
      out += s.slice(i);
      break;
    }
    const seq = s.slice(i + 1, end);
    switch (seq) {
      case 'F': out += d.field; break;
      case 'S': out += d.component; break;
      case 'T': out += d.subcomponent; break;
      case 'R': out += d.repetition; break;
      case 'E': out += d.escape; break;
      case '.br': out += '\n'; break;
      default:
        if (/^X([0-9A-Fa-f]{2})+$/.test(seq)) out += Buffer.from(seq.slice(1), 'hex').toString('utf8');
    }
    i = end + 1;
  }
  return out;
}
