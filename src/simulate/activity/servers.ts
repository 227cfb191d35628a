import { HOUR, MIN, type DayCtx } from '../context.js';
import { authLine, misc, sshd } from '../formats/auth-log.js';

const SUDO = ['/usr/bin/systemctl restart nginx', '/usr/bin/journalctl -u ehr-app --since today', '/usr/bin/apt-get update', '/usr/bin/df -h', '/usr/bin/tail -n 200 /var/log/syslog', '/usr/sbin/logrotate -f /etc/logrotate.conf', '/usr/bin/systemctl status mirth'];

/**
 * Linux servers' auth.log on an ordinary day: hourly cron sessions, nightly backups by a
 * service account, and IT admins logging in with keys through the bastion, using sudo, and
 * now and then mistyping a password.
 */
export function runServers(ctx: DayCtx): void {
  const { world, rng, emit, t0, dow, day } = ctx;
  const linux = world.servers.filter((s) => s.os === 'linux');
  const bastion = world.servers.find((s) => s.role === 'bastion')!;
  const backup = world.servers.find((s) => s.name === 'app01') ?? bastion;
  for (const srv of linux) {
    for (let h = 0; h < 24; h++) {
      const t = t0 + h * HOUR + 17 * MIN;
      const pid = rng.int(2000, 60000);
      emit('auth', t, authLine(t, srv.name, 'CRON', pid, misc.cronOpened()));
      emit('auth', t + 1000, authLine(t + 1000, srv.name, 'CRON', pid, misc.cronClosed()));
    }
    if (srv !== backup) {
      const t = t0 + HOUR + rng.int(0, 40) * MIN;
      const pid = rng.int(2000, 60000);
      const port = rng.int(32768, 60999);
      emit('auth', t, authLine(t, srv.name, 'sshd', pid, sshd.accepted('svc_backup', backup.ip, port, 'publickey')));
      emit('auth', t, authLine(t, srv.name, 'sshd', pid, sshd.sessionOpened('svc_backup', 998)));
      const e = t + rng.int(2, 25) * MIN;
      emit('auth', e, authLine(e, srv.name, 'sshd', pid, sshd.disconnected('svc_backup', backup.ip, port)));
      emit('auth', e, authLine(e, srv.name, 'sshd', pid, sshd.sessionClosed('svc_backup')));
    }
  }
  const admins = world.staff.filter((s) => s.adminAccount && (s.terminatedDay === undefined || day < s.terminatedDay));
  for (const adm of admins) {
    // Weekdays, plus an on-call check at night now and then.
    const sessions = dow < 5 ? rng.int(2, 6) : rng.chance(0.3) ? 1 : 0;
    const ws = world.workstations.find((w) => w.name === adm.workstation)?.ip ?? '10.20.0.2';
    for (let i = 0; i < sessions; i++) {
      const t = dow < 5 && rng.chance(0.9) ? t0 + (8 * 60 + rng.int(0, 540)) * MIN : t0 + rng.int(0, 1439) * MIN;
      const user = adm.adminAccount!;
      const hop = rng.pick(linux.filter((s) => s !== bastion));
      let tt = t;
      for (const [srv, from] of [[bastion, ws], [hop, bastion.ip]] as const) {
        const pid = rng.int(2000, 60000);
        const port = rng.int(32768, 60999);
        const method = srv === bastion && rng.chance(0.15) ? 'password' : 'publickey';
        if (method === 'password' && rng.chance(0.05)) {
          emit('auth', tt, authLine(tt, srv.name, 'sshd', pid, sshd.pamFailure(from, user)));
          emit('auth', tt + 2000, authLine(tt + 2000, srv.name, 'sshd', pid, sshd.failed(user, from, port)));
          tt += 6000;
        }
        emit('auth', tt, authLine(tt, srv.name, 'sshd', pid, sshd.accepted(user, from, port, method)));
        emit('auth', tt, authLine(tt, srv.name, 'sshd', pid, sshd.sessionOpened(user, 1001 + admins.indexOf(adm))));
        if (srv !== bastion) {
          for (let k = 0, n = rng.int(0, 3); k < n; k++) {
            const ts = tt + rng.int(1, 20) * MIN;
            emit('auth', ts, authLine(ts, srv.name, 'sudo', undefined, misc.sudo(user, rng.pick(SUDO))));
            emit('auth', ts, authLine(ts, srv.name, 'sudo', undefined, misc.sudoSession(user)));
          }
        }
        const te = tt + rng.int(25, 60) * MIN;
        emit('auth', te, authLine(te, srv.name, 'sshd', pid, sshd.disconnected(user, from, port)));
        emit('auth', te, authLine(te, srv.name, 'sshd', pid, sshd.sessionClosed(user)));
        tt += rng.int(5, 40) * 1000;
      }
    }
  }
}
