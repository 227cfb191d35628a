import type { Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { recordWhere } from '../common/where.js';
import type { EmailConfig } from './config.js';
import { header, readMime } from './mime.js';
import { messageToEvent } from './to-event.js';

/** A message needs at least one of these to be mail rather than some other `Name: value` text. */
const CORE_FIELDS = ['from', 'sender', 'to', 'subject', 'date', 'message-id', 'received', 'return-path'];

/**
 * Build the `email` parser: one record is one whole RFC 5322 message (the file source frames
 * mbox files into messages with `frameEmail`); it yields one `email.*` event. A record that
 * is not a message (no header section, a first line that is not a header field, none of the
 * core fields) is a {@link ParseError} naming the line. With `seal` (the registered parser
 * passes the data directory's PHI sealer), subject, bodies and full URLs are sealed into
 * `email.body.sealed` and only features (addresses, domains, attachment names/types/hashes,
 * authentication results, lengths) stay in clear.
 *
 * @example
 * const p = createEmailParser(emailConfig.parse({}));
 * p.parse({ data: 'From: a@b.example\nSubject: hi\n\nbody', source: 'file:x.eml', receivedAt: Date.now() });
 */
export function createEmailParser(cfg: EmailConfig, opts: { seal?: (text: string) => string } = {}): Parser {
  return {
    name: 'email',
    parse(record: RawRecord) {
      let data = record.data;
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
      // A single message saved with its mbox envelope line.
      if (data.startsWith('From ')) {
        const nl = data.indexOf('\n');
        data = nl < 0 ? '' : data.slice(nl + 1);
      }
      const where = recordWhere(record);
      if (data.trim().length === 0) throw new ParseError('empty e-mail message', where);
      const msg = readMime(data);
      if (msg.badHeaderLines[0] === 1 || msg.headers.length === 0) {
        const first = data.slice(0, Math.max(0, data.indexOf('\n'))) || data.slice(0, 60);
        throw new ParseError(`not an RFC 5322 message: header line 1 is not a "Name: value" field (${JSON.stringify(first.slice(0, 60))})`, where);
      }
      if (!CORE_FIELDS.some((f) => header(msg.headers, f) !== undefined)) {
        throw new ParseError(`not an e-mail message: none of the header fields ${CORE_FIELDS.join(', ')} is present`, where);
      }
      return [messageToEvent(msg, cfg, record.receivedAt, opts.seal)];
    },
  };
}
