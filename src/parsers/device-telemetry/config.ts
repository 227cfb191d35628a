import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/**
 * Settings of the `device-telemetry` parser.
 *
 * @example
 * deviceTelemetryConfig.parse({}) // { timezone: 'UTC', labelFields: ['label', 'type'], maxMetrics: 200 }
 */
export const deviceTelemetryConfig = z.strictObject({
  /** Zone of date-times written without an offset (and of TON_IoT-style `date` + `time` columns). */
  timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
  /**
   * Flat records only: columns kept as `labels.*` rather than readings, e.g. the ground-truth
   * `label` / `type` columns of research data sets such as TON_IoT.
   */
  labelFields: z.array(z.string().min(1)).default(['label', 'type']),
  /**
   * MQTT topic level (0-based; negative counts from the end) that names the device when the
   * payload does not, e.g. `-2` for `ward/icu/PUMP-0192/telemetry`.
   */
  deviceIdTopicLevel: z.number().int().optional(),
  /** Readings beyond this many per record are dropped (counted in `device.metrics_dropped`). */
  maxMetrics: z.number().int().positive().default(200),
});

/**
 * Parsed settings of the `device-telemetry` parser.
 *
 * @example
 * const c: DeviceTelemetryConfig = deviceTelemetryConfig.parse({ deviceIdTopicLevel: -2 });
 */
export type DeviceTelemetryConfig = z.output<typeof deviceTelemetryConfig>;
