import { isIP } from 'node:net';

/** Runs `nft ARGS` (stdin optional) and reports the exit code and output; never throws. */
export type NftRunner = (args: string[], stdin?: string) => Promise<{ code: number; out: string; err: string }>;

type Write = { kind: 'add' | 'delete'; set: string; elem: string; timeout?: string; done: (err?: Error) => void };
type Read = { kind: 'has'; set: string; elem: string; done: (held: boolean) => void };

/** The full 8-group, zero-padded form of an IPv6 address (to compare what nft prints with what we sent). */
function expand6(a: string): string {
  const [head, tail] = a.includes('::') ? a.split('::') as [string, string] : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0').toLowerCase()).join(':');
}

/**
 * The form of an address or CIDR that a set listing and a target are compared in: IPv6 expanded,
 * a host prefix (`/32`, `/128`) written as the bare address, as nftables lists it.
 *
 * @example
 * elementKey('2001:db8::1/128') // '2001:0db8:0000:0000:0000:0000:0000:0001'
 */
export function elementKey(v: string): string {
  const [addr, bits] = v.split('/') as [string, string | undefined];
  const six = isIP(addr) === 6;
  const a = six ? expand6(addr) : addr;
  return bits === undefined || Number(bits) === (six ? 128 : 32) ? a : `${a}/${Number(bits)}`;
}

/** Keys of the elements in one set, from `nft -j list set` (plain values, prefixes, ranges are skipped). */
export function elementsOf(json: string): Set<string> {
  const keys = new Set<string>();
  const doc = JSON.parse(json) as { nftables?: Array<{ set?: { elem?: unknown[] } }> };
  const key = (v: unknown): string | undefined => {
    if (typeof v === 'string') return elementKey(v);
    if (v && typeof v === 'object') {
      const o = v as { elem?: { val?: unknown }; prefix?: { addr?: unknown; len?: unknown } };
      if (o.elem) return key(o.elem.val);
      if (o.prefix && typeof o.prefix.addr === 'string') return elementKey(`${o.prefix.addr}/${String(o.prefix.len)}`);
    }
    return undefined;
  };
  for (const item of doc.nftables ?? []) {
    for (const e of item.set?.elem ?? []) {
      const k = key(e);
      if (k) keys.add(k);
    }
  }
  return keys;
}

/**
 * Group commit for nftables set changes: element adds and deletes that arrive while a transaction
 * is running (or within `windowMs` of the first) go into the next single `nft -f -` transaction,
 * and membership checks into one `nft -j list set` per set. A burst of 200 blocks then costs a few
 * process spawns instead of two per block. If a transaction is refused as a whole (one bad element
 * fails all of it), each change is retried alone so one bad target cannot fail the others.
 *
 * @example
 * const b = new NftBatcher(run, 'wardwatch', ensureTable);
 * await Promise.all(ips.map((ip) => b.add('blocklist', ip, '86400s')));
 */
export class NftBatcher {
  private queue: Array<Write | Read> = [];
  private running: Promise<void> | undefined;
  /** Transactions and listings run so far (for tests and the benchmark). */
  readonly stats = { transactions: 0, listings: 0, changes: 0 };

  constructor(
    private readonly run: NftRunner,
    private readonly table: string,
    private readonly ensure: () => Promise<void>,
    private readonly windowMs = 5,
  ) {}

  /** Add an element with a timeout (e.g. `86400s`); adding one already there is not an error. */
  add(set: string, elem: string, timeout: string): Promise<void> {
    return new Promise((resolve, reject) => this.push({ kind: 'add', set, elem, timeout, done: (e) => (e ? reject(e) : resolve()) }));
  }

  /** Delete an element; the caller checks it is there (a delete of an absent element fails). */
  delete(set: string, elem: string): Promise<void> {
    return new Promise((resolve, reject) => this.push({ kind: 'delete', set, elem, done: (e) => (e ? reject(e) : resolve()) }));
  }

  /** Whether the set holds the element (false when the table or set is missing). */
  has(set: string, elem: string): Promise<boolean> {
    return new Promise((resolve) => this.push({ kind: 'has', set, elem, done: resolve }));
  }

  private push(op: Write | Read): void {
    this.queue.push(op);
    if (this.running) return; // the running drain picks it up
    this.running = (async () => {
      // A short window lets the rest of a burst join the first transaction.
      if (this.windowMs > 0) await new Promise((r) => setTimeout(r, this.windowMs));
      while (this.queue.length) await this.flush(this.queue.splice(0)).catch(() => {}); // flush settles every op itself
      this.running = undefined; // synchronously after the last check: nothing can slip in between
    })();
  }

  private async flush(ops: Array<Write | Read>): Promise<void> {
    const writes = ops.filter((o): o is Write => o.kind !== 'has');
    const reads = ops.filter((o): o is Read => o.kind === 'has');
    if (writes.length) {
      try {
        await this.ensure();
        const r = await this.transact(writes);
        if (r === undefined) for (const w of writes) w.done();
        else if (writes.length === 1) writes[0]!.done(new Error(r));
        else for (const w of writes) { const e = await this.transact([w]); w.done(e === undefined ? undefined : new Error(e)); }
      } catch (err) {
        for (const w of writes) w.done(err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (reads.length) {
      const bySet = new Map<string, Set<string> | undefined>();
      for (const set of new Set(reads.map((r) => r.set))) {
        this.stats.listings++;
        const r = await this.run(['-j', 'list', 'set', 'inet', this.table, set]);
        let keys: Set<string> | undefined;
        try { keys = r.code === 0 ? elementsOf(r.out) : undefined; } catch { keys = undefined; }
        bySet.set(set, keys);
      }
      for (const r of reads) r.done(bySet.get(r.set)?.has(elementKey(r.elem)) ?? false);
    }
  }

  /** One transaction of changes; the error text, or undefined when applied. */
  private async transact(writes: Write[]): Promise<string | undefined> {
    const lines = writes.map((w) => w.kind === 'add'
      ? `add element inet ${this.table} ${w.set} { ${w.elem} timeout ${w.timeout} }`
      : `delete element inet ${this.table} ${w.set} { ${w.elem} }`);
    this.stats.transactions++;
    this.stats.changes += writes.length;
    const r = await this.run(['-f', '-'], `${lines.join('\n')}\n`);
    return r.code === 0 ? undefined : `nft ${writes.length === 1 ? `${writes[0]!.kind} element` : 'transaction'} failed: ${r.err.trim() || `exit ${r.code}`}`;
  }
}
