import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/api/auth/passwords.js';
import { tokenChecker } from '../src/api/tokens.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { UserRepo } from '../src/store/sqlite/users.js';
import type { Alert } from '../src/core/alert.js';
import { CLI, cli, tempDir } from './helpers.js';

function fakeAlert(i: number): Alert {
  const t = new Date(Date.parse('2026-03-01T00:00:00Z') + i * 60_000).toISOString();
  return {
    id: `al_fh_${String(i).padStart(6, '0')}`, time: t, created: t, title: `Brute force against account u${i % 50}`, severity: 'high',
    detector: 'auth.bruteforce', rule: 'auth.bruteforce', entities: [{ type: 'user', id: `u${i % 50}` }], techniques: ['T1110.001'],
    status: 'open', firstSeen: t, lastSeen: t,
    explanation: { summary: 's', factors: [], evidence: [], evidenceCount: 0, text: '12 failed logins' },
  };
}

// The findings of a newcomer's first hour with the CLI (issue 13, "The first hour").
describe('read commands on a store with alerts', { timeout: 240_000 }, () => {
  const tmp = tempDir();
  beforeAll(async () => {
    const store = SqliteStore.open(tmp.dir);
    store.insertAlerts(Array.from({ length: 1000 }, (_, i) => fakeAlert(i)));
    new UserRepo(store.db).create('admin', 'admin', await hashPassword('initial-password-1'));
    store.close();
  });
  afterAll(() => tmp.cleanup());

  it('`alerts | head` ends quietly when the reader goes away (no EPIPE crash)', async () => {
    const child = spawn(process.execPath, [CLI, 'alerts', '--data-dir', tmp.dir, '-n', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('a mistyped --data-dir is an error naming the path, and creates nothing', () => {
    const wrong = join(tmp.dir, 'no-such-dir');
    for (const cmd of [['alerts'], ['events'], ['users', 'list'], ['tokens', 'list'], ['context', 'stats']]) {
      const r = cli([...cmd, '--data-dir', wrong]);
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.stderr).toContain(wrong);
      expect(r.stderr).toMatch(/no Wardwatch store/);
    }
    expect(existsSync(wrong)).toBe(false);
  });

  it('unknown names are errors that list the valid ones, not "No alerts."', () => {
    const det = cli(['alerts', '--data-dir', tmp.dir, '--detector', 'nope']);
    expect(det.code).toBe(1);
    expect(det.stderr).toMatch(/--detector: unknown value "nope" \(valid: .*auth\.bruteforce.*auth\.spray/);
    expect(cli(['alerts', '--data-dir', tmp.dir, '--detector', 'auth.bruteforce', '-n', '1']).stdout).toMatch(/Brute force/);
    expect(cli(['alerts', '--data-dir', tmp.dir, '--severity', 'urgent']).stderr).toMatch(/--severity: unknown value "urgent" \(valid: critical, high, low, medium\)/);
    expect(cli(['events', '--data-dir', tmp.dir, '--category', 'authentification']).stderr).toMatch(/--category: unknown value "authentification" \(valid: .*authentication/);
  });

  it('`users reset-password` sets a new password (printed once, or from stdin), ends sessions and is audited', async () => {
    const r = cli(['users', 'reset-password', 'admin', '--data-dir', tmp.dir, '--json']);
    expect(r.code).toBe(0);
    const { password } = JSON.parse(r.stdout) as { password: string };
    expect(password.length).toBeGreaterThanOrEqual(12);
    const check = async (pw: string) => {
      const store = SqliteStore.open(tmp.dir);
      try {
        return await verifyPassword(new UserRepo(store.db).findForLogin('admin')!.hash, pw);
      } finally {
        store.close();
      }
    };
    expect(await check(password)).toBe(true);
    expect(await check('initial-password-1')).toBe(false);

    const child = spawn(process.execPath, [CLI, 'users', 'reset-password', 'admin', '--data-dir', tmp.dir, '--password-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end('from-stdin-password-9\n');
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    expect(await new Promise((res) => child.once('exit', res))).toBe(0);
    expect(out).not.toContain('from-stdin-password-9');
    expect(await check('from-stdin-password-9')).toBe(true);

    expect(cli(['users', 'reset-password', 'admin', '--data-dir', tmp.dir], { WARDWATCH_NEW_PASSWORD: 'short' }).stderr).toMatch(/at least 12/);
    expect(cli(['users', 'reset-password', 'nobody', '--data-dir', tmp.dir]).stderr).toMatch(/no user "nobody" \(users: admin\)/);

    const store = SqliteStore.open(tmp.dir);
    const audit = store.db.prepare("SELECT actor, action, target, detail FROM audit WHERE action = 'user_password_reset'").all() as Array<{ actor: string; target: string; detail: string }>;
    store.close();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor).toMatch(/^local:/);
    expect(audit[0]!.target).toBe('user:admin');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ via: 'cli' });
  });

  it('`tokens create` prints a working token once; list shows names only; revoke and --replace work; all audited', () => {
    const made = JSON.parse(cli(['tokens', 'create', 'siem', '--data-dir', tmp.dir, '--json']).stdout) as { token: string };
    expect(tokenChecker(tmp.dir)(made.token)).toBe('siem');
    expect(cli(['tokens', 'create', 'siem', '--data-dir', tmp.dir]).stderr).toMatch(/exists \(use --replace/);
    const again = JSON.parse(cli(['tokens', 'create', 'siem', '--replace', '--data-dir', tmp.dir, '--json']).stdout) as { token: string };
    const check = tokenChecker(tmp.dir);
    expect(check(again.token)).toBe('siem');
    expect(check(made.token)).toBeUndefined();
    const list = cli(['tokens', 'list', '--data-dir', tmp.dir]).stdout;
    expect(list).toMatch(/siem/);
    expect(list).not.toContain(again.token);
    expect(readFileSync(join(tmp.dir, 'api-tokens.json'), 'utf8')).not.toContain(again.token);
    expect(cli(['tokens', 'revoke', 'siem', '--data-dir', tmp.dir]).code).toBe(0);
    expect(tokenChecker(tmp.dir)(again.token)).toBeUndefined();
    expect(cli(['tokens', 'revoke', 'siem', '--data-dir', tmp.dir]).stderr).toMatch(/no token named "siem"/);
    const store = SqliteStore.open(tmp.dir);
    const actions = (store.db.prepare("SELECT action FROM audit WHERE target = 'token:siem' ORDER BY id").all() as Array<{ action: string }>).map((a) => a.action);
    store.close();
    expect(actions).toEqual(['token_create', 'token_create', 'token_revoke']);
  });
});

describe('simulate', { timeout: 240_000 }, () => {
  it('plants every attack when --scenarios is not given, and says so in --help', () => {
    expect(cli(['simulate', '--help']).stdout).toMatch(/all \(the default\)/);
    const tmp = tempDir();
    try {
      const r = cli(['simulate', '--days', '1', '--out', join(tmp.dir, 'sim'), '--json', '--no-progress']);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout) as { incidents: number; scenarios: string[] };
      expect(s.incidents).toBeGreaterThan(0);
      expect(s.scenarios.length).toBeGreaterThanOrEqual(5);
    } finally {
      tmp.cleanup();
    }
  });
});

/** Start `serve --json`; resolves with its `listening` message, or rejects with its stderr. */
function startServe(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const listening = new Promise<{ url: string; sources: string[] }>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      stderr += `${line}\n`;
      try {
        const m = JSON.parse(line) as { event?: string; url: string; sources: string[] };
        if (m.event === 'listening') resolve(m);
      } catch { /* not JSON */ }
    });
    void exited.then((code) => reject(new Error(`exit ${code}: ${stderr}`)));
  });
  return { child, listening, exited, stop: async () => { child.kill('SIGTERM'); return exited; } };
}

describe('serve listeners', () => {
  it('two instances run side by side with their own ports; --no-syslog runs none; env sets the API port', async () => {
    const a = tempDir();
    const b = tempDir();
    const first = startServe(['--data-dir', a.dir, '--port', '0', '--syslog-port', '0']);
    const second = startServe(['--data-dir', b.dir, '--no-syslog'], { WARDWATCH_PORT: '0' });
    try {
      const [m1, m2] = await Promise.all([first.listening, second.listening]);
      expect(m1.sources).toHaveLength(1);
      expect(m1.sources[0]).toMatch(/syslog udp:\/\/127\.0\.0\.1:\d+ tcp:\/\/127\.0\.0\.1:\d+/);
      expect(m1.sources[0]).not.toContain(':5514');
      expect(m2.sources).toEqual([]);
      expect(m1.url).not.toBe(m2.url);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      a.cleanup();
      b.cleanup();
    }
  }, 60_000);

  it('a port held by another program fails with exit code 2, naming the address and the flags to change it', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    const tmp = tempDir();
    try {
      const run = startServe(['--data-dir', tmp.dir, '--port', '0', '--syslog-port', String(port)]);
      run.listening.catch(() => undefined);
      expect(await run.exited).toBe(2);
      const out = await run.listening.catch((e: Error) => e.message);
      expect(out).toContain(`127.0.0.1:${port} is already in use`);
      expect(out).toMatch(/--syslog-port N .*--no-syslog/);
    } finally {
      holder.close();
      tmp.cleanup();
    }
  }, 60_000);
});
