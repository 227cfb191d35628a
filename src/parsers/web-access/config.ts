import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `web-access` parser: none yet (access-log times carry their offset); strict so
 * a typo is reported.
 *
 * @example
 * webAccessConfig.parse({}) // {}
 */
export const webAccessConfig = z.strictObject({});

/**
 * Parsed settings of the `web-access` parser.
 *
 * @example
 * const c: WebAccessConfig = {};
 */
export type WebAccessConfig = z.output<typeof webAccessConfig>;

/**
 * Settings of the `apache-error` parser.
 *
 * @example
 * apacheErrorConfig.parse({}) // { timezone: 'UTC' }
 */
export const apacheErrorConfig = z.strictObject({
  /** IANA zone the web server's clock was in: error-log times carry no zone. */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `apache-error` parser.
 *
 * @example
 * const c: ApacheErrorConfig = { timezone: 'UTC' };
 */
export type ApacheErrorConfig = z.output<typeof apacheErrorConfig>;

/**
 * Settings of the `iis-w3c` parser.
 *
 * @example
 * iisW3cConfig.parse({}) // { timezone: 'UTC' }
 */
export const iisW3cConfig = z.strictObject({
  /** Zone of `date`/`time`: IIS writes W3C logs in UTC (the default); other servers may use local time. */
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Parsed settings of the `iis-w3c` parser.
 *
 * @example
 * const c: IisW3cConfig = { timezone: 'UTC' };
 */
export type IisW3cConfig = z.output<typeof iisW3cConfig>;
