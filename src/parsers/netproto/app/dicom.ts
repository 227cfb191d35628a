import { ByteQueue } from './byte-queue.js';
import { sopClassName } from './dicom-uids.js';
import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

/** DIMSE command field values (PS3.7 E.1) → names. */
const COMMANDS: Record<number, string> = {
  0x0001: 'C-STORE', 0x0010: 'C-GET', 0x0020: 'C-FIND', 0x0021: 'C-MOVE', 0x0030: 'C-ECHO', 0x0fff: 'C-CANCEL',
  0x0100: 'N-EVENT-REPORT', 0x0110: 'N-GET', 0x0120: 'N-SET', 0x0130: 'N-ACTION', 0x0140: 'N-CREATE', 0x0150: 'N-DELETE',
};
/** Largest non-data PDU held whole; a larger one is malformed for our purposes. */
const MAX_CONTROL_PDU = 64 * 1024;
/** Largest command set collected across PDV fragments. */
const MAX_COMMAND = 64 * 1024;
const PDU_NAMES = ['', 'A-ASSOCIATE-RQ', 'A-ASSOCIATE-AC', 'A-ASSOCIATE-RJ', 'P-DATA-TF', 'A-RELEASE-RQ', 'A-RELEASE-RP', 'A-ABORT'];

/** Thrown for data that is not a valid DICOM upper-layer PDU. */
export class DicomFormatError extends Error {}

/** AE title field: 16 bytes, space padded. */
function ae(b: Buffer, o: number): string {
  return b.toString('latin1', o, o + 16).replace(/[\s\0]+$/, '').replace(/^\s+/, '');
}

function uid(b: Buffer, o: number, len: number): string {
  return b.toString('latin1', o, o + len).replace(/\0+$/, '');
}

/**
 * Decode an A-ASSOCIATE-RQ or -AC PDU (whole, header included): AE titles, application context,
 * presentation contexts (abstract syntax; the result and transfer syntax on an -AC) and the
 * implementation class/version of the user information item.
 *
 * @example
 * parseAssociate(pdu).calling_ae // 'STORESCU'
 */
export function parseAssociate(pdu: Buffer): Record<string, unknown> {
  if (pdu.length < 74) throw new DicomFormatError(`A-ASSOCIATE PDU of ${pdu.length} bytes is shorter than its 74-byte fixed part`);
  const out: Record<string, unknown> = { called_ae: ae(pdu, 10), calling_ae: ae(pdu, 26), protocol_version: pdu.readUInt16BE(6) };
  const contexts: Array<{ id: number; abstract_syntax?: string; transfer_syntaxes: string[]; result?: number }> = [];
  let o = 74;
  while (o + 4 <= pdu.length) {
    const type = pdu[o]!;
    const len = pdu.readUInt16BE(o + 2);
    const v = o + 4;
    if (v + len > pdu.length) throw new DicomFormatError(`item 0x${type.toString(16)} of ${len} bytes runs past the PDU end`);
    if (type === 0x10) out.application_context = uid(pdu, v, len);
    else if (type === 0x20 || type === 0x21) {
      if (len < 4) throw new DicomFormatError('presentation context item shorter than 4 bytes');
      const pc: (typeof contexts)[number] = { id: pdu[v]!, transfer_syntaxes: [] };
      if (type === 0x21) pc.result = pdu[v + 2]!;
      let s = v + 4;
      while (s + 4 <= v + len) {
        const st = pdu[s]!;
        const sl = pdu.readUInt16BE(s + 2);
        if (s + 4 + sl > v + len) throw new DicomFormatError('presentation context sub-item runs past its item');
        if (st === 0x30) pc.abstract_syntax = uid(pdu, s + 4, sl);
        else if (st === 0x40) pc.transfer_syntaxes.push(uid(pdu, s + 4, sl));
        s += 4 + sl;
      }
      contexts.push(pc);
    } else if (type === 0x50) {
      let s = v;
      while (s + 4 <= v + len) {
        const st = pdu[s]!;
        const sl = pdu.readUInt16BE(s + 2);
        if (s + 4 + sl > v + len) break;
        if (st === 0x51 && sl === 4) out.max_pdu_length = pdu.readUInt32BE(s + 4);
        else if (st === 0x52) out.implementation_class_uid = uid(pdu, s + 4, sl);
        else if (st === 0x55) out.implementation_version = uid(pdu, s + 4, sl).trim();
        s += 4 + sl;
      }
    }
    o = v + len;
  }
  out.contexts = contexts;
  return out;
}

/**
 * Read a DIMSE command set (implicit VR little endian, group 0000): the command, message ids,
 * SOP class and instance, move destination, priority and status.
 *
 * @example
 * parseCommand(cmd).command // 'C-STORE'
 */
export function parseCommand(b: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let o = 0;
  while (o + 8 <= b.length) {
    const group = b.readUInt16LE(o);
    const elem = b.readUInt16LE(o + 2);
    const len = b.readUInt32LE(o + 4);
    const v = o + 8;
    if (v + len > b.length) throw new DicomFormatError(`command element (${group.toString(16).padStart(4, '0')},${elem.toString(16).padStart(4, '0')}) of ${len} bytes runs past the command`);
    if (group !== 0) throw new DicomFormatError(`command set holds group ${group.toString(16).padStart(4, '0')}, not 0000`);
    const us = len >= 2 ? b.readUInt16LE(v) : undefined;
    const str = () => b.toString('latin1', v, v + len).replace(/[\0\s]+$/, '');
    switch (elem) {
      case 0x0002: out.sop_class_uid = str(); break;
      case 0x0003: out.sop_class_uid ??= str(); break;
      case 0x0100:
        if (us !== undefined) {
          out.command_field = us;
          out.command = COMMANDS[us & 0x7fff] ?? `0x${us.toString(16)}`;
          out.response = (us & 0x8000) !== 0;
        }
        break;
      case 0x0110: if (us !== undefined) out.message_id = us; break;
      case 0x0120: if (us !== undefined) out.responding_to = us; break;
      case 0x0600: out.move_destination = str(); break;
      case 0x0700: if (us !== undefined) out.priority = us; break;
      case 0x0800: if (us !== undefined) out.has_dataset = us !== 0x0101; break;
      case 0x0900: if (us !== undefined) out.status = us; break;
      case 0x1000: out.sop_instance_uid = str(); break;
      case 0x1001: out.sop_instance_uid ??= str(); break;
      default: break;
    }
    o = v + len;
  }
  if (out.command === undefined) throw new DicomFormatError('command set has no Command Field (0000,0100)');
  return out;
}

/**
 * DICOM upper layer (PS3.8) over TCP, one association per connection: A-ASSOCIATE RQ/AC/RJ,
 * P-DATA PDVs (command sets decoded; data sets skipped as they stream past, never held),
 * release and abort. Emits `dicom` records: one per association (`dicom.associate`) and one per
 * DIMSE request (`dicom.dimse`) and per final response status.
 */
class DicomDecoder implements AppDecoder {
  readonly service = 'dicom';
  recognised = false;
  done = false;
  private readonly q: [ByteQueue, ByteQueue] = [new ByteQueue(), new ByteQueue()];
  /** Bytes of the current P-DATA PDU still to read, per direction. */
  private pduLeft: [number, number] = [0, 0];
  private cmd: [Buffer[], Buffer[]] = [[], []];
  private assoc: Record<string, unknown> = {};
  private readonly pcs = new Map<number, string>();
  /** Data set bytes per direction (the size of what was stored or retrieved). */
  private dataBytes: [number, number] = [0, 0];
  private pending = new Map<number, Record<string, unknown>>();

  constructor(private readonly ctx: DecoderContext) {}

  data(dir: Dir, bytes: Buffer, ts: number): void {
    const q = this.q[dir];
    q.push(bytes);
    try {
      this.parse(dir, q, ts);
    } catch (err) {
      if (!(err instanceof DicomFormatError)) throw err;
      this.ctx.problem('malformed_dicom', `DICOM ${dir === 0 ? 'from the originator' : 'from the responder'}: ${err.message}`, q.peek(256));
      this.done = true;
    }
  }

  gap(dir: Dir): void {
    // After a hole PDU boundaries are lost: stop this direction cleanly.
    this.q[dir].clear();
    this.done = true;
  }

  private parse(dir: Dir, q: ByteQueue, ts: number): void {
    for (;;) {
      if (this.pduLeft[dir] > 0) {
        // Inside a P-DATA-TF PDU: PDV items.
        if (q.length < 6) return;
        const h = q.peek(6);
        const len = h.readUInt32BE(0);
        if (len < 2 || len > this.pduLeft[dir] - 4) throw new DicomFormatError(`PDV length ${len} does not fit the ${this.pduLeft[dir]} bytes left of its P-DATA PDU`);
        const ctrl = h[5]!;
        const pcId = h[4]!;
        const valueLen = len - 2;
        if (ctrl & 1) {
          if (q.length < 6 + valueLen) {
            if (valueLen > MAX_COMMAND) throw new DicomFormatError(`command fragment of ${valueLen} bytes exceeds ${MAX_COMMAND}`);
            return;
          }
          this.cmd[dir].push(Buffer.from(q.peek(6 + valueLen).subarray(6)));
          q.consume(6 + valueLen);
          if (ctrl & 2) {
            const cmd = Buffer.concat(this.cmd[dir]);
            this.cmd[dir] = [];
            this.command(dir, parseCommand(cmd), pcId, ts);
          } else if (this.cmd[dir].reduce((s, c) => s + c.length, 0) > MAX_COMMAND) {
            throw new DicomFormatError(`command set over ${MAX_COMMAND} bytes`);
          }
        } else {
          q.consume(6);
          q.skip(valueLen);
          this.dataBytes[dir] += valueLen;
        }
        this.pduLeft[dir] -= 4 + len;
        continue;
      }
      if (q.length < 6) return;
      const h = q.peek(6);
      const type = h[0]!;
      const len = h.readUInt32BE(2);
      if (type < 1 || type > 7) throw new DicomFormatError(`unknown PDU type 0x${type.toString(16).padStart(2, '0')}`);
      if (type === 4) {
        q.consume(6);
        this.pduLeft[dir] = len;
        continue;
      }
      if (len > MAX_CONTROL_PDU) throw new DicomFormatError(`${PDU_NAMES[type]} PDU of ${len} bytes exceeds ${MAX_CONTROL_PDU}`);
      if (q.length < 6 + len) return;
      const pdu = Buffer.from(q.peek(6 + len));
      q.consume(6 + len);
      this.control(type, pdu, ts);
    }
  }

  private control(type: number, pdu: Buffer, ts: number): void {
    if (type === 1) {
      const a = parseAssociate(pdu);
      this.recognised = true;
      this.assoc = { calling_ae: a.calling_ae, called_ae: a.called_ae };
      for (const pc of a.contexts as Array<{ id: number; abstract_syntax?: string }>) if (pc.abstract_syntax) this.pcs.set(pc.id, pc.abstract_syntax);
      this.ctx.emit('dicom', ts, {
        dataset: 'associate', pdu: 'A-ASSOCIATE-RQ', ...this.assoc,
        application_context: a.application_context, implementation_class_uid: a.implementation_class_uid, implementation_version: a.implementation_version,
        abstract_syntaxes: [...new Set(this.pcs.values())].slice(0, 64),
      });
    } else if (type === 2) {
      const a = parseAssociate(pdu);
      this.recognised = true;
      const accepted = (a.contexts as Array<{ result?: number }>).filter((c) => c.result === 0).length;
      this.ctx.emit('dicom', ts, { dataset: 'associate', pdu: 'A-ASSOCIATE-AC', calling_ae: a.calling_ae, called_ae: a.called_ae, result: 'accepted', accepted_contexts: accepted, implementation_version: a.implementation_version });
    } else if (type === 3) {
      if (pdu.length < 10) throw new DicomFormatError('A-ASSOCIATE-RJ PDU shorter than 10 bytes');
      this.recognised = true;
      this.ctx.emit('dicom', ts, { dataset: 'associate', pdu: 'A-ASSOCIATE-RJ', ...this.assoc, result: pdu[7] === 1 ? 'rejected-permanent' : 'rejected-transient', reject_source: pdu[8], reject_reason: pdu[9] });
    } else if (type === 7) {
      this.ctx.emit('dicom', ts, { dataset: 'associate', pdu: 'A-ABORT', ...this.assoc, abort_source: pdu[8], abort_reason: pdu[9] });
    }
    // Release RQ/RP: nothing to report beyond the connection record.
  }

  private command(dir: Dir, c: Record<string, unknown>, pcId: number, ts: number): void {
    this.recognised = true;
    const sop = (c.sop_class_uid as string | undefined) ?? this.pcs.get(pcId);
    const fields: Record<string, unknown> = { dataset: 'dimse', ...this.assoc, ...c, direction: dir === 0 ? 'request' : 'response' };
    if (sop !== undefined) {
      fields.sop_class_uid = sop;
      const n = sopClassName(sop);
      if (n !== undefined) fields.sop_class_name = n;
    }
    // Where the data goes: the C-MOVE destination, else the peer receiving the C-STORE.
    if (c.move_destination !== undefined) fields.destination_ae = c.move_destination;
    else if (c.command === 'C-STORE' || c.command === 'C-GET' || c.command === 'C-FIND') fields.destination_ae = dir === 0 ? this.assoc.called_ae : this.assoc.calling_ae;
    if (c.response !== true) {
      this.ctx.emit('dicom', ts, fields);
      if (typeof c.message_id === 'number') this.pending.set(c.message_id, fields);
      return;
    }
    // Responses: report the final one (status not Pending 0xFF00/0xFF01), with the data bytes seen.
    const st = c.status as number | undefined;
    if (st === 0xff00 || st === 0xff01) return;
    fields.status_name = st === 0 ? 'Success' : st === undefined ? undefined : (st & 0xf000) === 0xa000 || (st & 0xf000) === 0xc000 ? 'Failure' : st === 0xfe00 ? 'Cancel' : (st & 0xf000) === 0xb000 ? 'Warning' : 'Other';
    fields.data_bytes = this.dataBytes[0] + this.dataBytes[1];
    this.ctx.emit('dicom', ts, fields);
  }

  end(): void {
    this.pending.clear();
  }
}

function sniffDicom(b: Buffer): boolean {
  // A-ASSOCIATE-RQ: type 1, protocol version 1, AE titles of printable characters.
  return b.length >= 74 && b[0] === 1 && b[1] === 0 && b.readUInt16BE(6) === 1 && /^[\x20-\x7e]{16}$/.test(b.toString('latin1', 10, 26));
}

/** DICOM on 104, 11112, 4242 and wherever an A-ASSOCIATE-RQ starts a connection. */
export const dicom: DecoderFactory = { service: 'dicom', transport: 'tcp', ports: [104, 11112, 4242], sniff: sniffDicom, create: (ctx) => new DicomDecoder(ctx) };
