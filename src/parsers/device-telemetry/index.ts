import type { ParserDef } from '../../core/components.js';
import { deviceTelemetryConfig, type DeviceTelemetryConfig } from './config.js';
import { createDeviceTelemetryParser } from './parser.js';
import { sniffDeviceTelemetry } from './sniff.js';

export { deviceTelemetryConfig, type DeviceTelemetryConfig } from './config.js';
export { createDeviceTelemetryParser, topicOf } from './parser.js';
export { telemetryToEvent } from './to-event.js';
export { telemetryTime, dateAndTime } from './time.js';
export { sniffDeviceTelemetry } from './sniff.js';

/**
 * `device-telemetry`: IoMT device telemetry JSON (the Wardwatch schema: `device`, `timestamp`,
 * `metrics`, `status`, `alarms`) and flat sensor rows (TON_IoT-style) into `device.*`
 * events (`event.kind` `metric`, `event` or `state`; category `host`). Used by the `mqtt`
 * source by default. Reference: docs/formats/device-telemetry.md.
 *
 * @example
 * const p = deviceTelemetryParser.build(deviceTelemetryParser.config.parse({}), { dataDir: '/tmp' });
 * p.parse({ data: '{"device":{"id":"PUMP-1","type":"infusion_pump"},"metrics":{"flow_rate_ml_h":12.5}}', source: 'mqtt:ward/icu/pump-1', receivedAt: Date.now() });
 */
export const deviceTelemetryParser: ParserDef<DeviceTelemetryConfig> = {
  name: 'device-telemetry',
  description: 'IoMT device telemetry JSON (device, metrics, status, alarms) and flat sensor records',
  config: deviceTelemetryConfig,
  build: (config) => createDeviceTelemetryParser(config),
  sniff: sniffDeviceTelemetry,
  // Bedside devices may report the patient they are attached to.
  mayCarryPhi: true,
};
