import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `cef` and `leef` parsers.
 *
 * @example
 * cefConfig.parse({}) // { timezone: 'UTC' }
 */
export const cefConfig = z.strictObject({
  /**
   * IANA zone of times written without one: CEF `rt`/`start`/`end` and LEEF `devTime` in
   * `MMM dd yyyy HH:mm:ss` form, and an RFC 3164 syslog header in front.
   */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `cef` and `leef` parsers.
 *
 * @example
 * const c: CefConfig = { timezone: 'UTC' };
 */
export type CefConfig = z.output<typeof cefConfig>;
