import { ChunkDecoder } from './binxml.js';
import { crc32, EvtxFormatError, u64n } from './bytes.js';
import { toEventJson } from './json.js';
import type { EvtxRecord, EvtxRecordError, ReadEvtxOptions } from './types.js';
import { fileTimeIso } from './values.js';

/** The file signature `ElfFile\0`. @example FILE_MAGIC.equals(buf.subarray(0, 8)) */
export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_MAGIC = 0x00002a2a;
const HEADER_BLOCK = 4096;
const CHUNK_SIZE = 65536;
const CHUNK_HEADER = 512;
const RECORD_HEADER = 24;

/**
 * Does the buffer start with the EVTX file signature `ElfFile\0`?
 *
 * @example
 * isEvtx(readFileSync('Security.evtx').subarray(0, 8)) // true
 */
export function isEvtx(head: Uint8Array): boolean {
  return head.length >= 8 && FILE_MAGIC.equals(Buffer.from(head.buffer, head.byteOffset, 8));
}

function allZero(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function message(err: unknown): string {
  if (err instanceof EvtxFormatError) return err.message;
  // A RangeError from Buffer reads is a truncation the bounds checks did not foresee.
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Read every event record of a binary Windows event log (`.evtx`). Never throws for bad data:
 * a corrupt file header, chunk or record is yielded as an {@link EvtxRecordError} (with its
 * offset, reason and raw bytes) and reading goes on with the next record or chunk.
 *
 * @example
 * for (const r of readEvtx(readFileSync('Security.evtx'))) {
 *   if (r.kind === 'record') console.log(r.recordId, r.event.Event);
 *   else console.error(r.offset, r.reason);
 * }
 */
export function* readEvtx(buf: Buffer, opts: ReadEvtxOptions = {}): Generator<EvtxRecord | EvtxRecordError> {
  const fileIssues: string[] = [];
  let headerless = false;
  if (buf.length < 8 || !FILE_MAGIC.equals(buf.subarray(0, 8))) {
    yield { kind: 'error', scope: 'file', offset: 0, chunkOffset: 0, reason: 'not an EVTX file: no ElfFile signature', raw: buf.subarray(0, Math.min(buf.length, 128)) };
    // Still salvage chunks from a file whose header was overwritten, but do not report every
    // 64 KiB of a file that is not EVTX at all as a bad chunk.
    headerless = true;
  } else if (buf.length < 128) {
    yield { kind: 'error', scope: 'file', offset: 0, chunkOffset: 0, reason: `truncated file header (${buf.length} bytes)`, raw: buf };
    return;
  } else if (crc32(buf, 0, 120) !== buf.readUInt32LE(124)) {
    fileIssues.push('file header checksum mismatch');
  }
  for (let off = HEADER_BLOCK; off < buf.length; off += CHUNK_SIZE) {
    yield* readChunk(buf, off, opts, fileIssues, headerless);
  }
}

function* readChunk(buf: Buffer, off: number, opts: ReadEvtxOptions, fileIssues: string[], headerless: boolean): Generator<EvtxRecord | EvtxRecordError> {
  const chunk = buf.subarray(off, Math.min(off + CHUNK_SIZE, buf.length));
  // The whole chunk goes with a chunk error: its records are in it, and nothing is lost silently.
  const chunkError = (reason: string): EvtxRecordError => ({ kind: 'error', scope: 'chunk', offset: off, chunkOffset: off, reason, raw: chunk });
  if (chunk.length < 8 || !CHUNK_MAGIC.equals(chunk.subarray(0, 8))) {
    if (headerless || allZero(chunk, 0, chunk.length)) return; // not EVTX, or an unused chunk slot
    yield chunkError('bad chunk signature (expected ElfChnk)');
    return;
  }
  if (chunk.length < CHUNK_HEADER) {
    yield chunkError(`truncated chunk header (${chunk.length} bytes)`);
    return;
  }
  const issues = [...fileIssues];
  const freeSpace = chunk.readUInt32LE(48);
  const end = freeSpace >= CHUNK_HEADER && freeSpace <= chunk.length ? freeSpace : chunk.length;
  if (crc32(chunk, 128, CHUNK_HEADER, crc32(chunk, 0, 120)) !== chunk.readUInt32LE(124)) issues.push('chunk header checksum mismatch');
  if (freeSpace > chunk.length) issues.push(chunk.length < CHUNK_SIZE ? 'truncated chunk' : `free space offset ${freeSpace} beyond the chunk`);
  else if (crc32(chunk, CHUNK_HEADER, end) !== chunk.readUInt32LE(52)) issues.push('chunk records checksum mismatch');
  if (issues.length > fileIssues.length && opts.checksums === 'skip') {
    yield chunkError(issues.slice(fileIssues.length).join('; '));
    return;
  }
  const decoder = new ChunkDecoder(chunk);
  let pos = CHUNK_HEADER;
  while (pos + 4 <= end) {
    if (chunk.readUInt32LE(pos) !== RECORD_MAGIC) {
      if (allZero(chunk, pos, end)) return;
      const next = findRecord(chunk, pos + 1, end);
      yield { kind: 'error', scope: 'record', offset: off + pos, chunkOffset: off, reason: 'bad record signature (expected **\\0\\0)', raw: chunk.subarray(pos, next ?? end) };
      if (next === undefined) return;
      pos = next;
      continue;
    }
    const size = pos + 8 <= chunk.length ? chunk.readUInt32LE(pos + 4) : 0;
    const recordId = pos + RECORD_HEADER <= chunk.length ? u64n(chunk, pos + 8, 'record id') : undefined;
    const bad = (reason: string, rawEnd: number): EvtxRecordError => ({
      kind: 'error', scope: 'record', offset: off + pos, chunkOffset: off, ...(recordId !== undefined ? { recordId } : {}), reason, raw: chunk.subarray(pos, rawEnd),
    });
    if (size < RECORD_HEADER + 4 || pos + size > chunk.length) {
      const next = findRecord(chunk, pos + 4, end);
      yield bad(pos + size > chunk.length && size >= RECORD_HEADER + 4 ? `truncated record: size ${size} runs past the chunk` : `bad record size ${size}`, next ?? end);
      if (next === undefined) return;
      pos = next;
      continue;
    }
    if (chunk.readUInt32LE(pos + size - 4) !== size) {
      const next = findRecord(chunk, pos + 4, end);
      yield bad(`record size ${size} does not match its trailing copy ${chunk.readUInt32LE(pos + size - 4)}`, next ?? Math.min(end, pos + size));
      if (next === undefined) return;
      pos = next;
      continue;
    }
    try {
      const tree = decoder.record(pos + RECORD_HEADER, pos + size - 4);
      const rec: EvtxRecord = {
        kind: 'record',
        recordId: recordId!,
        timestamp: fileTimeIso(chunk.readBigUInt64LE(pos + 16)),
        offset: off + pos,
        chunkOffset: off,
        event: toEventJson(tree),
        tree,
      };
      if (issues.length > 0) rec.issues = issues;
      yield rec;
    } catch (err) {
      yield bad(message(err), pos + size);
    }
    pos += size;
  }
}

/** The next position in `[from, end)` that looks like a record header (signature, sane size, matching copy). */
function findRecord(chunk: Buffer, from: number, end: number): number | undefined {
  for (let p = chunk.indexOf('**\0\0', from, 'latin1'); p >= 0 && p + 8 <= end; p = chunk.indexOf('**\0\0', p + 1, 'latin1')) {
    const size = chunk.readUInt32LE(p + 4);
    if (size >= RECORD_HEADER + 4 && p + size <= chunk.length && chunk.readUInt32LE(p + size - 4) === size) return p;
  }
  return undefined;
}
