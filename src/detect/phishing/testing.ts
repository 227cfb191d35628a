import { createEmailParser, emailConfig } from '../../parsers/email/index.js';
import type { WardEvent } from '../../core/event.js';
import { mailView, type MailView } from './view.js';

const parser = createEmailParser(emailConfig.parse({}));

/**
 * Parse a raw message with the real email parser into a stored-looking event (for tests).
 *
 * @example
 * const e = mailEvent('From: a@b.example\nSubject: hi\n\nbody', 'ev_1');
 */
export function mailEvent(raw: string, id = 'ev_test'): WardEvent {
  const [e] = parser.parse({ data: raw, source: 'test', receivedAt: Date.parse('2026-01-05T10:00:00Z') });
  if (!e) throw new Error('no event');
  return { ...e, event: { ...e.event, id } } as WardEvent;
}

/**
 * Parse a raw message into the view the signals read (for tests).
 *
 * @example
 * const v = mailOf('From: "PayPal" <service@paypa1.com>\nSubject: x\n\nbody');
 */
export function mailOf(raw: string): MailView {
  return mailView(mailEvent(raw));
}
