import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `syslog` and `linux-auth` parsers.
 *
 * @example
 * syslogConfig.parse({ timezone: 'Europe/Berlin' }) // { timezone: 'Europe/Berlin' }
 * syslogConfig.parse({}) // { timezone: 'UTC' }
 */
export const syslogConfig = z.strictObject({
  /**
   * IANA zone in which RFC 3164 timestamps (and zone-less ISO timestamps) were written.
   * Those formats carry no zone; set this to the sending hosts' zone.
   */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `syslog` parser.
 *
 * @example
 * const c: SyslogConfig = { timezone: 'UTC' };
 */
export type SyslogConfig = z.output<typeof syslogConfig>;
