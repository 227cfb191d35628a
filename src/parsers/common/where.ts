import type { RawRecord } from '../../core/record.js';

/**
 * The place a record came from, for error messages: `source:offset` (e.g. `file:/var/log/auth.log:42`).
 *
 * @example
 * recordWhere({ data: '', source: 'file:auth.log', offset: 42, receivedAt: 0 }) // 'file:auth.log:42'
 */
export function recordWhere(record: RawRecord): string {
  return record.offset === undefined ? record.source : `${record.source}:${record.offset}`;
}
