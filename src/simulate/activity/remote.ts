import { HOUR, MIN, homeIp, publicIp, type DayCtx } from '../context.js';
import { vpnLine, winLogonLine } from '../formats/ecs-auth.js';
import { VDI_GATEWAY } from './workforce.js';

const TRAVEL = ['GB', 'FR', 'ES', 'DE', 'BR', 'CO'];

/**
 * Remote work and its oddities: VPN logins from home in the evening, staff travelling abroad
 * (a login from another country that is *not* an attack), and a phone with a stale password
 * retrying in a loop after a password change (bursts of failures that look like guessing).
 */
export function runRemote(ctx: DayCtx): void {
  const { world, rng, emit, t0, dow, day } = ctx;
  const domain = world.domain.split('.')[0]!.toUpperCase();
  const active = world.staff.filter((s) => s.terminatedDay === undefined || day < s.terminatedDay);
  const remote = active.filter((s) => s.role === 'physician' || s.role === 'administrator' || s.role === 'billing' || s.role === 'it_admin' || s.role === 'him_coder');
  for (const s of remote) {
    if (!rng.chance(dow < 5 ? 0.12 : 0.05)) continue;
    // A traveller logs in from abroad for a week of the run.
    const abroad = s.travels && Math.floor((day + s.rota) / 7) % 3 === 1;
    const country = abroad ? TRAVEL[(s.rota + s.id.length) % TRAVEL.length]! : 'US';
    const ip = abroad ? publicIp(ctx.rng.fork(`travel:${s.id}:${Math.floor(day / 7)}`), country) : homeIp(s);
    const t = t0 + (abroad ? rng.int(6, 14) : rng.int(18, 22)) * HOUR + rng.int(0, 59) * MIN;
    if (rng.chance(0.03)) emit('vpn', t - 20_000, vpnLine({ t: t - 20_000, user: s.username, sourceIp: ip, country, success: false, host: 'vpn01' }));
    emit('vpn', t, vpnLine({ t, user: s.username, sourceIp: ip, country, success: true, host: 'vpn01' }));
  }
  // A stale password on a phone or a mapped drive: failures every ~30 s for a while (normal, but noisy).
  const chance = world.profile === 'clinic' ? 0.05 : world.profile === 'hospital' ? 0.35 : 0.9;
  if (active.length && rng.chance(chance)) {
    const s = rng.pick(active);
    const src = rng.chance(0.5) ? `10.40.${rng.int(0, 15)}.${rng.int(2, 250)}` : VDI_GATEWAY;
    let t = t0 + rng.int(7, 20) * HOUR;
    for (let i = 0, n = rng.int(6, 30); i < n; i++) {
      t += rng.int(15, 45) * 1000;
      emit('windows', t, winLogonLine({ t, user: s.username, domain, sourceIp: src, host: 'dc01', success: false, logonType: 3, subStatus: i > 9 ? '0xC0000234' : '0xC000006A' }));
    }
  }
}
