import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import type { DraftEvent } from '../common/draft-event.js';
import { AUTH_PROGRAMS, linuxAuthParser, parseAuthMessage } from './index.js';

const parser = linuxAuthParser.build(linuxAuthParser.config.parse({}), { dataDir: '/tmp' });
const rec = (data: string) => ({ data, source: 'file:/var/log/auth.log', offset: 3, receivedAt: Date.UTC(2026, 0, 2) });

describe('linux-auth parser (the syslog parser that requires an auth message)', () => {
  it('parses recognised auth lines like syslog does', () => {
    const [e] = parser.parse(rec('Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186'));
    expect(e).toMatchObject({
      '@timestamp': '2025-12-10T06:55:46.000Z',
      event: { module: 'linux-auth', action: 'ssh_invalid_user' },
      user: { name: 'webmaster' },
      log: { syslog: { hostname: 'LabSZ', appname: 'sshd', procid: '24200' } },
    });
    expect(parser.name).toBe('linux-auth');
  });

  it('dead-letters messages it does not recognise, naming the program', () => {
    expect(() => parser.parse(rec('Dec 10 06:55:46 LabSZ sshd[24200]: Server listening on :: port 22.'))).toThrow(
      'file:/var/log/auth.log:3: not a recognised Linux auth message from "sshd"',
    );
    expect(() => parser.parse(rec('Jun 19 04:09:11 combo kernel: Linux version 2.6.5'))).toThrow(ParseError);
    expect(() => parser.parse(rec('<13>hello'))).toThrow('(no program name)');
    expect(() => parser.parse(rec('garbage'))).toThrow('not a syslog line');
  });

  it('shares the syslog configuration (timezone) and has no sniff (syslog is the better guess)', () => {
    expect(linuxAuthParser.config.parse({ timezone: 'Europe/Berlin' })).toEqual({ timezone: 'Europe/Berlin' });
    expect(linuxAuthParser.sniff).toBeUndefined();
  });
});

describe('parseAuthMessage', () => {
  it('knows the auth programs', () => {
    expect([...AUTH_PROGRAMS]).toEqual(expect.arrayContaining(['sshd', 'sudo', 'su', 'login', 'useradd', 'groupadd', 'usermod', 'userdel', 'passwd', 'klogind', 'ftpd']));
  });

  it('never throws, whatever the program and message', () => {
    const app = fc.constantFrom<string | undefined>(undefined, ...AUTH_PROGRAMS, 'cron');
    const prefix = fc.constantFrom('', 'Failed ', 'Accepted ', 'Invalid user ', 'Connection closed by ', 'Disconnecting ', 'Received disconnect from ',
      'message repeated 2 times: [ ', 'pam_unix(', 'PAM ', 'session opened for user ', '   alice : ', "add '", 'new user: ', "'su ", '+ ', '(to ',
      'FAILED LOGIN ', 'connection from ', 'Authentication failed from ', 'error: ', 'reverse mapping checking getaddrinfo for ');
    fc.assert(
      fc.property(app, prefix, fc.string({ maxLength: 80 }), (a, p, s) => {
        const ev: DraftEvent = { '@timestamp': 'x', event: { kind: 'event' } };
        const ok = parseAuthMessage(a, p + s, ev);
        expect(typeof ok).toBe('boolean');
        if (!ok) expect(ev.event.action).toBeUndefined();
        else expect(ev.event.module).toBe('linux-auth');
      }),
      { numRuns: 5000 },
    );
  });
});
