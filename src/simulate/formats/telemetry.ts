import type { Device } from '../world/types.js';
import { iso } from './time.js';

/**
 * One MQTT-style telemetry message as an NDJSON line: the topic, the device's identity and
 * its metrics (what an MQTT bridge writes when it logs each publish).
 *
 * @example
 * JSON.parse(telemetryLine(device, 0, { battery_pct: 90 })).topic // 'hospital/ICU/infusion_pump/DEV-IP-00001/telemetry'
 */
export function telemetryLine(d: Device, t: number, metrics: Record<string, number>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    ts: iso(t),
    topic: `hospital/${d.unit}/${d.type}/${d.id}/telemetry`,
    qos: 1,
    client_id: d.id,
    device: { id: d.id, type: d.type, manufacturer: d.manufacturer, model: d.model, serial: d.serial, firmware: d.firmware, ip: d.ip, unit: d.unit, criticality: d.criticality },
    metrics,
    ...extra,
  });
}
