/**
 * The filters hospitals already run, started offline for a side-by-side bench: SpamAssassin
 * (spamd with local tests only, default rules) and Rspamd (default config, DNS pointed at a
 * dead resolver so no network test can reach out). Each is skipped with a reason when it is
 * not installed. Messages are scanned over each daemon's own protocol (SPAMC, HTTP /checkv2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ExternalVerdict { score: number; flagged: boolean }
export interface ExternalEngine {
  name: string;
  version: string;
  threshold: string;
  scan(raw: string): Promise<ExternalVerdict>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`${what} did not come up within ${ms / 1000} s`);
}

function spamcCheck(port: number, raw: string): Promise<ExternalVerdict> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'latin1');
    const s = connect(port, '127.0.0.1', () => {
      s.write(`CHECK SPAMC/1.5\r\nContent-length: ${body.length}\r\n\r\n`);
      s.end(body);
    });
    let out = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => { out += d; });
    s.on('error', reject);
    s.on('close', () => {
      const m = /Spam:\s*(True|False)\s*;\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)/i.exec(out);
      if (!m) return reject(new Error(`spamd answered: ${out.slice(0, 120)}`));
      resolve({ flagged: m[1]!.toLowerCase() === 'true', score: Number(m[2]) });
    });
  });
}

const which = (bin: string) => ['/usr/bin', '/usr/sbin', '/usr/local/bin'].map((d) => join(d, bin)).find((p) => existsSync(p));

function version(bin: string, args: string[], re: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(bin, args);
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('close', () => resolve(re.exec(out)?.[1] ?? 'unknown'));
    p.on('error', () => resolve('unknown'));
  });
}

/**
 * Start spamd (local tests only, no user config, 2 children) on a free high port.
 *
 * @example
 * const sa = await startSpamAssassin(); await sa.scan(raw); await sa.stop();
 */
export async function startSpamAssassin(port = 17830): Promise<ExternalEngine | string> {
  const spamd = which('spamd');
  if (!spamd) return 'spamd is not installed (Debian package spamassassin)';
  const home = mkdtempSync(join(tmpdir(), 'ww-sa-'));
  const args = ['-L', `--listen=127.0.0.1:${port}`, '--nouser-config', '-x', `--helper-home-dir=${home}`, '--max-children=2', '-s', 'stderr', `--pidfile=${join(home, 'pid')}`];
  if (process.getuid?.() === 0) args.push('-u', 'nobody');
  const child: ChildProcess = spawn(spamd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  const probe = 'From: a@b.example\nTo: c@d.example\nSubject: probe\n\nhello\n';
  try {
    await waitFor(async () => !!(await spamcCheck(port, probe)), 120_000, 'spamd');
  } catch (err) {
    child.kill();
    return `${(err as Error).message}: ${log.slice(-300)}`;
  }
  return {
    name: 'SpamAssassin',
    version: await version('spamassassin', ['--version'], /version (\S+)/),
    threshold: 'required_score 5.0 (default)',
    scan: (raw) => spamcCheck(port, raw),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Start rspamd with its default configuration from /etc/rspamd, local overrides in a temp
 * dir (listen ports, dead DNS resolver, log file), and no Redis.
 *
 * @example
 * const r = await startRspamd(); await r.scan(raw); await r.stop();
 */
export async function startRspamd(port = 21333): Promise<ExternalEngine | string> {
  const bin = which('rspamd');
  if (!bin || !existsSync('/etc/rspamd/rspamd.conf')) return 'rspamd is not installed (Debian package rspamd)';
  const dir = mkdtempSync(join(tmpdir(), 'ww-rspamd-'));
  const local = join(dir, 'local', 'local.d');
  for (const d of [local, join(dir, 'db'), join(dir, 'run'), join(dir, 'log')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(local, 'worker-normal.inc'), `bind_socket = "127.0.0.1:${port}";\ncount = 2;\n`);
  writeFileSync(join(local, 'worker-controller.inc'), `bind_socket = "127.0.0.1:${port + 1}";\n`);
  writeFileSync(join(local, 'worker-proxy.inc'), `bind_socket = "127.0.0.1:${port - 1}";\n`);
  writeFileSync(join(local, 'options.inc'), 'dns { nameserver = ["127.0.0.1:1"]; timeout = 0.1s; retransmits = 0; }\n');
  writeFileSync(join(local, 'logging.inc'), `type = "file"; filename = "${join(dir, 'log', 'rspamd.log')}"; level = "error";\n`);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('_rspamd:'))?.split(':');
    const chown = (p: string) => ids && chownSync(p, Number(ids[2]), Number(ids[3]));
    for (const d of ['', 'local', 'local/local.d', 'db', 'run', 'log']) chown(join(dir, d));
  }
  const args = ['-f', '-c', '/etc/rspamd/rspamd.conf', `--var=LOCAL_CONFDIR=${join(dir, 'local')}`, `--var=DBDIR=${join(dir, 'db')}`, `--var=RUNDIR=${join(dir, 'run')}`, `--var=LOGDIR=${join(dir, 'log')}`];
  if (asRoot) args.push('-u', '_rspamd', '-g', '_rspamd');
  const child = spawn(bin, args, { stdio: 'ignore' });
  const scan = async (raw: string): Promise<ExternalVerdict> => {
    const res = await fetch(`http://127.0.0.1:${port}/checkv2`, { method: 'POST', body: Buffer.from(raw, 'latin1') });
    const j = (await res.json()) as { score: number; action: string };
    // "add header" (score ≥ 6 by default) is where Rspamd marks a message as spam for the mailbox.
    return { score: j.score, flagged: j.action === 'add header' || j.action === 'rewrite subject' || j.action === 'reject' };
  };
  try {
    await waitFor(async () => typeof (await scan('From: a@b.example\nSubject: probe\n\nhello\n')).score === 'number', 180_000, 'rspamd');
  } catch (err) {
    child.kill();
    return (err as Error).message;
  }
  return {
    name: 'Rspamd',
    version: await version(bin, ['--version'], /version (\S+)/),
    threshold: 'action "add header" at 6.0 or above (default)',
    scan,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Scan messages with bounded concurrency; returns verdicts in order and wall-clock seconds.
 *
 * @example
 * const { verdicts, seconds } = await scanAll(engine, raws, 2);
 */
export async function scanAll(engine: ExternalEngine, raws: string[], concurrency: number): Promise<{ verdicts: ExternalVerdict[]; seconds: number; errors: number }> {
  const verdicts = new Array<ExternalVerdict>(raws.length);
  let next = 0;
  let errors = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < raws.length) {
      const i = next++;
      try {
        verdicts[i] = await engine.scan(raws[i]!);
      } catch {
        errors++;
        verdicts[i] = { score: 0, flagged: false };
      }
    }
  }));
  return { verdicts, seconds: Number(process.hrtime.bigint() - t0) / 1e9, errors };
}
