import { describe, expect, it } from 'vitest';
import { NftBatcher, elementKey, elementsOf, type NftRunner } from './nft-batch.js';

/**
 * A stand-in for the `nft` binary that keeps one set in memory and, like nft, applies a script
 * all-or-nothing (a delete of an absent element fails the whole transaction). The real binary is
 * exercised in test/respond-nftables.test.ts.
 */
function fakeNft(): { run: NftRunner; held: Set<string>; calls: string[][] } {
  const held = new Set<string>();
  const calls: string[][] = [];
  const run: NftRunner = async (args, stdin) => {
    calls.push(args);
    await new Promise((r) => setTimeout(r, 5));
    if (args[0] === '-j') return { code: 0, out: JSON.stringify({ nftables: [{ set: { elem: [...held].map((v) => ({ elem: { val: v, timeout: 9 } })) } }] }), err: '' };
    const next = new Set(held);
    for (const line of (stdin ?? '').trim().split('\n')) {
      const m = /^(add|delete) element inet \w+ \w+ \{ (\S+)/.exec(line)!;
      if (m[1] === 'add') next.add(m[2]!);
      else if (!next.delete(m[2]!)) return { code: 1, out: '', err: `Error: element does not exist: ${m[2]}` };
    }
    held.clear();
    for (const v of next) held.add(v);
    return { code: 0, out: '', err: '' };
  };
  return { run, held, calls };
}

describe('NftBatcher', () => {
  it('puts a burst of adds into one transaction and answers their checks with one listing', async () => {
    const nft = fakeNft();
    const b = new NftBatcher(nft.run, 'wardwatch', async () => {});
    const ips = Array.from({ length: 200 }, (_, i) => `10.9.${i >> 8}.${i & 255}`);
    await Promise.all(ips.map((ip) => b.add('blocklist', ip, '86400s')));
    expect(nft.held.size).toBe(200);
    expect(b.stats.transactions).toBe(1);
    expect(await Promise.all(ips.map((ip) => b.has('blocklist', ip)))).toEqual(ips.map(() => true));
    expect(await b.has('blocklist', '10.8.0.1')).toBe(false);
    expect(b.stats.listings).toBe(2);
  });

  it('retries each change alone when the transaction is refused, so one bad change fails only itself', async () => {
    const nft = fakeNft();
    const b = new NftBatcher(nft.run, 'wardwatch', async () => {});
    const results = await Promise.allSettled([b.add('blocklist', '10.0.0.1', '60s'), b.delete('blocklist', '10.0.0.99'), b.add('blocklist', '10.0.0.2', '60s')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/delete element failed: .*does not exist/);
    expect([...nft.held].sort()).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('fails every change with the reason when the table cannot be made', async () => {
    const nft = fakeNft();
    const b = new NftBatcher(nft.run, 'wardwatch', async () => { throw new Error('nft: cannot create table inet wardwatch: Operation not permitted'); });
    await expect(b.add('blocklist', '10.0.0.1', '60s')).rejects.toThrow(/Operation not permitted/);
    // …and is not stuck: the next change is tried again.
    await expect(b.add('blocklist', '10.0.0.2', '60s')).rejects.toThrow(/cannot create table/);
  });

  it('compares elements the way nft lists them (IPv6 compressed, host prefixes bare)', () => {
    const json = JSON.stringify({ nftables: [{ metainfo: {} }, { set: { elem: [
      { elem: { val: '2001:db8::1', timeout: 100 } },
      { elem: { val: { prefix: { addr: '10.1.0.0', len: 16 } }, timeout: 50 } },
      { elem: { val: { prefix: { addr: '2001:db8:1::', len: 48 } } } },
    ] } }] });
    const keys = elementsOf(json);
    expect(keys.has(elementKey('2001:0db8:0:0:0:0:0:1'))).toBe(true);
    expect(keys.has(elementKey('2001:db8::1/128'))).toBe(true);
    expect(keys.has(elementKey('10.1.0.0/16'))).toBe(true);
    expect(keys.has(elementKey('2001:db8:1::/48'))).toBe(true);
    expect(keys.has(elementKey('10.1.0.0/24'))).toBe(false);
  });
});
