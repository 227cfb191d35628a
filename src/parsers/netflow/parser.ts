import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import type { NetflowConfig } from './config.js';
import { csvFlow, DEFAULT_CSV_COLUMNS } from './csv.js';
import { flowToEvent } from './flow.js';
import { jsonFlow } from './json.js';
import { checkJsonDepth } from '../common/bounded-json.js';

const MAX_SOURCES = 1024;

/** Per-source reading state: the CSV header, and whether the summary trailer is being read. */
interface SourceState {
  columns: readonly string[];
  /** Lines left in nfdump's `Summary` trailer (its header and its values). */
  summaryLines: number;
}

/**
 * Build a `netflow` parser for nfdump output. Stateful per `record.source` for CSV: the `ts,te,…`
 * header line names the columns (a header-less stream uses nfdump's default columns), and the
 * `Summary` trailer nfdump appends (`Summary`, `flows,bytes,packets,…`, its values) gives no events
 * and no dead letters, nor do `No matched flows` and the `[`/`]` of a JSON array. JSON records
 * (`-o json-log`, or one array element per line, a trailing comma allowed) need no header.
 *
 * @example
 * const p = createNetflowParser({ timezone: 'UTC' });
 * p.parse({ data: 'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt', source: 'f', receivedAt: 0 }); // []
 */
export function createNetflowParser(config: NetflowConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  const cache = new IsoStringCache();
  const iso = (ms: number): string => cache.format(ms);
  const states = new Map<string, SourceState>();

  function state(source: string): SourceState {
    let s = states.get(source);
    if (s === undefined) {
      s = { columns: DEFAULT_CSV_COLUMNS, summaryLines: 0 };
      if (states.size >= MAX_SOURCES) states.delete(states.keys().next().value!);
      states.set(source, s);
    }
    return s;
  }

  function parseLine(record: RawRecord, line: string): ParsedEvent[] {
    const c0 = line.charCodeAt(0);
    if (c0 === 123) {
      const text = line.endsWith(',') ? line.slice(0, -1) : line;
      checkJsonDepth(text);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new ParseError(`invalid nfdump JSON: ${err instanceof Error ? err.message.slice(0, 120) : String(err)}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ParseError('expected an nfdump JSON flow object');
      const r = value as Record<string, unknown>;
      if (r.type !== undefined && r.type !== 'FLOW') throw new ParseError(`nfdump JSON record of type "${String(r.type).slice(0, 20)}" is not a flow`);
      const ev = flowToEvent(jsonFlow(r, toUtc), iso);
      ev.raw = r;
      return [ev];
    }
    if (line === '[' || line === ']' || line === '],' || line === 'No matched flows') return [];
    const st = state(record.source);
    if (line === 'Summary') {
      st.summaryLines = 2;
      return [];
    }
    if (st.summaryLines > 0) {
      st.summaryLines--;
      return [];
    }
    if (line.startsWith('ts,') || line.startsWith('ts,te,')) {
      st.columns = line.split(',');
      return [];
    }
    const { flow, raw } = csvFlow(st.columns, line, toUtc);
    const ev = flowToEvent(flow, iso);
    ev.raw = raw;
    return [ev];
  }

  return {
    name: 'netflow',
    parse(record: RawRecord): ParsedEvent[] {
      const line = record.data.trim();
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
