import { type Cidr } from './ip.js';

/**
 * A binary trie of networks (IPv4 and IPv6 in separate roots) answering "which stored networks
 * contain this address", longest prefix first. Nodes live in flat typed arrays (two child
 * indexes and a value index per node) rather than objects: a million /32s cost ~12 bytes per
 * node instead of ~100, and lookups touch no hidden classes.
 *
 * @example
 * const t = new CidrTrie<string>(); t.insert(parseCidr('10.0.0.0/8')!, 'rfc1918');
 * t.lookup(parseIp('10.1.2.3')!) // 'rfc1918'
 */
export class CidrTrie<V> {
  private zero = new Int32Array(1024);
  private one = new Int32Array(1024);
  private val = new Int32Array(1024).fill(-1);
  private nodes = 2; // node 0: IPv4 root, node 1: IPv6 root
  private readonly values: V[] = [];

  /** Number of stored networks. */
  get size(): number {
    return this.values.length;
  }

  private grow(): void {
    const n = this.zero.length * 2;
    const z = new Int32Array(n); z.set(this.zero); this.zero = z;
    const o = new Int32Array(n); o.set(this.one); this.one = o;
    const v = new Int32Array(n).fill(-1); v.set(this.val); this.val = v;
  }

  /** Store `value` for a network; a network stored twice keeps the first value (returned). */
  insert(net: Cidr, value: V): V {
    let node = net.bytes.length === 4 ? 0 : 1;
    for (let i = 0; i < net.prefix; i++) {
      const bit = (net.bytes[i >> 3]! >> (7 - (i & 7))) & 1;
      const arr = bit ? this.one : this.zero;
      let next = arr[node]!;
      if (next === 0) {
        if (this.nodes >= this.zero.length) this.grow();
        next = this.nodes++;
        (bit ? this.one : this.zero)[node] = next;
      }
      node = next;
    }
    const existing = this.val[node]!;
    if (existing >= 0) return this.values[existing]!;
    this.val[node] = this.values.length;
    this.values.push(value);
    return value;
  }

  /** The most specific stored network containing `ip`, or `undefined`. */
  lookup(ip: Uint8Array): V | undefined {
    let node = ip.length === 4 ? 0 : 1;
    let found = this.val[node]!;
    const bits = ip.length * 8;
    for (let i = 0; i < bits; i++) {
      const bit = (ip[i >> 3]! >> (7 - (i & 7))) & 1;
      node = bit ? this.one[node]! : this.zero[node]!;
      if (node === 0) break;
      if (this.val[node]! >= 0) found = this.val[node]!;
    }
    return found >= 0 ? this.values[found] : undefined;
  }

  /** Bytes held by the node arrays (for the memory figures of the benchmark). */
  byteSize(): number {
    return this.zero.byteLength + this.one.byteLength + this.val.byteLength;
  }
}
