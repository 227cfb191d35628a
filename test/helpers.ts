import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = resolve(ROOT, '../shared/data');
export const CLI = join(ROOT, 'dist/src/cli/main.js');
export const TOKEN = 'test-token-0123456789abcdef';

/** A fresh temporary data directory, removed by the returned cleanup. */
export function tempDir(prefix = 'ww-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run the built CLI to completion. */
export function cli(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error(`CLI not built (${CLI}): run npm run build`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Start `wardwatch serve --json` on a free port; resolves when it listens. */
export async function serve(dataDir: string, extra: string[] = [], sourcesYaml = ''): Promise<{ url: string; child: ChildProcess; stop: (signal?: NodeJS.Signals) => Promise<number | null>; lines: string[] }> {
  // Syslog on ephemeral ports, so parallel test files never collide on 5514.
  const config = join(dataDir, 'test-config.yaml');
  writeFileSync(config, `sources:\n  - type: syslog\n    udp: 127.0.0.1:0\n    tcp: 127.0.0.1:0\n${sourcesYaml}`);
  const child = spawn(process.execPath, [CLI, 'serve', '--json', '--port', '0', '--data-dir', dataDir, '--config', config, ...extra], {
    env: { ...process.env, WARDWATCH_ADMIN_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((resolvePromise, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      try {
        const m = JSON.parse(line) as { event?: string; url?: string };
        if (m.event === 'listening' && m.url) resolvePromise(m.url);
      } catch { /* not JSON */ }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    url,
    child,
    lines,
    stop: async (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}

export const auth = { authorization: `Bearer ${TOKEN}` };

/** ECS authentication events for tests. */
export function authLines(n: number, user: string, outcome: 'failure' | 'success', ip = '203.0.113.9', start = Date.parse('2026-02-01T03:00:00Z')): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    '@timestamp': new Date(start + i * 1000).toISOString(),
    event: { category: ['authentication'], type: ['start'], action: 'logon', outcome },
    user: { name: user },
    source: { ip },
    message: `${outcome} logon for ${user}`,
  }));
}
