import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { IsoStringCache } from '../common/iso-string.js';
import { parseIso8601 } from '../common/iso8601.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import type { IisW3cConfig } from './config.js';
import { w3cEvent } from './w3c-event.js';

/** IIS's default W3C field set, used for rows read before any `#Fields:` directive. */
const IIS_DEFAULT_FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(' ');
const MAX_SOURCES = 1024;

/**
 * Build an `iis-w3c` parser for W3C Extended Log File Format (IIS, and other servers writing
 * it). Stateful per `record.source`: `#Fields:` names the space-separated columns of the rows
 * that follow; other directives (`#Software:`, `#Version:`, `#Date:`), comments and blank lines
 * give no event and no dead letter. Rows before any `#Fields:` use IIS's default field set.
 *
 * @example
 * const p = createIisW3cParser({ timezone: 'UTC' });
 * p.parse({ data: '#Fields: date time c-ip cs-method cs-uri-stem sc-status', source: 'f', receivedAt: 0 }); // []
 */
export function createIisW3cParser(config: IisW3cConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  const iso = new IsoStringCache();
  const fieldsBySource = new Map<string, string[]>();

  function parseLine(record: RawRecord, line: string): ParsedEvent[] {
    if (line.charCodeAt(0) === 35) {
      if (line.startsWith('#Fields:')) {
        if (fieldsBySource.size >= MAX_SOURCES) fieldsBySource.delete(fieldsBySource.keys().next().value!);
        fieldsBySource.set(record.source, line.slice(8).trim().split(' ').filter((f) => f.length > 0));
      }
      return [];
    }
    const fields = fieldsBySource.get(record.source) ?? IIS_DEFAULT_FIELDS;
    const values = line.split(' ');
    if (values.length !== fields.length) throw new ParseError(`W3C log row has ${values.length} fields, "#Fields:" declares ${fields.length}`);
    const row: Record<string, string> = {};
    for (let i = 0; i < fields.length; i++) if (fields[i] !== '__proto__') row[fields[i]!] = values[i]!;
    const date = row.date;
    const time = row.time;
    if (date === undefined || time === undefined) throw new ParseError('W3C log row has no "date" and "time" fields');
    const text = `${date}T${time}`;
    const t = parseIso8601(text, 0);
    if (t === undefined || t.end !== text.length) throw new ParseError(`W3C log date/time "${date.slice(0, 20)} ${time.slice(0, 20)}" is not "yyyy-mm-dd hh:mm:ss"`);
    return [w3cEvent(row, iso.format(t.offsetMs === undefined ? toUtc(t.localMs) : t.localMs - t.offsetMs))];
  }

  return {
    name: 'iis-w3c',
    parse(record: RawRecord): ParsedEvent[] {
      const line = record.data.trim();
      // W3C tools skip blank lines; they are not records.
      if (line.length === 0) return [];
      try {
        return parseLine(record, line);
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, recordWhere(record));
        throw err;
      }
    },
  };
}
