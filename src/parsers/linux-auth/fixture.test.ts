import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { syslogParser } from '../syslog/index.js';

/**
 * auth.log lines of sudo, su, login, useradd & co. and sshd as current distributions write
 * them (composed for this test), each with the ECS fields it must produce.
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/auth-sample.log', import.meta.url));
const REF = Date.UTC(2026, 0, 5, 12);

const auth = (action: string, category: string, type: string[], outcome?: string) => ({
  module: 'linux-auth', dataset: 'linux.auth', action, category: [category], type, ...(outcome ? { outcome } : {}),
});

/** Expected fields by 1-based line number; `null` = a known program's message left unrecognised. */
const EXPECTED: Record<number, Record<string, unknown> | null> = {
  1: { event: auth('session_opened', 'session', ['start'], 'success'), user: { name: 'root', id: '0' }, process: { name: 'CRON', pid: 2210, real_user: { id: '0' } }, wardwatch: { pam: { module: 'pam_unix', service: 'cron', type: 'session' } } },
  2: { event: auth('session_closed', 'session', ['end'], 'success'), user: { name: 'root' } },
  3: {
    event: auth('sudo_command', 'process', ['start'], 'success'),
    user: { name: 'alice', effective: { name: 'root' }, target: { name: 'root' } },
    process: { name: 'sudo', command_line: '/usr/bin/systemctl restart nginx', executable: '/usr/bin/systemctl', working_directory: '/home/alice' },
    related: { user: ['alice', 'root'] },
  },
  4: { event: auth('session_opened', 'session', ['start'], 'success'), user: { name: 'root', id: '0' }, process: { real_user: { name: 'alice', id: '1000' } }, related: { user: ['root', 'alice'] } },
  5: { event: auth('session_closed', 'session', ['end'], 'success') },
  6: { event: auth('pam_authentication_failure', 'authentication', ['start'], 'failure'), user: { name: 'mallory' }, source: undefined },
  7: { event: { ...auth('sudo_auth_failure', 'authentication', ['start'], 'failure'), reason: '3 incorrect password attempts' }, user: { name: 'mallory', effective: { name: 'root' } }, process: { command_line: '/bin/cat /etc/shadow' }, wardwatch: { repeat: 3 } },
  8: { event: auth('sudo_not_in_sudoers', 'process', ['start'], 'failure'), user: { name: 'bob', target: { name: 'root' } }, process: { command_line: '/bin/bash' } },
  9: { event: auth('sudo_command_not_allowed', 'process', ['start'], 'failure'), user: { name: 'alice' }, process: { working_directory: '/tmp' } },
  10: { event: auth('sudo_auth_failure', 'authentication', ['start'], 'failure'), user: { effective: { name: 'postgres' } }, process: { command_line: '/usr/bin/psql -c select 1 ; drop table x' }, wardwatch: { repeat: 1 } },
  11: { event: auth('su', 'authentication', ['start'], 'failure'), user: { name: 'mallory', effective: { name: 'root' }, target: { name: 'root' } } },
  12: { event: auth('su', 'authentication', ['start'], 'success'), user: { name: 'alice', effective: { name: 'root' } } },
  13: { event: auth('su', 'authentication', ['start'], 'success'), user: { name: 'alice', target: { name: 'root' } } },
  14: { event: auth('su', 'authentication', ['start'], 'failure'), user: { name: 'mallory', target: { name: 'root' } } },
  15: { event: auth('su', 'authentication', ['start'], 'success'), user: { name: 'alice', effective: { name: 'root' } }, process: { pid: 3301 } },
  16: { event: auth('su', 'authentication', ['start'], 'failure'), user: { name: 'mallory', effective: { name: 'root' } } },
  17: { event: auth('pam_authentication_failure', 'authentication', ['start'], 'failure'), user: { name: 'root' }, related: { user: ['root', 'mallory'] } },
  18: { event: auth('session_opened', 'session', ['start'], 'success'), user: { name: 'root' }, process: { real_user: { name: 'alice', id: '1000' } } },
  19: { event: auth('group_created', 'iam', ['group', 'creation'], 'success'), group: { name: 'bob', id: '1002' } },
  20: { event: auth('user_created', 'iam', ['user', 'creation'], 'success'), user: { target: { name: 'bob', id: '1002', group: { id: '1002' } } }, related: { user: ['bob'] } },
  21: { event: auth('group_member_added', 'iam', ['group', 'change'], 'success'), user: { target: { name: 'bob' } }, group: { name: 'sudo' } },
  22: null,
  23: { event: auth('password_changed', 'iam', ['user', 'change'], 'success'), user: { target: { name: 'bob' } } },
  24: { event: auth('password_changed', 'iam', ['user', 'change'], 'success'), user: { name: 'root', target: { name: 'bob' } } },
  25: null,
  26: { event: auth('group_created', 'iam', ['group', 'creation'], 'success'), group: { name: 'devs', id: '1003' } },
  27: { event: auth('user_deleted', 'iam', ['user', 'deletion'], 'success'), user: { target: { name: 'bob' } } },
  28: { event: auth('group_deleted', 'iam', ['group', 'deletion'], 'success'), group: { name: 'bob' } },
  29: { event: auth('group_member_added', 'iam', ['group', 'change'], 'success'), user: { name: 'root', target: { name: 'carol' } }, group: { name: 'devs' } },
  30: { event: auth('group_member_removed', 'iam', ['group', 'change'], 'success'), user: { target: { name: 'carol' } }, group: { name: 'devs' } },
  31: { event: auth('ssh_login', 'authentication', ['start'], 'success'), user: { name: 'alice' }, source: { ip: '198.51.100.7', port: 50122 }, wardwatch: { auth_method: 'publickey' }, related: { ip: ['198.51.100.7'], user: ['alice'] } },
  32: { event: auth('session_opened', 'session', ['start'], 'success'), user: { name: 'alice', id: '1000' } },
  33: { event: auth('ssh_login', 'authentication', ['start'], 'failure'), user: { name: 'root' }, source: { ip: '203.0.113.50', port: 41000 }, wardwatch: { auth_method: 'publickey' } },
  34: { event: auth('ssh_disconnect', 'network', ['connection', 'end']), user: { name: 'root' }, source: { ip: '203.0.113.50', port: 41000 } },
  35: { event: auth('ssh_invalid_user', 'authentication', ['info'], 'failure'), user: { name: 'admin' }, source: { ip: '203.0.113.51', port: 52000 }, wardwatch: { invalid_user: true } },
  36: { event: auth('ssh_login', 'authentication', ['start'], 'failure'), user: { name: 'admin' }, source: { ip: '203.0.113.51', port: 52000 }, wardwatch: { auth_method: 'password', invalid_user: true } },
  37: { event: auth('ssh_max_auth_exceeded', 'authentication', ['info'], 'failure'), user: { name: 'admin' }, source: { ip: '203.0.113.51', port: 52000 }, wardwatch: { invalid_user: true } },
  38: { event: auth('ssh_max_auth_exceeded', 'authentication', ['info'], 'failure'), user: { name: 'admin' }, source: { ip: '203.0.113.51', port: 52000 } },
  39: { event: auth('ssh_disconnect', 'network', ['connection', 'end']), user: { name: 'admin' }, source: { ip: '203.0.113.51', port: 52000 }, wardwatch: { invalid_user: true } },
  40: { event: { ...auth('ssh_disconnect', 'network', ['connection', 'end']), reason: 'disconnected by user' }, source: { ip: '198.51.100.7', port: 50122 } },
  41: { event: auth('ssh_login', 'authentication', ['start'], 'success'), user: { name: 'carol' }, source: { ip: '2001:db8::42', port: 60000 }, wardwatch: { auth_method: 'keyboard-interactive/pam' } },
  42: { event: { ...auth('login', 'authentication', ['start'], 'failure'), reason: 'Authentication failure' }, user: { name: 'root' } },
  43: { event: auth('login', 'authentication', ['start'], 'success'), user: { name: 'root' } },
  44: { event: auth('ssh_disconnect', 'network', ['connection', 'end']), source: { ip: '203.0.113.52', port: 33000 } },
  45: null,
};

describe('linux-auth: composed auth.log fixture', () => {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.length > 0);
  const parser = syslogParser.build({ timezone: 'UTC' }, { dataDir: '/tmp' });

  it('has an expectation for every line', () => {
    expect(Object.keys(EXPECTED).map(Number)).toEqual(lines.map((_, i) => i + 1));
  });

  it.each(lines.map((line, i) => [i + 1, line] as const))('line %i: %s', (n, line) => {
    const [e] = parser.parse({ data: line, source: 'fixture', offset: n, receivedAt: REF, referenceTime: REF });
    const want = EXPECTED[n];
    expect(e!.host).toEqual({ name: 'web01' });
    expect(e!['@timestamp']).toMatch(/^2026-01-05T/);
    if (want === null) {
      expect(e!.event).toEqual({ kind: 'event', module: 'syslog' });
      return;
    }
    const { source, ...rest } = want!;
    expect(e).toMatchObject(rest);
    if ('source' in want!) {
      if (source === undefined) expect(e!.source).toBeUndefined();
      else expect(e!.source).toEqual(source);
    }
  });
});
