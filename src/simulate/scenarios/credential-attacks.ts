import { MIN, publicIp, type DayCtx } from '../context.js';
import { authLine, sshd } from '../formats/auth-log.js';
import { vpnLine, winLogonLine } from '../formats/ecs-auth.js';
import type { Incident } from '../labels.js';
import type { Rng } from '../rng.js';
import { incidentCount, spreadDays, type PlannedRun, type ScenarioDef } from './types.js';

const ATTACKER_COUNTRIES = ['RU', 'CN', 'NG', 'VN', 'BR'];
const SSH_USERS = ['root', 'admin', 'ubuntu', 'oracle', 'postgres', 'test', 'git', 'user', 'ftpuser', 'pi'];

type Target = 'ssh' | 'vpn' | 'rdp';

/** One failed (or finally successful) attempt against a target, in that target's own log format. */
function attempt(ctx: DayCtx, inc: Incident, rng: Rng, target: Target, t: number, user: string, ip: string, ok: boolean, known: boolean): void {
  const domain = ctx.world.domain.split('.')[0]!.toUpperCase();
  if (target === 'ssh') {
    const pid = rng.int(2000, 60000);
    const port = rng.int(32768, 60999);
    if (ok) {
      ctx.emit('auth', t, authLine(t, 'bastion01', 'sshd', pid, sshd.accepted(user, ip, port, 'password')), inc);
      ctx.emit('auth', t, authLine(t, 'bastion01', 'sshd', pid, sshd.sessionOpened(user, 0)), inc);
      return;
    }
    if (!known) ctx.emit('auth', t, authLine(t, 'bastion01', 'sshd', pid, sshd.invalidUser(user, ip, port)), inc);
    ctx.emit('auth', t + 5, authLine(t + 5, 'bastion01', 'sshd', pid, known ? sshd.pamFailure(ip, user) : sshd.pamFailure(ip)), inc);
    ctx.emit('auth', t + 1500, authLine(t + 1500, 'bastion01', 'sshd', pid, sshd.failed(user, ip, port, !known)), inc);
    return;
  }
  if (target === 'vpn') {
    ctx.emit('vpn', t, vpnLine({ t, user, sourceIp: ip, success: ok, host: 'vpn01' }), inc);
    return;
  }
  ctx.emit('windows', t, winLogonLine({ t, user, domain, sourceIp: ip, host: 'rdgw01', success: ok, logonType: 10, ...(ok ? {} : { subStatus: known ? '0xC000006A' : '0xC0000064' }) }), inc);
}

/**
 * Password guessing against one account (T1110.001): SSH on the internet-facing bastion, the
 * VPN portal or the RD gateway. Intensity sets how many guesses and how fast; some runs end
 * with a correct guess (T1078), which `auth.success_after_failures` should catch.
 */
export const bruteForce: ScenarioDef = {
  name: 'bruteforce',
  description: 'password guessing against one account (SSH bastion, VPN portal or RD gateway), sometimes ending in a successful login',
  techniques: ['T1110.001', 'T1078'],
  plan(p) {
    const variants: Target[] = ['ssh', 'vpn', 'rdp'];
    return spreadDays(p.rng, p.days, incidentCount(p.days, 1.5)).map((day, k): PlannedRun => {
      const variant = variants[k % variants.length]!;
      const success = k % 3 === 1;
      const inc = p.incident('bruteforce', success ? ['T1110.001', 'T1078'] : ['T1110.001'], `password guessing over ${variant}${success ? ', ending in a successful login' : ''}`, variant);
      const rng = p.rng.fork(`bruteforce:${k}`);
      const staffUser = rng.pick(p.world.staff).username;
      const user = variant === 'ssh' ? (rng.chance(0.6) ? 'root' : rng.pick(SSH_USERS)) : staffUser;
      const ip = publicIp(rng, rng.pick(ATTACKER_COUNTRIES));
      const attempts = Math.round(6 + 94 * p.intensity);
      const gapMs = (2 + 60 * (1 - p.intensity)) * 1000;
      const startMin = rng.int(0, 1380);
      inc.entity('user', user).entity('ip', ip);
      return {
        day, incident: inc,
        run(ctx, i) {
          let t = ctx.t0 + startMin * MIN;
          const known = variant !== 'ssh' || user === 'root';
          for (let a = 0; a < attempts; a++) {
            t += Math.round(gapMs * (0.5 + rng.next()));
            attempt(ctx, i, rng, variant, t, user, ip, false, known);
          }
          if (success) attempt(ctx, i, rng, variant, t + rng.int(3, 20) * 1000, user, ip, true, true);
        },
      };
    });
  },
};

/**
 * Password spraying (T1110.003): one source tries one or two common passwords against many
 * accounts on the VPN portal or RD gateway. Intensity sets how many accounts and how fast.
 */
export const spray: ScenarioDef = {
  name: 'spray',
  description: 'one source trying a common password against many accounts (VPN portal or RD gateway)',
  techniques: ['T1110.003'],
  plan(p) {
    const variants: Target[] = ['vpn', 'rdp'];
    return spreadDays(p.rng, p.days, incidentCount(p.days, 1)).map((day, k): PlannedRun => {
      const variant = variants[k % variants.length]!;
      const rng = p.rng.fork(`spray:${k}`);
      const users = rng.sample(p.world.staff.map((s) => s.username), Math.round(4 + 36 * p.intensity));
      // A few names that do not exist: sprayers work from guessed lists.
      users.push(...['administrator', 'scanner', 'reception'].slice(0, rng.int(0, 3)));
      const ip = publicIp(rng, rng.pick(ATTACKER_COUNTRIES));
      const success = k % 2 === 1;
      const inc = p.incident('spray', success ? ['T1110.003', 'T1078'] : ['T1110.003'], `password spraying over ${variant} against ${users.length} accounts${success ? ', one of which worked' : ''}`, variant);
      inc.entity('ip', ip);
      for (const u of users) inc.entity('user', u);
      const gapMs = (3 + 90 * (1 - p.intensity)) * 1000;
      const startMin = rng.int(0, 1380);
      return {
        day, incident: inc,
        run(ctx, i) {
          let t = ctx.t0 + startMin * MIN;
          const real = new Set(ctx.world.staff.map((s) => s.username));
          for (const u of users) {
            t += Math.round(gapMs * (0.5 + rng.next()));
            attempt(ctx, i, rng, variant, t, u, ip, false, real.has(u));
          }
          if (success) attempt(ctx, i, rng, variant, t + rng.int(30, 300) * 1000, users[0]!, ip, true, true);
        },
      };
    });
  },
};
