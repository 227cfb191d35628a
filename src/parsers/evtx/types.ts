import type { EvtxJsonObject } from './json.js';
import type { XmlElement } from './tree.js';

/** One event record read from an `.evtx` file. */
export interface EvtxRecord {
  kind: 'record';
  /** EventRecordID from the record header. */
  recordId: number;
  /** When the record was written (record header FILETIME), ISO 8601 UTC with microseconds. */
  timestamp: string;
  /** Byte offset of the record in the file. */
  offset: number;
  /** Byte offset of its chunk in the file. */
  chunkOffset: number;
  /** The event in the EVTX-to-JSON shape: `{ Event: { '#attributes', System, EventData | UserData } }`. */
  event: EvtxJsonObject;
  /** The decoded XML tree (see {@link toXml}). */
  tree: XmlElement;
  /** Problems that did not stop the record from being read, e.g. a chunk checksum mismatch. */
  issues?: string[];
}

/** What went wrong: the file header, a whole chunk, or one record. */
export type EvtxErrorScope = 'file' | 'chunk' | 'record';

/** A part of the file that could not be read; the reader goes on with the next record or chunk. */
export interface EvtxRecordError {
  kind: 'error';
  scope: EvtxErrorScope;
  /** Byte offset in the file of what failed (the record, or the chunk). */
  offset: number;
  /** Byte offset of the chunk it is in (the file header: 0). */
  chunkOffset: number;
  /** Record id, when the record header could be read. */
  recordId?: number;
  reason: string;
  /** The bytes that failed: the record, the whole chunk, or (for the file header) its first 128 bytes. */
  raw: Buffer;
}

export interface ReadEvtxOptions {
  /**
   * What to do with a chunk whose header or record-data CRC32 does not match: `recover` (default)
   * reads its records anyway and lists the mismatch in each record's `issues`; `skip` reports the
   * chunk as one error and reads none of it.
   */
  checksums?: 'recover' | 'skip';
}
