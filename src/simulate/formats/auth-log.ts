import { bsdTime } from './time.js';

/**
 * One auth.log line as rsyslog writes it to a file (RFC 3164 without `<PRI>`).
 *
 * @example
 * authLine(Date.UTC(2026, 0, 5, 2, 14, 9), 'bastion01', 'sshd', 812, 'Failed password for root from 203.0.113.7 port 40022 ssh2')
 * // 'Jan  5 02:14:09 bastion01 sshd[812]: Failed password for root from 203.0.113.7 port 40022 ssh2'
 */
export function authLine(t: number, host: string, program: string, pid: number | undefined, msg: string): string {
  return `${bsdTime(t)} ${host} ${program}${pid === undefined ? '' : `[${pid}]`}: ${msg}`;
}

/** sshd messages as OpenSSH writes them. */
export const sshd = {
  failed: (user: string, ip: string, port: number, invalid = false) =>
    `Failed password for ${invalid ? 'invalid user ' : ''}${user} from ${ip} port ${port} ssh2`,
  invalidUser: (user: string, ip: string, port: number) => `Invalid user ${user} from ${ip} port ${port}`,
  accepted: (user: string, ip: string, port: number, method: 'password' | 'publickey') =>
    `Accepted ${method} for ${user} from ${ip} port ${port} ssh2${method === 'publickey' ? ': RSA SHA256:' + 'k3Yq8mZQvX0pT2yqHnYw1s9LrGxD4uJcB7eFhNaKoWc' : ''}`,
  pamFailure: (ip: string, user?: string) =>
    `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${user ? `  user=${user}` : ''}`,
  sessionOpened: (user: string, uid: number) => `pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)`,
  sessionClosed: (user: string) => `pam_unix(sshd:session): session closed for user ${user}`,
  disconnected: (user: string, ip: string, port: number) => `Disconnected from user ${user} ${ip} port ${port}`,
  closedPreauth: (ip: string, port: number) => `Connection closed by ${ip} port ${port} [preauth]`,
};

/** sudo and cron lines. */
export const misc = {
  sudo: (user: string, cmd: string) => `${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=${cmd}`,
  sudoSession: (user: string) => `pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=0)`,
  cronOpened: () => 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)',
  cronClosed: () => 'pam_unix(cron:session): session closed for user root',
};
