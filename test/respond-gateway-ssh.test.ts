import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondSettings } from '../src/core/config.js';
import { nftBlockDriver, nftCommand } from '../src/respond/actions/nft.js';
import { ResponseEngine } from '../src/respond/engine.js';
import { loadPlaybooks } from '../src/respond/load.js';
import { bruteforceAlert } from '../src/respond/testing.js';
import { SqliteStore } from '../src/store/sqlite/index.js';

/**
 * block-ip on a Linux gateway over SSH, for real: a "gateway" network namespace runs its own
 * OpenSSH sshd (host key, config and authorized key of its own, in a temp dir) and a TCP service;
 * an "attacker" namespace reaches the service over one veth pair, Wardwatch (this host) reaches the
 * gateway's sshd over another. A brute-force alert → playbook → `nft -f -` over `ssh` in the
 * gateway → the attacker's traffic is dropped there; undo restores it. The host key is pinned.
 */
const id = (process.pid % 200) + 20;
const ATT = `ww-gatt-${process.pid}`;
const GW = `ww-gw-${process.pid}`;
const ATT_IP = `10.202.${id}.1`;
const GW_IP = `10.202.${id}.2`;
const MGMT_HOST = `10.203.${id}.1`;
const MGMT_GW = `10.203.${id}.2`;
const PORT = 7701;
const SSH_PORT = 2222;
const SSHD = '/usr/sbin/sshd';

function sh(cmd: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout ?? '', err: `${r.stderr ?? ''}${r.error?.message ?? ''}` };
}

function why(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync(SSHD)) return 'OpenSSH server not installed (apt-get install openssh-server)';
  if (sh('ssh', ['-V']).code !== 0) return 'OpenSSH client not installed (apt-get install openssh-client)';
  if (sh('nft', ['--version']).code !== 0) return 'nft not installed (apt-get install nftables)';
  const r = sh('ip', ['netns', 'add', `ww-probe-${process.pid}`]);
  if (r.code !== 0) return `no network namespace support: ${r.err.trim()}`;
  sh('ip', ['netns', 'del', `ww-probe-${process.pid}`]);
  return undefined;
}
const skip = why();
if (skip) console.warn(`respond-gateway-ssh: skipped (${skip})`);

/** Whether the attacker can open a TCP connection to the gateway's service (2 s limit). */
function canConnect(): boolean {
  const r = spawnSync('ip', ['netns', 'exec', ATT, 'timeout', '2', 'bash', '-c', `exec 3<>/dev/tcp/${GW_IP}/${PORT} && head -c2 <&3`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout === 'ok';
}

async function waitPort(host: string, port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((res) => { const s = connect(port, host, () => { s.destroy(); res(true); }).on('error', () => res(false)); });
    if (up) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.skipIf(skip !== undefined)('block-ip on a gateway over SSH (real sshd in a gateway network namespace)', () => {
  let sshd: ChildProcess | undefined;
  let server: ChildProcess | undefined;
  let store: SqliteStore;
  let dir: string;
  let sshdLog = '';
  beforeAll(async () => {
    for (const [cmd, ...args] of [
      ['ip', 'netns', 'add', ATT], ['ip', 'netns', 'add', GW],
      ['ip', 'link', 'add', `wga${id}`, 'type', 'veth', 'peer', 'name', `wgg${id}`],
      ['ip', 'link', 'set', `wga${id}`, 'netns', ATT], ['ip', 'link', 'set', `wgg${id}`, 'netns', GW],
      ['ip', '-n', ATT, 'addr', 'add', `${ATT_IP}/24`, 'dev', `wga${id}`], ['ip', '-n', GW, 'addr', 'add', `${GW_IP}/24`, 'dev', `wgg${id}`],
      ['ip', '-n', ATT, 'link', 'set', `wga${id}`, 'up'], ['ip', '-n', GW, 'link', 'set', `wgg${id}`, 'up'],
      ['ip', '-n', ATT, 'link', 'set', 'lo', 'up'], ['ip', '-n', GW, 'link', 'set', 'lo', 'up'],
      // The management link: this host ↔ the gateway's sshd.
      ['ip', 'link', 'add', `wgh${id}`, 'type', 'veth', 'peer', 'name', `wgm${id}`],
      ['ip', 'link', 'set', `wgm${id}`, 'netns', GW],
      ['ip', 'addr', 'add', `${MGMT_HOST}/24`, 'dev', `wgh${id}`], ['ip', '-n', GW, 'addr', 'add', `${MGMT_GW}/24`, 'dev', `wgm${id}`],
      ['ip', 'link', 'set', `wgh${id}`, 'up'], ['ip', '-n', GW, 'link', 'set', `wgm${id}`, 'up'],
    ] as string[][]) {
      const r = sh(cmd!, args);
      if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.err}`);
    }
    dir = mkdtempSync(join(tmpdir(), 'ww-sshd-'));
    for (const [name, f] of [['host', 'host_ed25519'], ['client', 'id_ed25519']]) {
      const r = sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `wardwatch-test-${name}`, '-f', join(dir, f!)]);
      if (r.code !== 0) throw new Error(`ssh-keygen: ${r.err}`);
    }
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_ed25519.pub')), { mode: 0o600 });
    writeFileSync(join(dir, 'known_hosts'), `[${MGMT_GW}]:${SSH_PORT} ${readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'sshd_config'), [
      `Port ${SSH_PORT}`, `ListenAddress ${MGMT_GW}`, `HostKey ${join(dir, 'host_ed25519')}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'AllowUsers root', '',
    ].join('\n'), { mode: 0o600 });
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege-separation directory (compiled in)
    sshd = spawn('ip', ['netns', 'exec', GW, SSHD, '-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    sshd.stderr!.on('data', (d: Buffer) => { sshdLog += d.toString(); });
    if (!(await waitPort(MGMT_GW, SSH_PORT, 10_000))) throw new Error(`sshd did not start: ${sshdLog}`);
    server = spawn('ip', ['netns', 'exec', GW, process.execPath, '-e', `require('net').createServer((s) => s.end('ok')).listen(${PORT}, '${GW_IP}', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res) => server!.stdout!.once('data', () => res()));
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-gw-')), { synchronous: 'normal' });
  }, 30_000);
  afterAll(() => {
    server?.kill();
    sshd?.kill();
    store?.close();
    sh('ip', ['link', 'del', `wgh${id}`]);
    sh('ip', ['netns', 'del', ATT]);
    sh('ip', ['netns', 'del', GW]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const gateway = (over: Record<string, unknown> = {}) => ({ host: MGMT_GW, port: SSH_PORT, user: 'root', keyFile: join(dir, 'id_ed25519'), knownHostsFile: join(dir, 'known_hosts'), connectTimeout: '3s', ...over });
  /** The gateway's set, listed over the same pinned SSH connection an operator would use. */
  const listOverSsh = () => {
    const [cmd, argv] = nftCommand({ table: 'wardwatch', gateway: gateway() }, ['list', 'set', 'inet', 'wardwatch', 'blocklist']);
    return sh(cmd, argv);
  };

  it('a brute-force alert blocks the source on the gateway over SSH; undo restores it', async () => {
    expect(canConnect()).toBe(true);
    const settings = respondSettings.parse({ mode: 'enforce', nft: { gateway: gateway() } });
    const driver = nftBlockDriver(settings.nft);
    const engine = new ResponseEngine({
      settings, playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks,
      db: store.db, audit: (e) => store.audit(e), drivers: [driver],
    });
    const [rec] = await engine.handle([bruteforceAlert('al_gw_1', [ATT_IP])]);
    expect(rec).toMatchObject({ state: 'done', target: ATT_IP });
    expect(canConnect()).toBe(false);
    // The element is in the gateway namespace's kernel (not this host's), listed over ssh.
    const listed = listOverSsh();
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`${ATT_IP.replace(/\./g, '\\.')} timeout 1d`));
    expect(sh('nft', ['list', 'set', 'inet', 'wardwatch', 'blocklist']).out).not.toContain(ATT_IP);
    await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'test');
    expect(engine.repo.get(rec!.id)!.state).toBe('undone');
    expect(canConnect()).toBe(true);
    expect(listOverSsh().out).not.toContain(ATT_IP);
  }, 60_000);

  it('a gateway whose host key does not match the pinned one is refused: failed with the reason', async () => {
    const other = join(dir, 'other_known_hosts');
    writeFileSync(other, `[${MGMT_GW}]:${SSH_PORT} ${readFileSync(join(dir, 'id_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`, { mode: 0o600 });
    const settings = respondSettings.parse({ mode: 'enforce', retries: 1, nft: { table: 'wwpinned', gateway: gateway({ knownHostsFile: other }) } });
    const engine = new ResponseEngine({ settings, playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks, db: store.db, audit: (e) => store.audit(e), drivers: [nftBlockDriver(settings.nft)] });
    const [rec] = await engine.handle([bruteforceAlert('al_gw_2', [ATT_IP])]);
    expect(rec!.state).toBe('failed');
    expect(rec!.reason).toMatch(/gateway root@10\.203\.\d+\.2:2222: .*(host key|Host key verification failed)/i);
    expect(canConnect()).toBe(true);
  }, 60_000);

  it('an unreachable gateway leaves the action failed with the reason, retried; no key material in it', async () => {
    let now = Date.now();
    const settings = respondSettings.parse({ mode: 'enforce', retryBase: '1s', retries: 2, nft: { table: 'wwdown', gateway: gateway({ host: '127.0.0.1', port: 1 }) } });
    const engine = new ResponseEngine({ settings, playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks, db: store.db, audit: (e) => store.audit(e), drivers: [nftBlockDriver(settings.nft)], now: () => now });
    const [rec] = await engine.handle([bruteforceAlert('al_gw_3', ['203.0.113.77'])]);
    expect(rec).toMatchObject({ state: 'failed', attempts: 1 });
    expect(rec!.reason).toMatch(/gateway root@127\.0\.0\.1:1: .*Connection refused/);
    const key = readFileSync(join(dir, 'id_ed25519'), 'utf8');
    const keyBody = key.split('\n')[1]!;
    expect(rec!.reason).not.toContain(keyBody);
    expect(JSON.stringify(store.db.prepare('SELECT detail FROM audit').all())).not.toContain(keyBody);
    expect(Date.parse(rec!.nextTry!) - now).toBe(1000);
    now += 1000;
    await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'failed', attempts: 2 });
  }, 60_000);
});
