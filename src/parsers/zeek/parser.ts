import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { recordWhere } from '../common/where.js';
import type { ZeekConfig } from './config.js';
import { defaultSchema } from './default-schemas.js';
import { detectPath } from './detect-path.js';
import { readJsonRecord } from './json-record.js';
import { IsoMsFormatter, zeekTimeMs } from './time.js';
import { zeekToEvent } from './to-event.js';
import { readTsvRow } from './tsv-row.js';
import { applyHeader, newSchema, type TsvSchema } from './tsv-schema.js';

/** Sources whose TSV header is remembered; the oldest is forgotten past this. */
const MAX_SOURCES = 1024;

/**
 * Build a `zeek` parser. It is stateful per `record.source`: the `#separator`, `#fields`,
 * `#types`… header lines of a TSV log set the schema of the data lines that follow from the same
 * source, and give no events (they are not dead letters either). A `#separator` line starts a
 * new header (a rotated file appended to the stream). JSON lines (`{`) need no header: the
 * stream comes from `_path`, the `path` option, or the field names.
 *
 * @example
 * const p = createZeekParser({});
 * p.parse({ data: '#fields\tts\tuid', source: 'f', receivedAt: 0 }); // []
 */
export function createZeekParser(config: ZeekConfig): Parser {
  const schemas = new Map<string, TsvSchema>();
  const iso = new IsoMsFormatter();

  function header(source: string, line: string): void {
    let schema = schemas.get(source);
    if (schema === undefined || line.startsWith('#separator')) {
      schema = newSchema();
      if (schemas.size >= MAX_SOURCES) schemas.delete(schemas.keys().next().value!);
      schemas.set(source, schema);
    }
    applyHeader(schema, line);
  }

  function parseLine(record: RawRecord, line: string): ParsedEvent[] {
    if (line.charCodeAt(0) === 35) {
      header(record.source, line);
      return [];
    }
    let row: Record<string, unknown>;
    let path: string | undefined;
    if (line.charCodeAt(0) === 123) {
      row = readJsonRecord(line);
      const named = row._path;
      path = typeof named === 'string' && named.length > 0 ? named : (config.path ?? detectPath(row));
    } else {
      let schema = schemas.get(record.source);
      if (schema === undefined || schema.fields.length === 0) {
        schema = config.path === undefined ? undefined : defaultSchema(config.path);
        if (schema === undefined) {
          throw new ParseError(
            config.path === undefined
              ? 'Zeek TSV data line before any "#fields" header from this source (set the parser option "path" to read header-less conn/dns/http/ssl/files/notice/weird/x509 lines)'
              : `Zeek TSV data line before any "#fields" header, and no built-in schema for path "${config.path}"`,
          );
        }
      }
      row = readTsvRow(schema, line);
      path = schema.path ?? config.path ?? detectPath(row);
    }
    const ms = zeekTimeMs(row.ts);
    if (ms === undefined) {
      throw new ParseError(row.ts === undefined ? `Zeek ${path ?? ''} record has no "ts"`.replace('  ', ' ') : `Zeek record has an unreadable "ts": ${JSON.stringify(row.ts).slice(0, 40)}`);
    }
    return [zeekToEvent(path ?? 'unknown', row, iso.format(ms))];
  }

  return {
    name: 'zeek',
    parse(record: RawRecord): ParsedEvent[] {
      let line = record.data;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (line.length === 0) throw new ParseError('empty record', recordWhere(record));
      try {
        return parseLine(record, line);
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, recordWhere(record));
        throw err;
      }
    },
  };
}
