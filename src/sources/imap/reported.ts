import type { Parser } from '../../core/components.js';
import type { RawRecord } from '../../core/record.js';
import { header, readMime } from '../../parsers/email/index.js';

/**
 * A parser for the "report phishing" mailbox: users forward the suspect message, usually as an
 * attachment (`message/rfc822`), so the attached message is the one to analyse; a message
 * sent or redirected to the mailbox as-is is analysed itself. Every event is tagged
 * `email.reported = true` and `email.reported_by` (the reporting user's address) — the user
 * report that the phishing detector and `phishing train` learn from.
 *
 * @example
 * const p = reportedParser(sink.parser('email')); p.parse(record)[0].email.reported // true
 */
export function reportedParser(email: Parser): Parser {
  return {
    name: `${email.name}+reported`,
    parse(record: RawRecord) {
      const outer = readMime(record.data);
      const reporter = /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(header(outer.headers, 'from') ?? '')?.[1]?.toLowerCase();
      const inner = outer.attachments.find((a) => a.mimeType.toLowerCase() === 'message/rfc822');
      const events = inner ? email.parse({ ...record, data: inner.content.toString('latin1') }) : email.parse(record);
      for (const e of events) {
        const m = (e.email ??= {}) as Record<string, unknown>;
        m.reported = true;
        if (reporter && inner) m.reported_by = reporter;
      }
      return events;
    },
  };
}
