import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { parseDuration } from '../../core/duration.js';
import { isAddressOrCidr } from '../net.js';
import { NftBatcher } from './nft-batch.js';
import type { ActionDriver, ActionInput } from './types.js';

/** A Linux gateway reached over SSH (OpenSSH client, key authentication, pinned host key). */
export interface NftGateway {
  host: string;
  port: number;
  user: string;
  /** The private key's path (never read by Wardwatch: handed to `ssh -i`). */
  keyFile: string;
  /** A known_hosts file holding the gateway's host key: an unknown or changed key is refused. */
  knownHostsFile: string;
  connectTimeout: string;
}

/**
 * Where nft runs: on this host, or inside a network namespace (`ip netns exec NAME nft …`), or on
 * a gateway over SSH (and there, optionally, inside a namespace of the gateway).
 */
export interface NftOptions {
  table: string;
  netns?: string | undefined;
  gateway?: NftGateway | undefined;
}

/** The argv that runs `nft ARGS` where the options say. */
export function nftCommand(opts: NftOptions, args: string[]): [string, string[]] {
  const local = opts.netns ? ['ip', 'netns', 'exec', opts.netns, 'nft', ...args] : ['nft', ...args];
  const g = opts.gateway;
  if (!g) return [local[0]!, local.slice(1)];
  // The remote side runs one shell command line: every word single-quoted.
  const remote = local.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ');
  return ['ssh', [
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${g.knownHostsFile}`,
    '-o', 'IdentitiesOnly=yes', '-o', `ConnectTimeout=${Math.max(1, Math.ceil(parseDuration(g.connectTimeout) / 1000))}`,
    '-o', 'LogLevel=ERROR', '-i', g.keyFile, '-p', String(g.port), '-l', g.user, '--', g.host, remote,
  ]];
}

function run(opts: NftOptions, args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const [cmd, argv] = nftCommand(opts, args);
  const where = opts.gateway ? `gateway ${opts.gateway.user}@${opts.gateway.host}:${opts.gateway.port}: ` : '';
  return new Promise((resolve) => {
    const child = execFile(cmd, argv, { timeout: 10_000 + (opts.gateway ? parseDuration(opts.gateway.connectTimeout) : 0) }, (error, out, err) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 127) : 0;
      const text = String(err || (error && !err ? error.message : ''));
      // ssh's own failures (exit 255: unreachable, host key refused, auth refused) name the gateway,
      // in ssh's last line ("Host key verification failed.", "…: Connection refused"), not its banner.
      const last = text.trim().split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? text;
      resolve({ code, out: String(out), err: text && opts.gateway && (code === 255 || code === 127) ? `${where}${last}` : text });
    });
    child.stdin?.on('error', () => {}); // the far side may be gone before stdin is written
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });
}

/** The table's sets and chains: addresses in `blocklist`/`blocklist6` are dropped on input and forward. */
function tableScript(table: string): string {
  return `table inet ${table} {
  set blocklist { type ipv4_addr; flags interval, timeout; }
  set blocklist6 { type ipv6_addr; flags interval, timeout; }
  chain input { type filter hook input priority -10; policy accept; ip saddr @blocklist drop; ip6 saddr @blocklist6 drop; }
  chain forward { type filter hook forward priority -10; policy accept; ip saddr @blocklist drop; ip6 saddr @blocklist6 drop; }
}
`;
}

/** nftables wants whole seconds; at least one. */
function timeout(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/**
 * `block-ip`: add the address (or CIDR) to an nftables set with a timeout, so the kernel lifts the
 * block itself even if Wardwatch is down; undo deletes the element. The table is created when absent.
 * Changes and checks from concurrent actions are batched ({@link NftBatcher}): a burst of blocks is
 * one `nft -f -` transaction and one `nft -j list set`.
 *
 * @example
 * nft -f - <<< 'add element inet wardwatch blocklist { 203.0.113.9 timeout 86400s }'
 */
export function nftBlockDriver(opts: NftOptions): ActionDriver & { batch: NftBatcher } {
  let ready: Promise<void> | undefined;
  const ensure = () => {
    ready ??= (async () => {
      if ((await run(opts, ['list', 'table', 'inet', opts.table])).code === 0) return;
      const r = await run(opts, ['-f', '-'], tableScript(opts.table));
      if (r.code !== 0) throw new Error(`nft: cannot create table inet ${opts.table}: ${r.err.trim()}`);
    })().catch((err: unknown) => { ready = undefined; throw err; });
    return ready;
  };
  const batch = new NftBatcher((args, stdin) => run(opts, args, stdin), opts.table, ensure);
  const setOf = (t: string) => {
    if (!isAddressOrCidr(t)) throw new Error(`not an address or CIDR: "${t}"`);
    return isIP(t.split('/')[0]!) === 6 ? 'blocklist6' : 'blocklist';
  };
  const has = (i: ActionInput) => batch.has(setOf(i.target), i.target);
  return {
    type: 'block-ip',
    disruptive: true,
    batch,
    // `add` of an element already there is not an error: retries are idempotent.
    do: (i) => batch.add(setOf(i.target), i.target, timeout(i.expiryMs)),
    async undo(i) {
      const set = setOf(i.target);
      if (!(await has(i))) return; // gone already (expired in the kernel, or the table was flushed)
      try {
        await batch.delete(set, i.target);
      } catch (err) {
        if (await has(i)) throw err;
      }
    },
    verify: has,
  };
}
