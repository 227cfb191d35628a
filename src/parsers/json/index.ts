import { z } from 'zod';
import type { ParserDef } from '../../core/components.js';
import { parseJsonRecord } from './parse-json-record.js';
import { sniffJson } from './sniff.js';

export { parseJsonRecord } from './parse-json-record.js';
export { expandDottedKeys } from './expand-dotted.js';

/**
 * The `json` parser has no settings yet; strict so a typo is reported.
 *
 * @example
 * jsonConfig.parse({}) // {}
 */
export const jsonConfig = z.strictObject({});

/**
 * Parsed settings of the `json` parser.
 *
 * @example
 * const c: JsonConfig = {};
 */
export type JsonConfig = z.output<typeof jsonConfig>;

/**
 * `json`: one JSON object per record (an NDJSON line or an element the source already split).
 * ECS-shaped objects are kept as they are (dotted keys expanded, `@timestamp` normalised);
 * other objects are kept under `raw`. Invalid JSON, non-objects and unreadable
 * `@timestamp` values are {@link ParseError}s that say what and where.
 *
 * @example
 * const p = jsonParser.build(jsonParser.config.parse({}), { dataDir: '/tmp' });
 * p.parse({ data: '{"@timestamp":"2026-01-05T10:00:00Z","event":{"action":"x"}}', source: 'http', receivedAt: Date.now() });
 */
export const jsonParser: ParserDef<JsonConfig> = {
  name: 'json',
  description: 'NDJSON / JSON objects, ECS fields kept as they are',
  config: jsonConfig,
  build: () => ({ name: 'json', parse: parseJsonRecord }),
  sniff: sniffJson,
  // Sites send EHR exports as plain JSON too.
  mayCarryPhi: true,
};
