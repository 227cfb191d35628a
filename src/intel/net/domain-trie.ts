/**
 * Domains keyed by their labels reversed (`evil.example.com` → com → example → evil), so one
 * walk answers "is this host, or any domain above it, listed": `a.b.evil.example.com` finds
 * `evil.example.com`. A node either matches only itself (`exact`) or its subdomains too.
 *
 * @example
 * const t = new DomainTrie<string>(); t.insert('evil.example.com', 'feed', true);
 * t.lookup('cdn.evil.example.com') // { value: 'feed', domain: 'evil.example.com' }
 */
export class DomainTrie<V> {
  private readonly root: Node<V> = { children: new Map() };
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Store a domain; `subdomains` makes it match every name below it too. First value wins. */
  insert(domain: string, value: V, subdomains = true): V {
    const labels = normaliseDomain(domain).split('.').reverse();
    let n = this.root;
    for (const l of labels) {
      let c = n.children.get(l);
      if (!c) n.children.set(l, (c = { children: new Map() }));
      n = c;
    }
    if (n.value !== undefined) {
      n.subdomains ||= subdomains;
      return n.value;
    }
    n.value = value;
    n.subdomains = subdomains;
    this.count++;
    return value;
  }

  /** The most specific listed domain covering `host`, or `undefined`. */
  lookup(host: string): { value: V; domain: string } | undefined {
    const labels = normaliseDomain(host).split('.');
    let n: Node<V> | undefined = this.root;
    let best: { value: V; depth: number } | undefined;
    for (let i = labels.length - 1; i >= 0; i--) {
      n = n.children.get(labels[i]!);
      if (!n) break;
      if (n.value !== undefined && (i === 0 || n.subdomains)) best = { value: n.value, depth: i };
    }
    return best && { value: best.value, domain: labels.slice(best.depth).join('.') };
  }
}

interface Node<V> {
  children: Map<string, Node<V>>;
  value?: V;
  subdomains?: boolean;
}

/** Lower case, no trailing dot, no surrounding whitespace. */
export function normaliseDomain(d: string): string {
  return d.trim().toLowerCase().replace(/\.$/, '');
}
