import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `suricata` parser.
 *
 * @example
 * suricataConfig.parse({}) // { timezone: 'UTC' }
 */
export const suricataConfig = z.strictObject({
  /** Zone of `timestamp` values written without an offset (Suricata writes one; hand-made or re-exported EVE may not). */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `suricata` parser.
 *
 * @example
 * const c: SuricataConfig = { timezone: 'UTC' };
 */
export type SuricataConfig = z.output<typeof suricataConfig>;
