import { ParseError } from '../../core/errors.js';
import { checkJsonDepth } from './bounded-json.js';
import type { RawRecord } from '../../core/record.js';

/**
 * The JSON value of a record, or a ParseError naming the record's place and the JSON error.
 *
 * @example
 * const value = jsonOf(record, 'file:x.ndjson:4');
 */
export function jsonOf(record: RawRecord, where: string): unknown {
  checkJsonDepth(record.data, where);
  try {
    return JSON.parse(record.data) as unknown;
  } catch (err) {
    throw new ParseError(`not JSON: ${(err as Error).message}`, where);
  }
}
