import { describe, expect, it } from 'vitest';
import type { DraftEvent } from '../common/draft-event.js';
import { parseAuthMessage } from './index.js';

function sshd(message: string): DraftEvent | undefined {
  const ev: DraftEvent = { '@timestamp': '2026-01-05T10:00:00.000Z', event: { kind: 'event', module: 'syslog' } };
  return parseAuthMessage('sshd', message, ev) ? ev : undefined;
}

describe('sshd messages', () => {
  it('Failed/Accepted with any method, key suffixes and host names', () => {
    expect(sshd('Failed none for invalid user guest from 10.0.0.5 port 2222 ssh2')).toMatchObject({
      event: { action: 'ssh_login', outcome: 'failure' }, user: { name: 'guest' }, wardwatch: { auth_method: 'none', invalid_user: true },
    });
    expect(sshd('Accepted publickey for deploy from 10.0.0.6 port 40000 ssh2: RSA SHA256:abc')).toMatchObject({
      event: { action: 'ssh_login', outcome: 'success' }, user: { name: 'deploy' }, source: { ip: '10.0.0.6', port: 40000 },
    });
    // sshd with UseDNS writes the client's name.
    expect(sshd('Failed password for root from host.example.net port 1 ssh2')?.source).toEqual({ domain: 'host.example.net', port: 1 });
    expect(sshd('Failed password for root from 2001:db8::7 port 22 ssh2')?.source).toEqual({ ip: '2001:db8::7', port: 22 });
  });

  it('reads user names with spaces (attackers choose them) from the right', () => {
    expect(sshd('Failed password for invalid user admin from 1.2.3.4 from 5.6.7.8 port 9 ssh2')).toMatchObject({
      user: { name: 'admin from 1.2.3.4' }, source: { ip: '5.6.7.8', port: 9 },
    });
    expect(sshd('Invalid user  from 5.6.7.8')).toMatchObject({ event: { action: 'ssh_invalid_user' }, source: { ip: '5.6.7.8' } });
    expect(sshd('Invalid user  from 5.6.7.8')?.user).toBeUndefined();
    expect(sshd('Invalid user a b from 5.6.7.8 port 22')?.user).toEqual({ name: 'a b' });
  });

  it('disconnect variants of old and new OpenSSH', () => {
    expect(sshd('Connection closed by 173.234.31.186 [preauth]')).toMatchObject({ event: { action: 'ssh_disconnect', category: ['network'] }, source: { ip: '173.234.31.186' } });
    expect(sshd('Connection closed by invalid user oracle 1.2.3.4 port 5 [preauth]')).toMatchObject({ user: { name: 'oracle' }, source: { ip: '1.2.3.4', port: 5 }, wardwatch: { invalid_user: true } });
    expect(sshd('Disconnected from user alice 1.2.3.4 port 5')).toMatchObject({ user: { name: 'alice' }, source: { port: 5 } });
    expect(sshd('Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]')).toMatchObject({ event: { reason: 'Bye Bye' }, source: { ip: '1.2.3.4' } });
    expect(sshd('Received disconnect from 1.2.3.4 port 5:11: Bye Bye [preauth]')).toMatchObject({ event: { reason: 'Bye Bye' }, source: { ip: '1.2.3.4', port: 5 } });
    expect(sshd('Received disconnect from 2001:db8::1 port 5:11: disconnected by user')?.source).toEqual({ ip: '2001:db8::1', port: 5 });
    expect(sshd('error: Received disconnect from 1.2.3.4: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]')?.event.reason).toBe('com.jcraft.jsch.JSchException: Auth fail');
  });

  it('break-in warnings and give-ups', () => {
    expect(sshd('Address 1.2.3.4 maps to evil.example.com, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!')).toMatchObject({
      event: { action: 'ssh_reverse_mapping_failed' }, source: { ip: '1.2.3.4', domain: 'evil.example.com' },
    });
    expect(sshd('error: maximum authentication attempts exceeded for root from 1.2.3.4 port 5 ssh2 [preauth]')).toMatchObject({
      event: { action: 'ssh_max_auth_exceeded', outcome: 'failure', type: ['info'] }, user: { name: 'root' }, source: { ip: '1.2.3.4', port: 5 },
    });
    expect(sshd('Disconnecting authenticating user root 1.2.3.4 port 5: Too many authentication failures [preauth]')).toMatchObject({
      event: { action: 'ssh_max_auth_exceeded' }, user: { name: 'root' }, source: { ip: '1.2.3.4', port: 5 },
    });
  });

  it('message repeated: unwraps the inner message and sets wardwatch.repeat', () => {
    expect(sshd('message repeated 3 times: [ Failed password for root from 1.2.3.4 port 5 ssh2]')).toMatchObject({
      event: { action: 'ssh_login', outcome: 'failure' }, wardwatch: { repeat: 3, auth_method: 'password' },
    });
    expect(sshd('message repeated 2 times: [ Server listening on :: port 22.]')).toBeUndefined();
    expect(sshd('message repeated many times: [ x]')).toBeUndefined();
  });

  it('leaves other sshd messages unrecognised', () => {
    for (const m of ['Server listening on 0.0.0.0 port 22.', 'input_userauth_request: invalid user admin [preauth]', 'Failed', 'Failed password', 'Accepted x', '', 'error: ', 'Received disconnect from ']) {
      expect(sshd(m), m).toBeUndefined();
    }
  });
});

describe('programs and PAM', () => {
  const parse = (app: string | undefined, message: string, pamHint?: string) => {
    const ev: DraftEvent = { '@timestamp': '2026-01-05T10:00:00.000Z', event: { kind: 'event', module: 'syslog' } };
    if (pamHint) ev.wardwatch = { pam: { module: pamHint } };
    return parseAuthMessage(app, message, ev) ? ev : undefined;
  };

  it('recognises pam_*(svc:type) lines from any program', () => {
    expect(parse('systemd-logind', 'pam_unix(login:session): session opened for user kiosk(uid=1005) by LOGIN(uid=0)')).toMatchObject({
      event: { action: 'session_opened' }, user: { name: 'kiosk', id: '1005' }, process: { real_user: { name: 'LOGIN', id: '0' } },
    });
    expect(parse(undefined, 'pam_unix(sshd:auth): check pass; user unknown')?.event.action).toBe('pam_user_unknown');
  });

  it('recognises bare PAM bodies only from auth programs or with a PAM tag hint', () => {
    const body = 'authentication failure; logname= uid=0 euid=0 tty=:0 ruser= rhost= ';
    expect(parse('gdm', body, 'pam_unix')?.event.action).toBe('pam_authentication_failure');
    expect(parse('gdm', body)).toBeUndefined();
    expect(parse('su', 'session closed for user news')?.event.action).toBe('session_closed');
    expect(parse('sshd', 'PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4')).toMatchObject({
      event: { action: 'pam_more_auth_failures', type: ['info'] }, wardwatch: { repeat: 1 }, source: { ip: '1.2.3.4' },
    });
  });

  it('rhost names and empty rhost', () => {
    expect(parse('sshd', 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=bad.example.org  user=root')).toMatchObject({
      source: { domain: 'bad.example.org' }, related: { hosts: ['bad.example.org'], user: ['root'] },
    });
    expect(parse('sshd', 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=')?.source).toBeUndefined();
  });

  it('klogind and ftpd', () => {
    expect(parse('klogind', 'Authentication failed from 163.27.187.39 (host.example.tw): Software caused connection abort')).toMatchObject({
      event: { action: 'klogind_auth_failure', outcome: 'failure', reason: 'Software caused connection abort' },
      source: { ip: '163.27.187.39', domain: 'host.example.tw' },
    });
    expect(parse('klogind', 'Kerberos authentication failed')?.event).toMatchObject({ action: 'kerberos_auth_failure', category: ['authentication'], outcome: 'failure' });
    expect(parse('ftpd', 'connection from 222.33.90.199 () at Sun Jul 10 03:55:15 2005')?.source).toEqual({ ip: '222.33.90.199' });
    expect(parse('ftpd', 'FTP LOGIN FROM 10.1.1.1 [10.1.1.1], webadmin')).toMatchObject({ event: { action: 'ftp_login', outcome: 'success' }, user: { name: 'webadmin' } });
  });

  it('ROOT LOGIN is recognised whatever the ident', () => {
    expect(parse('root', 'ROOT LOGIN ON tty2')).toMatchObject({ event: { action: 'login', outcome: 'success' }, user: { name: 'root' } });
    expect(parse('login', 'LOGIN ON tty1 BY alice FROM 10.0.0.1')).toMatchObject({ user: { name: 'alice' }, source: { ip: '10.0.0.1' } });
    expect(parse('login', 'FAILED LOGIN 1 FROM tty1 FOR root, Authentication failure')).toMatchObject({ event: { outcome: 'failure' }, user: { name: 'root' } });
    expect(parse('login', 'FAILED LOGIN 1 FROM tty1 FOR root, Authentication failure')?.source).toBeUndefined();
  });

  it('leaves unknown programs alone', () => {
    expect(parse('kernel', 'Failed password for root from 1.2.3.4 port 5 ssh2')).toBeUndefined();
    expect(parse(undefined, 'Accepted password for root from 1.2.3.4 port 5 ssh2')).toBeUndefined();
  });
});
