import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `firewall` parser.
 *
 * @example
 * firewallConfig.parse({}) // { timezone: 'UTC' }
 */
export const firewallConfig = z.strictObject({
  /** IANA zone of RFC 3164 syslog timestamps (`Jan  5 10:00:00`), which carry none. */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `firewall` parser.
 *
 * @example
 * const c: FirewallConfig = { timezone: 'UTC' };
 */
export type FirewallConfig = z.output<typeof firewallConfig>;
