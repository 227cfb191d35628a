import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { Hl7Error, parseHl7, splitHl7Messages } from './message.js';
import { messageToEvent } from './to-event.js';

/**
 * What {@link createHl7v2Parser} needs.
 *
 * @example
 * const o: Hl7v2ParserOptions = { pseudonymiser: pseudonymiserFor(dataDir), timezone: 'Europe/London' };
 */
export interface Hl7v2ParserOptions {
  pseudonymiser: Pseudonymiser;
  timezone?: string;
}

/**
 * Build an `hl7v2` parser. A record holds one message (MLLP) or several (a file); each message
 * becomes one event. A message that cannot be read makes the record a {@link ParseError} whose
 * reason names the message number and the segment/field, never its content.
 *
 * @example
 * const p = createHl7v2Parser({ pseudonymiser });
 * p.parse({ data: 'MSH|^~\\&|A|B|C|D|20260105101500||ADT^A01|1|P|2.5\rPID|1||123^^^HOSP^MR', source: 'mllp', receivedAt: Date.now() });
 */
export function createHl7v2Parser(opts: Hl7v2ParserOptions): Parser {
  const ctx = { pseudonymiser: opts.pseudonymiser, toUtc: zoneResolver(opts.timezone ?? 'UTC') };
  return {
    name: 'hl7v2',
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      const messages = splitHl7Messages(record.data);
      if (messages.length === 0) throw new ParseError('empty record', where);
      return messages.map((text, i) => {
        try {
          return messageToEvent(parseHl7(text), ctx);
        } catch (err) {
          if (err instanceof Hl7Error) {
            throw new ParseError(messages.length > 1 ? `message ${i + 1}: ${err.message}` : err.message, where);
          }
          throw err;
        }
      });
    },
  };
}
