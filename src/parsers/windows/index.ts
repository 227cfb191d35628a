import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { checkJsonDepth } from '../common/bounded-json.js';
import { splitJsonValues } from './json-stream.js';
import { windowsEvent, windowsShape } from './normalize.js';

export { splitJsonValues } from './json-stream.js';
export { flattenEvtxJson } from './flatten.js';
export { windowsEvent, windowsShape, eventFromFlat, type WindowsShape } from './normalize.js';

const config = z.object({}).strict();

/**
 * Parser for Windows events as JSON: EVTX-to-JSON (`{"Event":{"System":…}}`), winlogbeat/ECS
 * (`winlog.*`) and the flat OTRF/NXLog shape. A record may hold several concatenated objects.
 *
 * @example
 * windowsEventParser.build({}, ctx).parse({ data: line, source: 'file:x.json', receivedAt: Date.now() })
 */
export const windowsEventParser: ParserDef<z.infer<typeof config>> = {
  name: 'windows-event',
  description: 'Windows event log records as JSON (EVTX-to-JSON, winlogbeat, OTRF/NXLog flat)',
  config,
  build() {
    return {
      name: 'windows-event',
      parse(record): ParsedEvent[] {
        const where = `${record.source}:${record.offset ?? 0}`;
        checkJsonDepth(record.data, where);
        let values: unknown[];
        try {
          values = splitJsonValues(record.data);
        } catch (err) {
          throw new ParseError(`invalid JSON: ${(err as Error).message}`, where);
        }
        return values.map((v) => windowsEvent(v));
      },
    };
  },
  sniff(lines) {
    let hits = 0;
    let seen = 0;
    for (const l of lines) {
      const t = l.trim();
      if (!t.startsWith('{')) continue;
      seen++;
      try {
        if (windowsShape(JSON.parse(t))) hits++;
      } catch {
        // Pretty-printed multi-line objects do not parse line by line: look for the marker.
        if (/"Event"\s*:\s*\{|"winlog"\s*:|"EventID"\s*:/.test(t)) hits += 0.5;
      }
    }
    return seen === 0 ? 0 : Math.min(1, hits / seen);
  },
};
