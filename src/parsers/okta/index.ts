import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { objectOf, sniffJsonObjects } from '../common/json-object.js';
import { recordWhere } from '../common/where.js';
import { isOktaEvent, mapOkta } from './map.js';

export { mapOkta, isOktaEvent } from './map.js';

/**
 * The `okta` parser has no settings; strict so a typo is reported.
 *
 * @example
 * oktaConfig.parse({}) // {}
 */
export const oktaConfig = z.strictObject({});

/**
 * `okta`: Okta System Log events (`/api/v1/logs`, exports), one JSON object per record (NDJSON or
 * a JSON array, which the framing splits). See docs/formats/okta.md.
 *
 * @example
 * const p = oktaParser.build({}, { dataDir: '/tmp' });
 */
export const oktaParser: ParserDef<z.output<typeof oktaConfig>> = {
  name: 'okta',
  description: 'Okta System Log events (JSON)',
  config: oktaConfig,
  build: () => ({
    name: 'okta',
    parse(record): ParsedEvent[] {
      const o = objectOf(record);
      if (!isOktaEvent(o)) throw new ParseError('not an Okta System Log event (published, eventType, actor, outcome)', recordWhere(record));
      return [mapOkta(o, recordWhere(record))];
    },
  }),
  sniff: (lines) => sniffJsonObjects(lines, isOktaEvent),
};
