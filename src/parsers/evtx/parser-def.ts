import type { ParserDef } from '../../core/components.js';
import type { RawRecord } from '../../core/record.js';
import { evtxFrames, type EvtxFrame, type EvtxFrameContext } from './framing.js';
import { isEvtx } from './reader.js';

/**
 * Framing for a binary format, which the text `framing` of {@link ParserDef} cannot express:
 * recognise the file by its magic bytes, then cut the whole file (as bytes) into text records
 * for the parser and dead letters for what cannot be read.
 */
export interface BinaryFraming {
  /** Does a file starting with these bytes (at least the first 8) have this format? */
  detect(head: Uint8Array): boolean;
  /** Cut the whole file (as bytes) into frames. One of `frame` and `stream` is given. */
  frame?(buf: Buffer, ctx: EvtxFrameContext): Iterable<EvtxFrame>;
  /** Cut the file read as a stream of chunks (never held whole), e.g. packet captures. */
  stream?(chunks: AsyncIterable<Buffer>, ctx: EvtxFrameContext): AsyncIterable<EvtxFrame>;
}

/** A parser definition that reads a binary format through {@link BinaryFraming}. */
export type BinaryParserDef<C = unknown> = ParserDef<C> & { binary: BinaryFraming };

/**
 * Does this parser definition read a binary format (so the file must be read as bytes)?
 *
 * @example
 * if (isBinaryParserDef(def)) for (const f of def.binary.frame(buf, ctx)) { … }
 */
export function isBinaryParserDef<C>(def: ParserDef<C>): def is BinaryParserDef<C> {
  const b = (def as Partial<BinaryParserDef<C>>).binary;
  return typeof b?.frame === 'function' || typeof b?.stream === 'function';
}

/** The `ElfFile\0` signature as it shows in the first "line" a text reader gets from an `.evtx`. */
function sniffLines(lines: string[]): number {
  return lines[0]?.startsWith('ElfFile\u0000') ? 1 : 0;
}

/**
 * The `evtx` parser: binary `.evtx` files framed into EVTX-to-JSON records, each parsed by the
 * Windows JSON parser `windows` (composition happens where parsers are registered, so this
 * folder does not depend on the Windows parser's folder).
 *
 * @example
 * parsers.register('evtx', evtxParserDef(windowsEventParser));
 */
export function evtxParserDef<C>(windows: ParserDef<C>): BinaryParserDef<C> {
  return {
    name: 'evtx',
    description: 'Binary Windows event logs (.evtx), read record by record into EVTX-to-JSON events for the Windows parser',
    config: windows.config,
    build(config, ctx) {
      const inner = windows.build(config, ctx);
      return { name: 'evtx', parse: (record: RawRecord) => inner.parse(record) };
    },
    sniff: sniffLines,
    binary: { detect: isEvtx, frame: (buf, ctx) => evtxFrames(buf, { parser: 'evtx', ...ctx }) },
  };
}
