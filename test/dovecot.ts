import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = '/usr/sbin/dovecot';

/** Why a real Dovecot cannot run here (undefined: it can). Dovecot needs root to switch to the mail user. */
export function dovecotMissing(): string | undefined {
  if (!existsSync(DOVECOT)) return `${DOVECOT} not installed (apt-get install dovecot-imapd)`;
  if (process.getuid?.() !== 0) return 'needs root (Dovecot switches to the mail user)';
  return undefined;
}

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});

/** A running Dovecot of our own (IMAP, plain on 127.0.0.1, one passwd-file user, Maildir). */
export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  client(): ImapFlow;
  stop(): Promise<void>;
}

/**
 * Start Dovecot in a temp dir on a free port with one user (the IMAP intake and quarantine tests share it); waits
 * until a login works. Mail belongs to `nobody` (Dovecot refuses uid 0 for mail).
 */
export async function startDovecot(user = 'wardwatch', pass = `pw-${process.pid}-${Date.now()}`): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  for (const d of ['run', 'home']) mkdirSync(join(dir, d));
  chownSync(join(dir, 'home'), 65534, 65534);
  // Readable by Dovecot's auth process (it does not run as root); a throwaway password in a temp dir.
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}:::::\n`);
  writeFileSync(join(dir, 'dovecot.conf'), [
    `base_dir = ${join(dir, 'run')}`, `state_dir = ${join(dir, 'run')}`, 'listen = 127.0.0.1', 'protocols = imap', 'ssl = no',
    'disable_plaintext_auth = no', 'auth_mechanisms = plain login', `log_path = ${join(dir, 'dovecot.log')}`, 'first_valid_uid = 1000',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}\n}`,
    `userdb {\n  driver = static\n  args = uid=65534 gid=65534 home=${join(dir, 'home')}/%u\n}`,
    'mail_location = maildir:~/Maildir',
    `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service stats {\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
  ].join('\n'));
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const client = () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
    c.on('error', () => {});
    return c;
  };
  const until = Date.now() + 20_000;
  for (;;) {
    const c = client();
    try {
      await c.connect();
      await c.logout();
      break;
    } catch (err) {
      c.close();
      if (Date.now() > until || child.exitCode !== null) {
        child.kill('SIGTERM'); // never leave a server behind a failed start
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    port, user, pass, client,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
