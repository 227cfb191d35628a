import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

/** Start `wardwatch serve` in a child process on a free port; resolves with its URL. */
export async function startServer(dataDir: string, extraArgs: string[] = []): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  const config = join(dataDir, 'bench-config.yaml');
  writeFileSync(config, 'sources: []\n');
  const child = spawn(process.execPath, [main, 'serve', '--json', '--port', '0', '--data-dir', dataDir, '--config', config, ...extraArgs], {
    env: { ...process.env, WARDWATCH_ADMIN_TOKEN: BENCH_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        const m = JSON.parse(line) as { event?: string; url?: string };
        if (m.event === 'listening' && m.url) resolve(m.url);
      } catch { /* not JSON */ }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    child,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
