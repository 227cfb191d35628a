import type { ParserDef } from '../../core/components.js';
import { emailConfig, type EmailConfig } from './config.js';
import { frameEmail } from './mbox.js';
import { createEmailParser } from './parser.js';
import { sniffEmail } from './sniff.js';
import { sealerFor } from '../../enrich/pseudonymise/index.js';

export { emailConfig, type EmailConfig } from './config.js';
export { createEmailParser } from './parser.js';
export { splitMbox, frameEmail } from './mbox.js';
export { readMime, header, splitMultipart, decodeQuotedPrintable, decodeTransfer, type MimeMessage, type MimeAttachment } from './mime.js';
export { parseMailDate } from './date.js';
export { parseReceived, parseAuthResults, summariseAuth, type ReceivedHop, type AuthResults } from './trace.js';
export { extractUrls, urlDomain, decodeEntities, type EmailUrl } from './urls.js';
export { sniffAttachment, extensionOf } from './magic.js';
export { inspectAttachment, zipMembers, type AttachmentInside } from './inspect.js';
export { messageToEvent, type SealedMail } from './to-event.js';
export { sniffEmail } from './sniff.js';

/**
 * `email`: RFC 5322 messages (`.eml`) and mbox files (RFC 4155) into `email.*` events with
 * sender, recipients, subject, trace and authentication results, URLs (with HTML link
 * text), attachments (names, declared vs detected type, SHA-256) and the bodies for the
 * phishing detector. A record is one whole message: `framing` splits an mbox and keeps an
 * `.eml` whole. Field mapping: docs/formats/email.md.
 *
 * @example
 * const p = emailParser.build(emailParser.config.parse({}), { dataDir: '/tmp' });
 * for (const msg of emailParser.framing(mboxText)) p.parse({ data: msg, source: 'file:inbox.mbox', receivedAt: Date.now() });
 */
export const emailParser: ParserDef<EmailConfig> & { framing: (text: string) => string[] } = {
  name: 'email',
  description: 'E-mail: RFC 5322 .eml messages and mbox files (headers, auth results, URLs, attachments, bodies)',
  config: emailConfig,
  // Subject, bodies and full URLs are sealed into the event with the data directory's sealer.
  build: (config, ctx) => createEmailParser(config, { seal: (t) => sealerFor(ctx.dataDir).seal(t) }),
  framing: frameEmail,
  sniff: sniffEmail,
  // Mail to and from a hospital carries patient details in subjects and bodies: the raw
  // message is sealed at rest like an HL7 or FHIR record.
  phi: true,
};
