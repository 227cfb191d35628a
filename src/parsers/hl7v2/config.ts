import { z } from 'zod';
import { identifierMappingConfig } from '../../enrich/pseudonymise/index.js';
import { timezoneConfig } from '../fhir-audit/config.js';

/**
 * Settings of the `hl7v2` parser.
 *
 * @example
 * hl7v2Config.parse({ timezone: 'Europe/London', identifiers: { authorities: { HOSP: 'urn:oid:1.2.3' } } })
 */
export const hl7v2Config = z.strictObject({
  /** Zone of date/times written without an offset (the sending system's zone). */
  timezone: timezoneConfig,
  /** Assigning authority ↔ identifier system mapping (docs/formats/pseudonymisation.md). */
  identifiers: identifierMappingConfig,
});

/**
 * Parsed settings of the `hl7v2` parser.
 *
 * @example
 * const c: Hl7v2Config = hl7v2Config.parse({});
 */
export type Hl7v2Config = z.output<typeof hl7v2Config>;
