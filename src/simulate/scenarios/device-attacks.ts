import { HOUR, MIN, publicIp } from '../context.js';
import { telemetryLine } from '../formats/telemetry.js';
import { connect, lookupAndConnect } from '../activity/network.js';
import { incidentCount, spreadDays, type PlannedRun, type ScenarioDef } from './types.js';

/**
 * A compromised infusion pump (T0883, T1071.001, T0836): it starts talking to a new external
 * address, beacons on a steady period with little jitter, and its configuration changes.
 * Intensity shortens the jitter and lengthens the beaconing.
 */
export const pumpCompromise: ScenarioDef = {
  name: 'pump-compromise',
  description: 'infusion pump beaconing to a new external destination, then a configuration change',
  techniques: ['T0883', 'T1071.001', 'T0836'],
  plan(p) {
    const pumps = p.world.devices.filter((d) => d.type === 'infusion_pump');
    if (!pumps.length) return [];
    return spreadDays(p.rng, p.days, incidentCount(p.days, 0.3)).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`pump:${k}`);
      const d = rng.pick(pumps);
      const c2 = publicIp(rng, rng.pick(['RU', 'CN', 'VN']));
      const name = `${rng.hex(10)}.${rng.pick(['net', 'io', 'biz'])}`;
      const inc = p.incident('pump-compromise', this.techniques, `infusion pump ${d.id} beaconing to ${c2}`);
      inc.entity('device', d.id).entity('ip', d.ip).entity('ip', c2);
      return {
        day, incident: inc,
        run(ctx, i) {
          let t = ctx.t0 + rng.int(0, 20) * HOUR + rng.int(0, 59) * MIN;
          lookupAndConnect(ctx, t, d.ip, name, c2, 8443, 'ssl', [rng.int(400, 900), rng.int(400, 900)], 1, i);
          const period = 60_000;
          const beacons = Math.round(30 + 400 * p.intensity);
          const jitter = 0.5 - 0.45 * p.intensity;
          for (let b = 0; b < beacons; b++) {
            t += Math.round(period * (1 + (rng.next() * 2 - 1) * jitter));
            connect(ctx, t, d.ip, c2, 8443, 'ssl', [rng.int(200, 500), rng.int(150, 400)], 0.3 + rng.next(), i);
          }
          ctx.emit('telemetry', t + MIN, telemetryLine(d, t + MIN, { flow_rate_ml_h: 999, max_rate_limit_ml_h: 1200 }, { event: 'config_change', changed_by: 'remote', setting: 'drug_library.max_rate' }), i);
        },
      };
    });
  },
};

/**
 * DICOM exfiltration (T1048, T1041): the PACS sends studies by C-STORE to an external
 * application entity. Intensity sets how many studies and how large.
 */
export const dicomExfil: ScenarioDef = {
  name: 'dicom-exfil',
  description: 'PACS sends studies over DICOM to an external AE',
  techniques: ['T1048', 'T1041'],
  plan(p) {
    return spreadDays(p.rng, p.days, incidentCount(p.days, 0.3)).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`dicom:${k}`);
      const ext = publicIp(rng, rng.pick(['CN', 'RU', 'BR']));
      const pacs = p.world.servers.find((s) => s.role === 'pacs')!;
      const inc = p.incident('dicom-exfil', this.techniques, `DICOM C-STORE of studies from ${pacs.name} to ${ext}`);
      inc.entity('host', pacs.name).entity('ip', pacs.ip).entity('ip', ext);
      return {
        day, incident: inc,
        run(ctx, i) {
          let t = ctx.t0 + rng.int(0, 5) * HOUR + rng.int(0, 59) * MIN;
          for (let s = 0, n = Math.round(5 + 195 * p.intensity); s < n; s++) {
            t += rng.int(30, 240) * 1000;
            connect(ctx, t, pacs.ip, ext, rng.chance(0.5) ? 104 : 11112, 'dicom', [rng.int(30_000_000, 400_000_000), rng.int(2_000, 9_000)], rng.int(20, 240), i);
          }
        },
      };
    });
  },
};
