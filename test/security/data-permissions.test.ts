import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { openRuntime } from '../../src/pipeline/runtime.js';
import { loosePaths, securePrivateDir } from '../../src/store/private-files.js';
import { CLI, TOKEN, cli, serve, tempDir } from '../helpers.js';

const mode = (p: string) => statSync(p).mode & 0o777;
const built = existsSync(CLI);

describe('data directory permissions', () => {
  const dirs: Array<{ cleanup: () => void }> = [];
  afterAll(() => { for (const d of dirs) d.cleanup(); });

  it('securePrivateDir tightens loose files and directories and names them', () => {
    const t = tempDir('ww-perm-');
    dirs.push(t);
    chmodSync(t.dir, 0o755);
    writeFileSync(join(t.dir, 'wardwatch.db'), 'x', { mode: 0o644 });
    writeFileSync(join(t.dir, 'already.key'), 'x', { mode: 0o600 });
    mkdirSync(join(t.dir, 'tls'), { mode: 0o755 });
    writeFileSync(join(t.dir, 'tls', 'server.key'), 'x', { mode: 0o640 });
    chmodSync(join(t.dir, 'wardwatch.db'), 0o644);
    chmodSync(join(t.dir, 'tls'), 0o755);
    chmodSync(join(t.dir, 'tls', 'server.key'), 0o640);
    expect(securePrivateDir(t.dir).sort()).toEqual(['.', 'tls', 'tls/server.key', 'wardwatch.db']);
    expect(loosePaths(t.dir)).toEqual([]);
    expect(mode(join(t.dir, 'already.key'))).toBe(0o600);
    expect(securePrivateDir(t.dir)).toEqual([]);
    // The owner's own bits are kept: an executable stays executable for its owner.
    writeFileSync(join(t.dir, 'tool.sh'), '#!/bin/sh\n');
    chmodSync(join(t.dir, 'tool.sh'), 0o755);
    expect(securePrivateDir(t.dir)).toEqual(['tool.sh']);
    expect(mode(join(t.dir, 'tool.sh'))).toBe(0o700);
  });

  it('openRuntime fixes what an older version left 0644/0755, warns naming the files, and keeps -wal/-shm private', async () => {
    const t = tempDir('ww-perm-rt-');
    dirs.push(t);
    const loaded = loadConfigObject({ sources: [], pipeline: { workers: 0 }, store: { writerThread: false } });
    const rt1 = await openRuntime(loaded, { dataDir: t.dir });
    await rt1.close();
    // Today's releases left these readable by every local user.
    chmodSync(t.dir, 0o755);
    for (const f of readdirSync(t.dir)) chmodSync(join(t.dir, f), 0o644);
    const logs: string[] = [];
    const rt = await openRuntime(loaded, { dataDir: t.dir, log: (m) => logs.push(m) });
    try {
      const warn = logs.find((l) => l.includes('readable by other users'));
      expect(warn).toBeDefined();
      expect(warn).toMatch(/wardwatch\.db/);
      expect(warn).toMatch(/context\.db/);
      rt.store.audit({ time: new Date().toISOString(), actor: 'test', action: 'write', target: 'x', detail: {} });
      const files = readdirSync(t.dir);
      expect(files).toEqual(expect.arrayContaining(['wardwatch.db', 'wardwatch.db-wal', 'wardwatch.db-shm', 'context.db']));
      expect(mode(t.dir)).toBe(0o700);
      for (const f of files) expect([f, mode(join(t.dir, f))]).toEqual([f, statSync(join(t.dir, f)).isDirectory() ? 0o700 : 0o600]);
    } finally {
      await rt.close();
    }
  });

  it.skipIf(!built)('`wardwatch ingest` into a new data directory creates it 0700 with 0600 files, whatever the caller\'s umask', () => {
    const t = tempDir('ww-perm-cli-');
    dirs.push(t);
    const data = join(t.dir, 'data');
    const input = join(t.dir, 'auth.ndjson');
    writeFileSync(input, `${JSON.stringify({ '@timestamp': '2026-02-01T03:00:00Z', event: { category: ['authentication'], outcome: 'failure' }, user: { name: 'a' }, source: { ip: '203.0.113.9' } })}\n`);
    const old = process.umask(0o022);
    try {
      const r = cli(['ingest', input, '--format', 'json', '--data-dir', data, '--workers', '0', '--json', '--no-progress']);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      process.umask(old);
    }
    expect(loosePaths(data)).toEqual([]);
    expect(readdirSync(data)).toContain('wardwatch.db');
  });
});

describe.skipIf(!built)('secrets the operator supplies are never printed', () => {
  it('serve takes WARDWATCH_ADMIN_TOKEN and WARDWATCH_ADMIN_PASSWORD without echoing them', async () => {
    const t = tempDir('ww-echo-');
    const password = 'operator-chosen-password-42';
    const prev = process.env.WARDWATCH_ADMIN_PASSWORD;
    process.env.WARDWATCH_ADMIN_PASSWORD = password;
    try {
      const srv = await serve(t.dir, ['--workers', '0']);
      const out = srv.lines.join('\n');
      await srv.stop();
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(password);
      expect(srv.lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual({ event: 'admin_token_created', from: 'WARDWATCH_ADMIN_TOKEN' });
      expect(out).toContain('admin_user_created');
      expect(loosePaths(t.dir)).toEqual([]);
    } finally {
      if (prev === undefined) delete process.env.WARDWATCH_ADMIN_PASSWORD;
      else process.env.WARDWATCH_ADMIN_PASSWORD = prev;
      t.cleanup();
    }
  });

  it('a generated token is still shown once; --tls-self-signed serves HTTPS and prints the certificate\'s SHA-256 fingerprint', async () => {
    const t = tempDir('ww-echo-gen-');
    try {
      const r = cli(['serve', '--help']);
      expect(r.stdout).toMatch(/never printed/);
      expect(r.stdout).toMatch(/--tls-self-signed/);
      const { spawn } = await import('node:child_process');
      const env = { ...process.env };
      delete env.WARDWATCH_ADMIN_TOKEN;
      const config = join(t.dir, 'config.yaml');
      writeFileSync(config, 'sources:\n  - type: syslog\n    udp: 127.0.0.1:0\n');
      const child = spawn(process.execPath, [CLI, 'serve', '--json', '--port', '0', '--data-dir', join(t.dir, 'data'), '--workers', '0', '--config', config, '--tls-self-signed'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise((r) => child.once('exit', r));
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        child.stdout!.on('data', (d: Buffer) => {
          buf += d.toString();
          const parts = buf.split('\n');
          buf = parts.pop()!;
          lines.push(...parts);
          if (parts.some((l) => l.includes('"listening"'))) resolve();
        });
        child.once('exit', (c) => reject(new Error(`exited ${c}`)));
      });
      const events = lines.map((l) => JSON.parse(l) as { event?: string; token?: string; url?: string; fingerprint256?: string; selfSigned?: boolean });
      const created = events.find((l) => l.event === 'admin_token_created');
      expect(created?.token).toMatch(/^ww_/);
      const tlsLine = events.find((l) => l.event === 'tls');
      expect(tlsLine).toMatchObject({ selfSigned: true, fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
      const url = new URL(events.find((l) => l.event === 'listening')!.url!);
      expect(url.protocol).toBe('https:');
      const { connect } = await import('node:tls');
      const seen = await new Promise<string>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: Number(url.port), rejectUnauthorized: false }, () => {
          resolve(s.getPeerCertificate().fingerprint256);
          s.end();
        });
        s.once('error', reject);
      });
      expect(seen).toBe(tlsLine!.fingerprint256);
      expect(mode(join(t.dir, 'data', 'tls', 'self-signed.key'))).toBe(0o600);
      child.kill('SIGTERM');
      await exited;
    } finally {
      t.cleanup();
    }
  });
});
