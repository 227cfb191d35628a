import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `auditd` parser.
 *
 * @example
 * auditdConfig.parse({}) // { timezone: 'UTC' }
 */
export const auditdConfig = z.strictObject({
  /**
   * Zone of the syslog envelope's timestamp, used only to read the envelope: the event
   * time is always the record's own `audit(…)` epoch time.
   */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `auditd` parser.
 *
 * @example
 * const c: AuditdConfig = { timezone: 'UTC' };
 */
export type AuditdConfig = z.output<typeof auditdConfig>;
