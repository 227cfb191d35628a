import { Rng } from '../rng.js';
import { buildDevices, buildServers, buildWorkstations } from './assets.js';
import { buildPatients, buildStaff } from './people.js';
import { PROFILES, type ProfileName } from './profiles.js';
import { loadSyntheaPatients, SYNTHEA_DIR } from './synthea.js';
import { siteStyle } from './site-style.js';
import type { World } from './types.js';

export interface WorldOptions {
  profile: ProfileName;
  seed: string;
  /** Epoch ms of the first simulated midnight (UTC). */
  start: number;
  days: number;
  /** Folder of the Synthea CSV sample; missing → synthetic patients only. */
  syntheaDir?: string;
}

/**
 * Build the organisation for a profile and seed. Each part draws from its own forked random
 * stream, so the same seed gives the same world whatever scenarios run in it.
 *
 * @example
 * const w = buildWorld({ profile: 'clinic', seed: '42', start: Date.UTC(2026, 0, 5), days: 2 });
 * w.staff.length // 45
 */
export function buildWorld(o: WorldOptions): World {
  const profile = PROFILES[o.profile];
  const rng = new Rng(`world:${o.seed}:${o.profile}`);
  const staff = buildStaff(rng.fork('staff'), profile, o.days);
  const patients = buildPatients(rng.fork('patients'), profile, loadSyntheaPatients(o.syntheaDir ?? SYNTHEA_DIR), staff);
  const servers = buildServers(profile);
  const workstations = buildWorkstations(rng.fork('workstations'), profile);
  const devices = buildDevices(rng.fork('devices'), profile, servers);
  const wsRng = rng.fork('desks');
  for (const s of staff) {
    if (s.shift === 'office' && workstations.length) s.workstation = wsRng.pick(workstations).name;
  }
  return {
    profile: o.profile, seed: o.seed, org: profile.org, domain: profile.domain, start: o.start, days: o.days,
    staff, patients, servers, workstations, devices,
    departments: profile.departments, units: profile.units,
    egressIp: '198.51.100.20',
    // Its own stream: the style varies by seed without changing who works or is treated there.
    site: siteStyle(new Rng(`site:${o.seed}:${o.profile}`)),
  };
}
