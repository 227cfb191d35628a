import { z } from 'zod';
import { identifierMappingConfig } from '../../enrich/pseudonymise/index.js';
import { isValidTimeZone } from '../common/zone.js';

/**
 * IANA time zone for date-times written without an offset (FHIR `instant` always has one;
 * `dateTime` may not).
 *
 * @example
 * timezoneConfig.parse(undefined) // 'UTC'
 */
export const timezoneConfig = z
  .string()
  .default('UTC')
  .refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' });

/**
 * Settings of the `fhir-audit` parser.
 *
 * @example
 * fhirAuditConfig.parse({ identifiers: { authorities: { HOSP: 'urn:oid:1.2.3' } } })
 */
export const fhirAuditConfig = z.strictObject({
  timezone: timezoneConfig,
  /** How patient identifiers are put in one namespace before pseudonymisation (docs/formats/pseudonymisation.md). */
  identifiers: identifierMappingConfig,
});

/**
 * Parsed settings of the `fhir-audit` parser.
 *
 * @example
 * const c: FhirAuditConfig = fhirAuditConfig.parse({});
 */
export type FhirAuditConfig = z.output<typeof fhirAuditConfig>;
