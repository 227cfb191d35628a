#!/usr/bin/env node
// `npm run demo`: start Wardwatch on its own data directory and stream a simulated clinic day with
// attacks into it, so a newcomer sees alerts arrive in the console. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const dataDir = process.env.WARDWATCH_DEMO_DIR ?? 'data-demo';
const token = process.env.WARDWATCH_ADMIN_TOKEN ?? `demo_${randomBytes(16).toString('hex')}`;
const password = process.env.WARDWATCH_ADMIN_PASSWORD ?? 'wardwatch-demo';
const port = process.env.PORT ?? '8080';

const server = spawn(process.execPath, [cli, 'serve', '--json', '--data-dir', dataDir, '--port', port], {
  env: { ...process.env, WARDWATCH_ADMIN_TOKEN: token, WARDWATCH_ADMIN_PASSWORD: password },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  createInterface({ input: server.stdout }).on('line', (line) => {
    try {
      const m = JSON.parse(line);
      if (m.event === 'listening') resolve(m.url);
    } catch { /* not JSON */ }
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
process.stderr.write(`\nWardwatch demo at ${url}  — sign in as admin / ${password}\n` +
  '(on a data directory that already had an admin, use that password)\nStreaming a simulated clinic day with attacks…\n\n');
const sim = spawn(process.execPath, [cli, 'simulate', '--profile', 'clinic', '--days', '1', '--start', 'today',
  '--scenarios', 'bruteforce,spray,ehr-snooping,insider-download,phish-new-country', '--intensity', '0.9',
  '--to', url, '--token', token, '--speedup', process.env.SPEEDUP ?? '300'], { stdio: 'inherit' });
const stop = () => { sim.kill('SIGTERM'); server.kill('SIGTERM'); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
sim.on('exit', (code) => {
  process.stderr.write(`\nSimulation finished (${code}); the server keeps running at ${url} — Ctrl-C to stop.\n`);
});
server.on('exit', () => process.exit(0));
