import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { accessEvent } from './access-event.js';
import { scanAccessLine } from './access-line.js';
import { parseClfTime } from './clf-time.js';

/** Index past trailing CR, LF, spaces and tabs. */
function trimmedEnd(s: string): number {
  let end = s.length;
  for (let c = s.charCodeAt(end - 1); c === 32 || c === 13 || c === 10 || c === 9; c = s.charCodeAt(end - 1)) end--;
  return end;
}

/**
 * Build a `web-access` parser: one Common or Combined Log Format line (Apache `%h %l %u %t "%r" %>s
 * %b`, optionally `"%{Referer}i" "%{User-agent}i"` and more; nginx's default `combined` is the
 * same layout) → one ECS web access event. The time carries its own offset.
 *
 * @example
 * createWebAccessParser().parse({ data: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', source: 'f', receivedAt: 0 });
 */
export function createWebAccessParser(): Parser {
  const iso = new IsoStringCache();
  return {
    name: 'web-access',
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      const end = trimmedEnd(record.data);
      const s = end === record.data.length ? record.data : record.data.slice(0, end);
      if (s.length === 0) throw new ParseError('empty record', where);
      try {
        const line = scanAccessLine(s);
        const ms = parseClfTime(line.time);
        if (ms === undefined) throw new ParseError(`invalid access-log time "${line.time.slice(0, 40)}": expected "dd/Mon/yyyy:hh:mm:ss ±hhmm"`);
        return [accessEvent(line, iso.format(ms))];
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, where);
        throw err;
      }
    },
  };
}
