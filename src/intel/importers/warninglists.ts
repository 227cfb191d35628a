import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CidrTrie } from '../net/cidr-trie.js';
import { DomainTrie, normaliseDomain } from '../net/domain-trie.js';
import { parseCidr, type Cidr } from '../net/ip.js';
import type { Atom, AtomKind } from '../pattern/extract.js';

/** MISP attribute types a warning list declares (`matching_attributes`) → the atom kinds they cover. */
const ATTR_KINDS: Record<string, AtomKind[]> = {
  'ip-src': ['ip', 'cidr'], 'ip-dst': ['ip', 'cidr'], 'domain|ip': ['ip', 'cidr', 'domain'], 'ip-src|port': ['ip', 'cidr'], 'ip-dst|port': ['ip', 'cidr'],
  domain: ['domain'], hostname: ['domain'], 'hostname|port': ['domain'], url: ['url'], uri: ['url'], link: ['url'],
  md5: ['hash'], sha1: ['hash'], sha256: ['hash'], sha512: ['hash'], 'filename|md5': ['hash'], 'filename|sha1': ['hash'], 'filename|sha256': ['hash'],
  email: ['email'], 'email-src': ['email'], 'email-dst': ['email'], 'target-email': ['email'], 'whois-registrant-email': ['email'],
};

interface ListFile {
  name: string;
  type: 'cidr' | 'hostname' | 'string' | 'substring' | 'regex';
  list: string[];
  matching_attributes?: string[];
}

interface Loaded {
  id: string;
  name: string;
  kinds: Set<AtomKind>;
  nets?: Cidr[];
  hostList?: string[];
  strings?: string[];
  substrings?: string[];
  regexes?: RegExp[];
}

/** All lists that apply to one group of kinds, merged: one trie walk or hash probe per value. */
interface Index {
  cidr: CidrTrie<string>;
  hosts: DomainTrie<string>;
  strings: Map<string, string>;
  substrings: Array<[string, string]>;
  regexes: Array<[RegExp, string]>;
}

/** Kinds that share their lists (an address and a network are both checked against cidr lists). */
const GROUP: Record<AtomKind, string> = { ip: 'net', cidr: 'net', domain: 'domain', url: 'url', hash: 'hash', email: 'email' };

/**
 * MISP warning lists as a false-positive filter: a value on a list that applies to its kind
 * (per the list's `matching_attributes`) is known-benign infrastructure — a public DNS resolver,
 * a cloud range, a top site, an empty-file hash — and is not loaded as an indicator. The lists
 * that apply to a kind are merged into one index, so a check costs one lookup per structure,
 * not one per list.
 *
 * @example
 * const w = WarningLists.load('../shared/data/intel/misp-warninglists/lists');
 * w.check({ kind: 'ip', value: '8.8.8.8' }) // 'public-dns-v4'
 */
export class WarningLists {
  private readonly index = new Map<string, Index>();

  private constructor(private readonly lists: Loaded[], exclude: ReadonlySet<string>) {
    for (const l of lists) {
      if (exclude.has(l.id)) continue;
      for (const g of new Set([...l.kinds].map((k) => GROUP[k]))) {
        let ix = this.index.get(g);
        if (!ix) this.index.set(g, (ix = { cidr: new CidrTrie(), hosts: new DomainTrie(), strings: new Map(), substrings: [], regexes: [] }));
        for (const n of l.nets ?? []) ix.cidr.insert(n, l.id);
        for (const h of l.hostList ?? []) ix.hosts.insert(h, l.id, true);
        for (const v of l.strings ?? []) if (!ix.strings.has(v)) ix.strings.set(v, l.id);
        for (const v of l.substrings ?? []) ix.substrings.push([v, l.id]);
        for (const r of l.regexes ?? []) ix.regexes.push([r, l.id]);
      }
    }
  }

  /** Load every `<name>/list.json` under a directory (the layout of MISP/misp-warninglists `lists/`), minus `exclude`d list ids. */
  static load(dir: string, exclude: Iterable<string> = []): WarningLists {
    const out: Loaded[] = [];
    for (const id of readdirSync(dir).sort()) {
      const f = join(dir, id, 'list.json');
      try {
        if (!statSync(f).isFile()) continue;
      } catch {
        continue;
      }
      out.push(compile(id, JSON.parse(readFileSync(f, 'utf8')) as ListFile));
    }
    return new WarningLists(out, new Set(exclude));
  }

  /** Build from list objects (tests, or lists kept elsewhere). */
  static from(lists: Array<ListFile & { id: string }>): WarningLists {
    return new WarningLists(lists.map((l) => compile(l.id, l)), new Set());
  }

  /** How many lists are loaded. */
  get size(): number {
    return this.lists.length;
  }

  /** The id of a list the value is on, or `undefined` when it is not known-benign. */
  check(a: Atom): string | undefined {
    const ix = this.index.get(GROUP[a.kind]);
    if (!ix) return undefined;
    if (a.kind === 'ip' || a.kind === 'cidr') {
      const net = parseCidr(a.value);
      const hit = net && ix.cidr.lookup(net.bytes);
      if (hit) return hit;
    }
    const host = a.kind === 'url' ? urlHost(a.value) : a.kind === 'domain' ? a.value : undefined;
    if (host) {
      const hit = ix.hosts.lookup(host);
      if (hit) return hit.value;
    }
    const v = a.value.toLowerCase();
    const s = ix.strings.get(v);
    if (s) return s;
    for (const [sub, id] of ix.substrings) if (v.includes(sub)) return id;
    for (const [re, id] of ix.regexes) if (re.test(a.value)) return id;
    return undefined;
  }
}

function compile(id: string, f: ListFile): Loaded {
  const kinds = new Set<AtomKind>();
  for (const m of f.matching_attributes ?? []) for (const k of ATTR_KINDS[m] ?? []) kinds.add(k);
  // `domain|ip` names both halves: a cidr list holds the address half, any other list the domain half
  // (else an 8,000-entry substring list of mail domains would be scanned for every address).
  if (f.matching_attributes?.includes('domain|ip')) {
    const net = f.type === 'cidr';
    const direct = (f.matching_attributes ?? []).filter((m) => m !== 'domain|ip').flatMap((m) => ATTR_KINDS[m] ?? []);
    for (const k of ['ip', 'cidr', 'domain'] as const) if ((k === 'domain') === net && !direct.includes(k)) kinds.delete(k);
  }
  const l: Loaded = { id, name: f.name, kinds };
  switch (f.type) {
    case 'cidr':
      l.nets = f.list.map((e) => parseCidr(e)).filter((n): n is Cidr => n !== undefined);
      break;
    case 'hostname':
      l.hostList = f.list.filter((e) => e.trim()).map((e) => normaliseDomain(e.replace(/^\*?\./, '')));
      break;
    case 'string':
      l.strings = f.list.map((e) => e.trim().toLowerCase());
      break;
    case 'substring':
      l.substrings = f.list.map((e) => e.toLowerCase()).filter(Boolean);
      break;
    case 'regex':
      l.regexes = f.list.flatMap((e) => {
        // MISP writes regexes with delimiters and flags (/…/i) as PHP does.
        const m = /^\/(.*)\/([a-z]*)$/s.exec(e);
        try {
          return [m ? new RegExp(m[1]!, m[2]!.replace(/[^imsu]/g, '')) : new RegExp(e)];
        } catch {
          return [];
        }
      });
      break;
  }
  return l;
}

function urlHost(u: string): string | undefined {
  try {
    return new URL(u).hostname;
  } catch {
    return undefined;
  }
}
