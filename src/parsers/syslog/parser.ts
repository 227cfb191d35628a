import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { parseAuthMessage } from '../linux-auth/parse-auth-message.js';
import type { SyslogConfig } from './config.js';
import { parseSyslogLine } from './parse-line.js';
import { envelopeToEvent } from './to-event.js';

/**
 * How a syslog-framed parser treats message bodies.
 *
 * @example
 * const o: SyslogParserOptions = { name: 'linux-auth', requireRecognisedBody: true };
 */
export interface SyslogParserOptions {
  /** Registered name, reported by the parser. */
  name: string;
  /** Throw {@link ParseError} when no program parser recognises the message (the `linux-auth` alias). */
  requireRecognisedBody: boolean;
}

/**
 * Build a syslog parser: envelope first, then the message body goes to the program parsers
 * (today the Linux auth family, by APP-NAME), so one parser reads an auth.log end to end.
 * Each record gives exactly one event; a record without a readable envelope throws
 * {@link ParseError} naming the problem and the record's place.
 *
 * @example
 * const p = createSyslogParser({ timezone: 'UTC' }, { name: 'syslog', requireRecognisedBody: false });
 * p.parse({ data: '<34>Oct 11 22:14:15 mymachine su: hi', source: 'udp', receivedAt: Date.now() });
 */
export function createSyslogParser(config: SyslogConfig, options: SyslogParserOptions): Parser {
  const toUtc = zoneResolver(config.timezone);
  const iso = new IsoStringCache();
  return {
    name: options.name,
    parse(record: RawRecord): ParsedEvent[] {
      let env;
      try {
        env = parseSyslogLine(record.data, toUtc, record.referenceTime ?? record.receivedAt);
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, recordWhere(record));
        throw err;
      }
      const ev = envelopeToEvent(env, iso.format(env.timeMs ?? record.receivedAt));
      const recognised = env.message.length > 0 && parseAuthMessage(env.appname, env.message, ev);
      if (!recognised && options.requireRecognisedBody) {
        throw new ParseError(
          `not a recognised Linux auth message${env.appname === undefined ? ' (no program name)' : ` from "${env.appname}"`}`,
          recordWhere(record),
        );
      }
      return [ev];
    },
  };
}
