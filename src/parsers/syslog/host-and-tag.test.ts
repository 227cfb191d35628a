import { describe, expect, it } from 'vitest';
import { parseHostAndTag, type HostAndTag } from './host-and-tag.js';

function parse(s: string): HostAndTag {
  const out: HostAndTag = { message: '' };
  parseHostAndTag(s, 0, out);
  return out;
}

describe('parseHostAndTag', () => {
  it('reads HOST prog[pid]: msg, HOST prog: msg and HOST prog[pid] msg', () => {
    expect(parse('LabSZ sshd[24200]: Invalid user webmaster')).toEqual({ hostname: 'LabSZ', appname: 'sshd', procid: '24200', message: 'Invalid user webmaster' });
    expect(parse('combo kernel: Linux version')).toEqual({ hostname: 'combo', appname: 'kernel', message: 'Linux version' });
    expect(parse('h prog[7] text')).toEqual({ hostname: 'h', appname: 'prog', procid: '7', message: 'text' });
    expect(parse('h CRON[1]:')).toEqual({ hostname: 'h', appname: 'CRON', procid: '1', message: '' });
  });

  it('splits an old Red Hat PAM tag', () => {
    expect(parse('combo sshd(pam_unix)[19939]: check pass; user unknown')).toEqual({
      hostname: 'combo', appname: 'sshd', pamModule: 'pam_unix', procid: '19939', message: 'check pass; user unknown',
    });
    // Parentheses that are not a PAM module stay in the name.
    expect(parse('h foo(bar)[1]: x').appname).toBe('foo(bar)');
  });

  it('copes with the quirks of real files', () => {
    expect(parse('combo syslogd 1.4.1: restart.')).toEqual({ hostname: 'combo', appname: 'syslogd', message: 'restart.' });
    expect(parse('combo  -- root[2421]: ROOT LOGIN ON tty2')).toEqual({ hostname: 'combo', appname: 'root', procid: '2421', message: 'ROOT LOGIN ON tty2' });
    expect(parse('su[12]: no hostname')).toEqual({ appname: 'su', procid: '12', message: 'no hostname' });
    expect(parse('10.0.0.99 Use the BFG!')).toEqual({ hostname: '10.0.0.99', message: 'Use the BFG!' });
    expect(parse('fe80:: x: y')).toEqual({ hostname: 'fe80::', appname: 'x', message: 'y' });
    expect(parse('h prog[unterminated: x')).toEqual({ hostname: 'h', message: 'prog[unterminated: x' });
    expect(parse('onlyhost')).toEqual({ hostname: 'onlyhost', message: '' });
  });
});
