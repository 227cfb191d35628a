import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const RSYSLOGD = '/usr/sbin/rsyslogd';

/** Why a real-rsyslog test cannot run here, or undefined when it can (rsyslog + rsyslog-relp installed). */
export function rsyslogMissing(module: 'omrelp' | 'omfwd'): string | undefined {
  if (!existsSync(RSYSLOGD)) return `${RSYSLOGD} not found: apt-get install rsyslog rsyslog-relp (see .ci/run)`;
  if (module === 'omrelp') {
    const r = spawnSync('sh', ['-c', 'ls /usr/lib/*/rsyslog/omrelp.so /usr/lib/rsyslog/omrelp.so 2>/dev/null'], { encoding: 'utf8' });
    if (!r.stdout.trim()) return 'rsyslog omrelp module not found: apt-get install rsyslog-relp (see .ci/run)';
  }
  return undefined;
}

/** A TCP port that was free a moment ago (a restarted server must come back on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A real rsyslogd in the foreground with its own config and work directory: it takes plain
 * TCP syslog on `inPort` (imtcp) and forwards everything with `action` (omrelp or omfwd),
 * through a disk-assisted queue that retries for ever.
 */
export async function startRsyslog(dir: string, inPort: number, action: string, modules: string[] = []): Promise<{ child: ChildProcess; log: () => string; stop: () => Promise<void> }> {
  const work = join(dir, 'rsyslog-work');
  mkdirSync(work, { recursive: true });
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(conf, `
global(workDirectory="${work}" maxMessageSize="64k")
module(load="imtcp")
${modules.map((m) => `module(load="${m}")`).join('\n')}
input(type="imtcp" address="127.0.0.1" port="${inPort}" ruleset="fwd")
ruleset(name="fwd") {
  ${action}
}
`);
  const logFile = join(dir, 'rsyslog.out');
  const out: string[] = [];
  const child = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', join(dir, 'rsyslog.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // Ready when imtcp accepts connections.
  const end = Date.now() + 15_000;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(inPort, '127.0.0.1', () => { s.destroy(); r(true); });
      s.once('error', () => r(false));
    });
    if (ok) break;
    if (child.exitCode !== null || Date.now() > end) throw new Error(`rsyslogd did not start: ${out.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    log: () => { writeFileSync(logFile, out.join('')); return out.join(''); },
    stop: async () => { if (child.exitCode === null) { child.kill('SIGTERM'); await exited; } },
  };
}

/** Send `lines` to a plain TCP syslog port, newline-framed, at about `perSecond` lines a second. */
export async function sendLines(port: number, lines: string[], perSecond: number): Promise<void> {
  const sock = connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => { sock.once('connect', () => r()); sock.once('error', j); });
  const step = Math.max(1, Math.round(perSecond / 50));
  for (let i = 0; i < lines.length; i += step) {
    const ok = sock.write(lines.slice(i, i + step).map((l) => `${l}\n`).join(''));
    if (!ok) await new Promise((r) => sock.once('drain', r));
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise<void>((r) => sock.end(() => r()));
}

/** One test line carrying its sequence number. */
export const seqLine = (i: number) => `<14>Feb  3 04:05:06 web01 relptest[42]: ww-seq=${i} the quick brown fox`;

/**
 * Sequence numbers found in the store (events and dead letters), read from the database file
 * while or after the server runs: how often each was stored.
 */
export function storedSeqs(dataDir: string): Map<number, number> {
  const file = join(dataDir, 'wardwatch.db');
  const seen = new Map<number, number>();
  if (!existsSync(file)) return seen;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    const take = (text: unknown) => {
      const m = typeof text === 'string' ? /ww-seq=(\d+)/.exec(text) : null;
      if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
    };
    for (const r of db.prepare('SELECT message FROM events').iterate() as Iterable<{ message: string }>) take(r.message);
    for (const r of db.prepare('SELECT data FROM dead_letters').iterate() as Iterable<{ data: Buffer }>) take(r.data.toString('utf8'));
  } finally {
    db.close();
  }
  return seen;
}

/** Poll until `fn` is true or the time is up; returns whether it became true. */
export async function waitUntil(fn: () => boolean, ms: number, every = 100): Promise<boolean> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, every));
  }
  return true;
}

/** Read a file if it exists (diagnostics). */
export const readIf = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
