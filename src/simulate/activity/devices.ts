import { DAY, HOUR, MIN, type DayCtx } from '../context.js';
import { telemetryLine } from '../formats/telemetry.js';
import { connect } from './network.js';

const VENDOR_UPDATE: Record<string, string> = {
  Baxter: '165.225.10.40', BD: '52.20.44.17', Philips: '130.144.10.8', Draeger: '193.104.24.5', Roche: '185.8.72.10', Siemens: '141.62.16.5', 'GE Healthcare': '3.33.152.147', Carestream: '199.83.128.5',
};

/**
 * Medical devices on an ordinary day: periodic telemetry, their hourly sessions to the HL7
 * engine, PACS or MQTT broker, and now and then a vendor firmware update (a big download from
 * an external address in the maintenance window, then a new firmware version).
 */
export function runDevices(ctx: DayCtx): void {
  const { world, rng, emit, t0 } = ctx;
  // Firmware rollout: one model at a time, at most one per day.
  const rollout = rng.chance(0.08) && world.devices.length ? rng.pick(world.devices) : undefined;
  for (const d of world.devices) {
    const phase = (d.id.charCodeAt(d.id.length - 1) * 7919) % d.periodSec;
    const period = d.periodSec * 1000;
    for (let t = t0 + phase * 1000; t < t0 + DAY; t += period) {
      const m: Record<string, number> = {};
      for (const [name, mean, sd] of d.metrics) {
        const v = Math.max(0, rng.normal(mean, sd));
        m[name] = Math.round((name.endsWith('_pct') ? Math.min(100, v) : v) * 10) / 10;
      }
      emit('telemetry', t, telemetryLine(d, t, m));
    }
    for (let h = 0; h < 24; h++) {
      const t = t0 + h * HOUR + rng.int(0, 59) * MIN;
      const up = d.protocol === 'dicom' ? rng.int(5_000_000, 80_000_000) : rng.int(20_000, 120_000);
      connect(ctx, t, d.ip, d.dest.ip, d.dest.port, d.dest.service, [up, rng.int(2_000, 20_000)], 3000 + rng.next() * 400);
    }
    if (rollout && d.model === rollout.model && rng.chance(0.5)) {
      const t = t0 + 2 * HOUR + rng.int(0, 90) * MIN;
      const vendor = VENDOR_UPDATE[d.manufacturer] ?? '52.20.44.17';
      connect(ctx, t, d.ip, vendor, 443, 'ssl', [rng.int(8_000, 20_000), rng.int(40_000_000, 120_000_000)], 200 + rng.next() * 300);
      const parts = d.firmware.split('.');
      parts[parts.length - 1] = String(Number.parseInt(parts[parts.length - 1] ?? '0', 10) + 1 || 1).padStart(2, '0');
      d.firmware = parts.join('.');
      emit('telemetry', t + 15 * MIN, telemetryLine(d, t + 15 * MIN, {}, { event: 'firmware_update', firmware_new: d.firmware }));
    }
  }
}
