import { sniffJsonObjects } from '../common/json-object.js';

/**
 * Share of sample lines that are JSON objects in the telemetry schema (a `device` object, or
 * a `metrics` object). `json` scores such lines 1 too: register `device-telemetry` before
 * `json` (ties go to the earlier parser).
 *
 * @example
 * sniffDeviceTelemetry(['{"device":{"id":"PUMP-1"},"metrics":{"spo2":97}}']) // 1
 * sniffDeviceTelemetry(['{"a":1}']) // 0
 */
export function sniffDeviceTelemetry(lines: string[]): number {
  const isObj = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
  return sniffJsonObjects(lines, (o) => isObj(o.device) || isObj(o.metrics));
}
