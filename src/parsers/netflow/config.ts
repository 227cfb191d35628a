import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `netflow` parser.
 *
 * @example
 * netflowConfig.parse({}) // { timezone: 'UTC' }
 */
export const netflowConfig = z.strictObject({
  /**
   * IANA zone of the host that ran `nfdump`: its CSV and JSON times are that host's local time
   * without an offset. Run nfdump with `TZ=UTC` and keep the default to avoid guessing.
   */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `netflow` parser.
 *
 * @example
 * const c: NetflowConfig = { timezone: 'UTC' };
 */
export type NetflowConfig = z.output<typeof netflowConfig>;
