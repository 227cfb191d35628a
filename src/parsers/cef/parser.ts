import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import type { DraftEvent } from '../common/draft-event.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { parseSyslogLine } from '../syslog/index.js';
import { cefToEvent, type TimeContext } from './cef-event.js';
import { parseCef } from './cef-line.js';
import type { CefConfig } from './config.js';
import { leefToEvent } from './leef-event.js';
import { parseLeef } from './leef-line.js';

/**
 * Build a `cef` or `leef` parser. The record may carry a syslog header before `CEF:` / `LEEF:`
 * (`<134>Feb 14 19:04:54 fw01 CEF:0|…`); it is read with the syslog parser's envelope reader for
 * the fallback time and the sending host (`observer.hostname` unless the record names one).
 *
 * @example
 * createCefParser('cef', { timezone: 'UTC' }).parse({ data: 'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1', source: 'f', receivedAt: 0 });
 */
export function createCefParser(kind: 'cef' | 'leef', config: CefConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  const cache = new IsoStringCache();
  const iso = (ms: number): string => cache.format(ms);
  const marker = kind === 'cef' ? 'CEF:' : 'LEEF:';
  function parseLine(record: RawRecord, s: string): ParsedEvent[] {
    const at = s.indexOf(marker);
    if (at < 0) throw new ParseError(`not a ${kind.toUpperCase()} record: no "${marker}" found`);
    const referenceMs = record.referenceTime ?? record.receivedAt;
    const time: TimeContext = { toUtc, referenceMs, fallbackMs: record.receivedAt };
    let syslog: Record<string, unknown> | undefined;
    if (at > 0) {
      try {
        const env = parseSyslogLine(s, toUtc, referenceMs);
        if (env.timeMs !== undefined) time.fallbackMs = env.timeMs;
        syslog = { header: s.slice(0, at).trimEnd(), ...(env.hostname !== undefined ? { hostname: env.hostname } : {}), ...(env.priority !== undefined ? { priority: env.priority } : {}) };
      } catch {
        // Not a syslog header (a relay's own prefix): the record is still read, the prefix kept in raw.
        syslog = { header: s.slice(0, at).trimEnd() };
      }
    }
    const ev: DraftEvent = kind === 'cef' ? cefToEvent(parseCef(s, at + 4), time, iso) : leefToEvent(parseLeef(s, at + 5), time, iso);
    if (syslog !== undefined) {
      (ev.raw as Record<string, unknown>).syslog = syslog;
      const observer = ev.observer as Record<string, unknown>;
      if (observer.hostname === undefined && typeof syslog.hostname === 'string') observer.hostname = syslog.hostname;
    }
    return [ev];
  }
  return {
    name: kind,
    parse(record: RawRecord): ParsedEvent[] {
      const s = record.data.charCodeAt(0) === 0xfeff ? record.data.slice(1) : record.data;
      if (s.trim().length === 0) throw new ParseError('empty record', recordWhere(record));
      try {
        return parseLine(record, s);
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, recordWhere(record));
        throw err;
      }
    },
  };
}
