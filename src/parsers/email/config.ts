import { z } from 'zod';

/**
 * Settings of the `email` parser.
 *
 * @example
 * emailConfig.parse({}) // { maxBodyChars: 65536, keepBodies: true, maxUrls: 200, maxAttachments: 50 }
 */
export const emailConfig = z.strictObject({
  /** Each body (text, HTML) is cut to this many characters under `email.body.*`. */
  maxBodyChars: z.number().int().min(0).default(65_536),
  /** Keep `email.body.text` / `email.body.html` for the phishing detector (never indexed). */
  keepBodies: z.boolean().default(true),
  /** At most this many entries in `email.urls`. */
  maxUrls: z.number().int().min(0).default(200),
  /** At most this many entries in `email.attachments` (the rest are counted). */
  maxAttachments: z.number().int().min(0).default(50),
});

/**
 * Parsed settings of the `email` parser.
 *
 * @example
 * const c: EmailConfig = emailConfig.parse({ maxBodyChars: 10_000 });
 */
export type EmailConfig = z.output<typeof emailConfig>;
