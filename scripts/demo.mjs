#!/usr/bin/env node
// `npm run demo`: start Wardwatch on its own data directory and stream a simulated clinic day with
// five attacks into it — every stream (syslog, Windows, VPN, Zeek, HL7, FHIR, the EHR access CSV,
// device telemetry, e-mail) plus the clinical context — so a newcomer sees alerts arrive in the
// console. Re-runnable: the demo's folder is reset each run (or reused with --keep). Ctrl-C stops.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HELP = `Usage: npm run demo -- [options]

  --dir <dir>        demo data directory (default ./data-demo, env WARDWATCH_DEMO_DIR); reset at each run
  --keep             reuse the directory's store instead of resetting it (a new API token is made)
  --port <n>         API and console port (default 8080, env PORT; 0 = any free port). A busy port
                     is reported and a free one is used instead.
  --speedup <x>      play the simulated day x times faster than real time (default 2160: a day in 40 s)
  --fast             send as fast as the server takes it (no pacing)
  --seed <s>         simulation seed (default 1)
  --exit-when-done   stop the server once every stream is sent and the detectors are idle (for scripts)
  --json             machine-readable progress, one JSON object per line
  -h, --help         this help
`;

const SCENARIOS = 'bruteforce,spray,ehr-snooping,insider-download,phish-new-country';
const PASSWORD = process.env.WARDWATCH_ADMIN_PASSWORD ?? 'wardwatch-demo';
const MARKER = '.wardwatch-demo';

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      dir: { type: 'string' }, keep: { type: 'boolean' }, port: { type: 'string' }, speedup: { type: 'string' },
      fast: { type: 'boolean' }, seed: { type: 'string' }, 'exit-when-done': { type: 'boolean' }, json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  process.stderr.write(`demo: ${err.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const dir = resolve(args.dir ?? process.env.WARDWATCH_DEMO_DIR ?? 'data-demo');
const seed = args.seed ?? '1';
const speedup = args.fast ? undefined : (args.speedup ?? '2160');
// Yesterday, the last whole day: every event lies in the past, as in a real log.
const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const say = (event, text, extra = {}) => process.stdout.write(args.json ? `${JSON.stringify({ event, ...extra })}\n` : `${text}\n`);
const fail = (message) => {
  if (args.json) process.stdout.write(`${JSON.stringify({ event: 'error', message })}\n`);
  else process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
};

if (!existsSync(cli)) fail(`Wardwatch is not built (${cli} is missing): run "npm run build" (or "npm ci") first.`);

/** Run the CLI to completion; its JSON answer, or a failure with its message. */
function run(argv, env = {}) {
  const r = spawnSync(process.execPath, [cli, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) fail(`wardwatch ${argv[0]} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/** Whether a TCP port on the loopback interface is free. */
function portFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

// 1. The demo's folder: reset (only if the demo made it), or reuse with --keep.
const fresh = !args.keep || !existsSync(join(dir, 'wardwatch.db'));
if (existsSync(dir) && fresh) {
  if (readdirSync(dir).length > 0 && !existsSync(join(dir, MARKER))) {
    fail(`${dir} exists and was not made by the demo; choose another folder with --dir, or remove it yourself.`);
  }
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(dir, { recursive: true, mode: 0o700 });
writeFileSync(join(dir, MARKER), 'made by npm run demo; removed and rebuilt at each run\n');

// 2. The simulated day on disk (for its context and parser settings; the same seed is streamed below).
const sim = join(dir, 'sim');
rmSync(sim, { recursive: true, force: true });
say('simulating', `Simulating a clinic day (${day}) with ${SCENARIOS.replaceAll(',', ', ')}…`, { day });
run(['simulate', '--profile', 'clinic', '--days', '1', '--start', day, '--seed', seed, '--scenarios', SCENARIOS,
  '--intensity', '0.9', '--out', sim, '--no-progress', '--json']);
const manifest = JSON.parse(readFileSync(join(sim, 'manifest.json'), 'utf8'));

// 3. Config: the parser settings the dataset needs (EHR CSV columns, HL7 authorities); syslog on a free port.
const config = join(dir, 'demo-config.yaml');
writeFileSync(config, JSON.stringify({
  parsers: manifest.parsers ?? {},
  sources: [{ type: 'syslog', udp: '127.0.0.1:0', tcp: '127.0.0.1:0' }],
}, null, 2));

// 4. The clinical context (patients, staff) the EHR-access detectors judge accesses against.
if (fresh) run(['context', 'load', join(sim, 'context'), '--data-dir', dir, '--json']);

// 5. Credentials: chosen on a fresh store; on a kept one, a new token and the demo password.
let token;
if (fresh) token = process.env.WARDWATCH_ADMIN_TOKEN ?? `demo_${randomBytes(16).toString('hex')}`;
else {
  token = JSON.parse(run(['tokens', 'create', 'demo', '--replace', '--data-dir', dir, '--json'])).token;
  run(['users', 'reset-password', 'admin', '--data-dir', dir, '--json'], { WARDWATCH_NEW_PASSWORD: PASSWORD });
}

// 6. The server, on the asked port or, when that one is taken, on a free one.
let port = args.port ?? process.env.PORT ?? '8080';
if (!/^\d+$/.test(port)) fail(`--port: "${port}" is not a port number`);
if (port !== '0' && !(await portFree(Number(port)))) {
  say('port_busy', `Port ${port} is in use by another program; using a free port instead (choose one with --port N).`, { port: Number(port) });
  port = '0';
}
const server = spawn(process.execPath, [cli, 'serve', '--json', '--data-dir', dir, '--config', config, '--port', port], {
  env: { ...process.env, WARDWATCH_ADMIN_TOKEN: token, WARDWATCH_ADMIN_PASSWORD: PASSWORD },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverOutput = '';
server.stderr.on('data', (d) => { serverOutput += d; });
const listening = await new Promise((res, rej) => {
  createInterface({ input: server.stdout }).on('line', (line) => {
    try {
      const m = JSON.parse(line);
      if (m.event === 'listening') res(m);
      else if (m.error) serverOutput += `${m.message}\n`;
    } catch { /* not JSON */ }
  });
  server.once('exit', (code) => rej(new Error(`the server stopped (exit ${code}): ${serverOutput.trim()}`)));
}).catch((err) => fail(err.message));
const url = listening.url;
const syslog = (listening.sources ?? []).join('; ');
say('ready', [
  '',
  `Wardwatch demo: ${url}`,
  `  console sign-in: admin / ${PASSWORD}`,
  `  API token:       ${token}`,
  `  syslog:          ${syslog || 'off'}`,
  `  data:            ${dir}`,
  '',
  `Streaming the simulated day (every stream, ${speedup ? `${speedup}× real time` : 'as fast as possible'}); alerts appear in the console as the attacks happen.`,
].join('\n'), { url, user: 'admin', password: PASSWORD, token, syslog: listening.sources ?? [], dataDir: dir });

// 7. Stream the same day live into the server.
const started = Date.now();
const simulate = spawn(process.execPath, [cli, 'simulate', '--profile', 'clinic', '--days', '1', '--start', day, '--seed', seed,
  '--scenarios', SCENARIOS, '--intensity', '0.9', '--to', url, '--token', token, '--no-progress', '--json',
  ...(speedup ? ['--speedup', speedup] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
let simOut = '';
simulate.stdout.on('data', (d) => { simOut += d; });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  simulate.kill('SIGTERM');
  server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  if (!stopping) process.stderr.write(`demo: the server stopped unexpectedly (exit ${code}) ${serverOutput.trim()}\n`);
  process.exit(stopping ? 0 : 1);
});

/** Alerts per detector, from the API. */
async function alertCounts() {
  const r = await fetch(`${url}/api/alerts?limit=500`, { headers: { authorization: `Bearer ${token}` } });
  const body = await r.json();
  const counts = {};
  for (const a of body.items ?? []) counts[a.detector] = (counts[a.detector] ?? 0) + 1;
  return counts;
}

simulate.on('exit', async (code) => {
  if (stopping) return;
  if (code !== 0) {
    process.stderr.write(`demo: streaming failed (exit ${code}); the server keeps running at ${url}\n`);
    return;
  }
  let sent;
  try { sent = JSON.parse(simOut).live; } catch { sent = undefined; }
  // Let the detectors finish the last batches, then report what they found.
  let counts = await alertCounts();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await alertCounts();
    if (JSON.stringify(next) === JSON.stringify(counts) && i >= 3) break;
    counts = next;
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  say('done', `\nThe day is streamed (${sent?.sent ?? '?'} records in ${seconds}s). Alerts: ` +
    `${Object.entries(counts).map(([d, n]) => `${d} ${n}`).join(', ') || 'none'}.\n` +
    (args['exit-when-done'] ? 'Stopping.' : `The server keeps running at ${url} — Ctrl-C to stop.`), { seconds, sent, alerts: counts });
  if (args['exit-when-done']) stop();
});
