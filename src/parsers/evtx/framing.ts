import type { DeadLetter, RawRecord } from '../../core/record.js';
import { readEvtx } from './reader.js';
import type { ReadEvtxOptions } from './types.js';

/** Where the framed records come from (copied onto each {@link RawRecord} / {@link DeadLetter}). */
export interface EvtxFrameContext {
  /** e.g. `file:/evidence/Security.evtx`. */
  source: string;
  receivedAt: number;
  referenceTime?: number;
  /** Parser name written on dead letters (default `evtx`). */
  parser?: string;
}

/** One framed item: a record for the Windows JSON parser, or a dead letter for the store. */
export type EvtxFrame = { kind: 'record'; record: RawRecord } | { kind: 'dead'; dead: DeadLetter };

/**
 * Cut a binary `.evtx` file into records the Windows JSON parser reads: each event record becomes
 * one {@link RawRecord} whose `data` is its EVTX-to-JSON line and whose `offset` is the record's
 * byte offset in the file. What cannot be read becomes a {@link DeadLetter} whose `data` is
 * `evtx@<offset>:<base64 of the bad bytes>` and whose `reason` says what was wrong.
 *
 * @example
 * for (const f of evtxFrames(readFileSync(path), { source: `file:${path}`, receivedAt: Date.now() })) {
 *   if (f.kind === 'record') records.push(f.record); else dead.push(f.dead);
 * }
 */
export function* evtxFrames(buf: Buffer, ctx: EvtxFrameContext, opts: ReadEvtxOptions = {}): Generator<EvtxFrame> {
  for (const r of readEvtx(buf, opts)) {
    if (r.kind === 'record') {
      const record: RawRecord = { data: JSON.stringify(r.event), source: ctx.source, offset: r.offset, receivedAt: ctx.receivedAt };
      if (ctx.referenceTime !== undefined) record.referenceTime = ctx.referenceTime;
      yield { kind: 'record', record };
    } else {
      const where = r.recordId !== undefined ? ` (record ${r.recordId})` : '';
      yield {
        kind: 'dead',
        dead: {
          source: ctx.source,
          offset: r.offset,
          receivedAt: ctx.receivedAt,
          parser: ctx.parser ?? 'evtx',
          reason: `evtx ${r.scope} at byte ${r.offset}${where}: ${r.reason}`,
          data: `evtx@${r.offset}:${r.raw.toString('base64')}`,
        },
      };
    }
  }
}
