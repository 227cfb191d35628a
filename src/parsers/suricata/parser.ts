import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { IsoStringCache } from '../common/iso-string.js';
import { parseIso8601 } from '../common/iso8601.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import type { SuricataConfig } from './config.js';
import { obj } from './fields.js';
import { eveToEvent } from './to-event.js';
import { checkJsonDepth } from '../common/bounded-json.js';

const MAX_EPOCH_MS = 8.64e15;

/**
 * Build a `suricata` parser: one EVE JSON object per record → one ECS event. `timestamp` is
 * ISO 8601 with an offset (`2009-11-24T21:27:09.534255+0100`); a zone-less one is read in the
 * configured zone. Missing `timestamp`/`event_type`, invalid JSON or a non-object is a
 * {@link ParseError}.
 *
 * @example
 * createSuricataParser({ timezone: 'UTC' }).parse({ data: '{"timestamp":"2026-01-05T10:00:00.000000+0000","event_type":"flow"}', source: 'eve', receivedAt: 0 });
 */
export function createSuricataParser(config: SuricataConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  const iso = new IsoStringCache();
  function parseLine(text: string): ParsedEvent[] {
    checkJsonDepth(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ParseError(`invalid EVE JSON: ${err instanceof Error ? err.message.slice(0, 120) : String(err)}`);
    }
    const r = obj(value);
    if (r === undefined) throw new ParseError(`expected an EVE JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
    const type = r.event_type;
    if (typeof type !== 'string' || type.length === 0) throw new ParseError('EVE record has no "event_type"');
    const ts = r.timestamp;
    if (typeof ts !== 'string') throw new ParseError(`EVE ${type} record has no "timestamp"`);
    const t = parseIso8601(ts, 0);
    if (t === undefined || t.end !== ts.length) throw new ParseError(`EVE ${type} record has an unreadable "timestamp": "${ts.slice(0, 40)}"`);
    const ms = t.offsetMs === undefined ? toUtc(t.localMs) : t.localMs - t.offsetMs;
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) throw new ParseError(`EVE timestamp out of range: "${ts.slice(0, 40)}"`);
    return [eveToEvent(r, type, iso.format(ms))];
  }
  return {
    name: 'suricata',
    parse(record: RawRecord): ParsedEvent[] {
      let text = record.data;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim().length === 0) throw new ParseError('empty record', recordWhere(record));
      try {
        return parseLine(text);
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, recordWhere(record));
        throw err;
      }
    },
  };
}
