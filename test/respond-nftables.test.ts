import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondSettings } from '../src/core/config.js';
import { nftBlockDriver } from '../src/respond/actions/nft.js';
import { ResponseEngine } from '../src/respond/engine.js';
import { loadPlaybooks, parsePlaybook } from '../src/respond/load.js';
import { bruteforceAlert } from '../src/respond/testing.js';
import { SqliteStore } from '../src/store/sqlite/index.js';

/**
 * The block-ip action for real: two network namespaces joined by a veth pair (addresses only
 * inside them, 10.200.x.0/24), nftables in the victim. The attacker connects to a TCP server in
 * the victim; a brute-force alert → playbook → nftables block → the connection fails; undo and
 * expiry restore it.
 */
const id = process.pid % 200 + 20;
const ATT = `ww-att-${process.pid}`;
const VIC = `ww-vic-${process.pid}`;
const ATT_IP = `10.200.${id}.1`;
const VIC_IP = `10.200.${id}.2`;
const PORT = 7700;

function sh(cmd: string, args: string[]): { code: number; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { code: r.status ?? -1, err: `${r.stderr ?? ''}${r.error?.message ?? ''}` };
}

function why(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  if (sh('nft', ['--version']).code !== 0) return 'nft not installed (apt-get install nftables)';
  const r = sh('ip', ['netns', 'add', `ww-probe-${process.pid}`]);
  if (r.code !== 0) return `no network namespace support: ${r.err.trim()}`;
  sh('ip', ['netns', 'del', `ww-probe-${process.pid}`]);
  return undefined;
}
const skip = why();
if (skip) console.warn(`respond-nftables: skipped (${skip})`);

/** Whether the attacker can open a TCP connection to the victim's server (2 s limit). */
function canConnect(): boolean {
  const r = spawnSync('ip', ['netns', 'exec', ATT, 'timeout', '2', 'bash', '-c', `exec 3<>/dev/tcp/${VIC_IP}/${PORT} && head -c2 <&3`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout === 'ok';
}

describe.skipIf(skip !== undefined)('block-ip with nftables between network namespaces', () => {
  let server: ChildProcess | undefined;
  let store: SqliteStore;
  beforeAll(async () => {
    for (const [cmd, ...args] of [
      ['ip', 'netns', 'add', ATT], ['ip', 'netns', 'add', VIC],
      ['ip', 'link', 'add', `wwa${id}`, 'type', 'veth', 'peer', 'name', `wwv${id}`],
      ['ip', 'link', 'set', `wwa${id}`, 'netns', ATT], ['ip', 'link', 'set', `wwv${id}`, 'netns', VIC],
      ['ip', '-n', ATT, 'addr', 'add', `${ATT_IP}/24`, 'dev', `wwa${id}`], ['ip', '-n', VIC, 'addr', 'add', `${VIC_IP}/24`, 'dev', `wwv${id}`],
      ['ip', '-n', ATT, 'link', 'set', `wwa${id}`, 'up'], ['ip', '-n', VIC, 'link', 'set', `wwv${id}`, 'up'],
      ['ip', '-n', ATT, 'link', 'set', 'lo', 'up'], ['ip', '-n', VIC, 'link', 'set', 'lo', 'up'],
    ] as string[][]) {
      const r = sh(cmd!, args);
      if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.err}`);
    }
    server = spawn('ip', ['netns', 'exec', VIC, process.execPath, '-e', `require('net').createServer((s) => s.end('ok')).listen(${PORT}, '${VIC_IP}', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res) => server!.stdout!.once('data', () => res()));
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-nft-')), { synchronous: 'normal' });
  }, 30_000);
  afterAll(() => {
    server?.kill();
    store?.close();
    sh('ip', ['netns', 'del', ATT]);
    sh('ip', ['netns', 'del', VIC]);
  });

  const settings = respondSettings.parse({ mode: 'enforce', nft: { table: 'wardwatch', netns: VIC } });

  it('a brute-force alert blocks the source; undo restores it', async () => {
    expect(canConnect()).toBe(true);
    const engine = new ResponseEngine({
      settings, playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks,
      db: store.db, audit: (e) => store.audit(e), drivers: [nftBlockDriver(settings.nft)],
    });
    const [rec] = await engine.handle([bruteforceAlert('al_nft_1', [ATT_IP])]);
    expect(rec).toMatchObject({ state: 'done', target: ATT_IP });
    expect(canConnect()).toBe(false);
    // The kernel holds the element with its 24 h timeout.
    const list = spawnSync('ip', ['netns', 'exec', VIC, 'nft', 'list', 'set', 'inet', 'wardwatch', 'blocklist'], { encoding: 'utf8' }).stdout;
    expect(list).toMatch(new RegExp(`${ATT_IP.replace(/\./g, '\\.')} timeout 1d`));
    await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'test');
    expect(canConnect()).toBe(true);
  }, 30_000);

  it('a block with a short expiry lifts itself (kernel timeout) and the engine records it expired', async () => {
    const pb = parsePlaybook('name: short\ntrigger: { detectors: [auth.bruteforce] }\nsteps: [{ action: block-ip, expiry: 2s }]\n', 'short.yaml').playbook!;
    const engine = new ResponseEngine({ settings, playbooks: [pb], db: store.db, audit: (e) => store.audit(e), drivers: [nftBlockDriver(settings.nft)] });
    const [rec] = await engine.handle([bruteforceAlert('al_nft_2', [ATT_IP])]);
    expect(rec!.state).toBe('done');
    expect(canConnect()).toBe(false);
    await new Promise((r) => setTimeout(r, 2600));
    expect(canConnect()).toBe(true);
    await engine.tick();
    expect(engine.repo.get(rec!.id)!.state).toBe('expired');
  }, 30_000);

  it('a burst of 150 brute-force alerts is blocked in a few nft transactions, and undone the same way', async () => {
    const driver = nftBlockDriver(settings.nft);
    const burst = respondSettings.parse({ mode: 'enforce', nft: { table: 'wardwatch', netns: VIC }, limits: { maxTargetsPerHour: 1000 } });
    const engine = new ResponseEngine({
      settings: burst, playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks,
      db: store.db, audit: (e) => store.audit(e), drivers: [driver],
    });
    const ips = Array.from({ length: 150 }, (_, i) => `198.18.${i >> 8}.${(i & 255) + 1}`);
    const before = driver.batch.stats.transactions;
    // One alert per attacker, handed over one by one as the pipeline does.
    const recs = (await Promise.all(ips.map((ip, i) => engine.handle([bruteforceAlert(`al_burst_${i}`, [ip])])))).flat();
    expect(recs.map((r) => r.state)).toEqual(ips.map(() => 'done'));
    const listed = spawnSync('ip', ['netns', 'exec', VIC, 'nft', 'list', 'set', 'inet', 'wardwatch', 'blocklist'], { encoding: 'utf8' }).stdout;
    expect(listed.match(/198\.18\./g)).toHaveLength(150);
    expect(driver.batch.stats.transactions - before).toBeLessThanOrEqual(10);
    const undone = await Promise.all(recs.map((r) => engine.undo(r.id, { actor: 'user:ann', role: 'analyst' })));
    expect(undone.map((r) => r.state)).toEqual(ips.map(() => 'undone'));
    expect(spawnSync('ip', ['netns', 'exec', VIC, 'nft', 'list', 'set', 'inet', 'wardwatch', 'blocklist'], { encoding: 'utf8' }).stdout).not.toMatch(/198\.18\./);
    expect(driver.batch.stats.transactions - before).toBeLessThanOrEqual(20);
  }, 60_000);
});
