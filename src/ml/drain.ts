import { compileMasks, DEFAULT_MASKS, type MaskRule } from './drain-masks.js';

export const WILDCARD = '<*>';

/** Drain settings. Defaults are the paper's (depth 4, similarity 0.5, 100 children). */
export interface DrainOptions {
  /** Tree depth including the root and the length layer: depth − 2 leading tokens route a line. Default 4. */
  depth?: number;
  /** A line joins a template when at least this share of its tokens equal the template's. Default 0.5. */
  similarity?: number;
  /** Children per inner node before new tokens share a wildcard child. Default 100. */
  maxChildren?: number;
  /** Templates kept; past it the least recently seen is evicted (counted). Default 1,000. */
  maxTemplates?: number;
  /** Characters of a line mined; the rest is dropped (counted). Default 2,048. */
  maxLineLength?: number;
  /** Tokens of a line mined; the rest is dropped (counted as truncated). Default 128. */
  maxTokens?: number;
  /**
   * Mask-aware similarity (default true): a masked token counts as equal to a template's `<*>`.
   * False = logparser's Drain, where a `<*>` never counts towards similarity, so heavily masked lines
   * (many variables, few words) keep splitting into new templates.
   */
  maskAware?: boolean;
  /** Variables masked before the tree search. Default {@link DEFAULT_MASKS}; `[]` masks nothing. */
  masks?: readonly MaskRule[];
}

/** A mined template. `id` never changes; `version` goes up each time a merge widens it. */
export interface DrainTemplate {
  id: number;
  tokens: string[];
  version: number;
  /** Lines matched. */
  count: number;
}

/** The outcome of one line. */
export interface DrainMatch {
  template: DrainTemplate;
  /** `new`: first line of a template; `merged`: the template gained a wildcard; `none`: matched as is. */
  change: 'new' | 'merged' | 'none';
  truncated: boolean;
  /** Ids of templates evicted to make room (the caller drops what it keeps about them). */
  evicted?: number[];
}

/** Counters for telemetry and reports. */
export interface DrainStats { lines: number; templates: number; created: number; merged: number; evicted: number; truncated: number }

/** Serialised state: templates in least- to most-recently-seen order (the tree is rebuilt on load). */
export interface DrainJSON {
  v: 1;
  options: Required<Omit<DrainOptions, 'masks'>> & { masks: MaskRule[] };
  nextId: number;
  stats: DrainStats;
  templates: Array<[id: number, version: number, count: number, template: string]>;
}

interface Inner { children: Map<string, Inner>; leaf: DrainTemplate[] | undefined; parent: Inner | undefined; key: string; len: number }

const hasDigit = (s: string): boolean => /\d/.test(s);

/**
 * Drain, the online log parser of He et al. (ICWS 2017): a line is masked, split on whitespace,
 * routed by its token count and then its first depth − 2 tokens (tokens with digits go to a wildcard
 * child) to a leaf holding a few templates; it joins the most similar one if similarity ≥ threshold
 * (differing positions become `<*>`), else starts a new template. Bounded: a cap on templates with
 * least-recently-seen eviction, and on line length and token count.
 *
 * @example
 * const d = new Drain();
 * d.add('Connection from 10.0.0.1 closed');
 * d.add('Connection from 10.0.0.2 closed').template.tokens.join(' ') // 'Connection from <*> closed'
 */
export class Drain {
  private readonly root = new Map<number, Inner>();
  /** Templates by id in least- to most-recently-seen order (a Map keeps insertion order). */
  private readonly lru = new Map<number, DrainTemplate>();
  private readonly leafOf = new Map<number, Inner>();
  private readonly mask: RegExp | undefined;
  private nextId = 1;
  readonly options: DrainJSON['options'];
  readonly stats: DrainStats = { lines: 0, templates: 0, created: 0, merged: 0, evicted: 0, truncated: 0 };

  constructor(opts: DrainOptions = {}) {
    this.options = {
      depth: Math.max(3, Math.floor(opts.depth ?? 4)),
      similarity: Math.min(1, Math.max(0, opts.similarity ?? 0.5)),
      maxChildren: Math.max(2, Math.floor(opts.maxChildren ?? 100)),
      maxTemplates: Math.max(1, Math.floor(opts.maxTemplates ?? 1000)),
      maxLineLength: Math.max(16, Math.floor(opts.maxLineLength ?? 2048)),
      maxTokens: Math.max(1, Math.floor(opts.maxTokens ?? 128)),
      masks: [...(opts.masks ?? DEFAULT_MASKS)],
      maskAware: opts.maskAware ?? true,
    };
    this.mask = compileMasks(this.options.masks);
  }

  /** Mask and split a line as `add` does (exposed for explanations and tests). */
  tokenize(line: string): { tokens: string[]; truncated: boolean } {
    let truncated = false;
    if (line.length > this.options.maxLineLength) { line = line.slice(0, this.options.maxLineLength); truncated = true; }
    const masked = this.mask ? line.replace(this.mask, WILDCARD) : line;
    let tokens = masked.split(/\s+/).filter(Boolean);
    if (tokens.length > this.options.maxTokens) { tokens = tokens.slice(0, this.options.maxTokens); truncated = true; }
    return { tokens, truncated };
  }

  /** Learn from one line: the template it belongs to, created or widened as needed. */
  add(line: string): DrainMatch {
    const { tokens, truncated } = this.tokenize(line);
    this.stats.lines++;
    if (truncated) this.stats.truncated++;
    // Search first (an unknown token falls back to the wildcard child, as Drain's tree search does);
    // only a line no template takes grows the tree.
    const found = this.nodeFor(tokens, false)?.leaf;
    const hit = found ? this.bestIn(found, tokens) : undefined;
    let change: DrainMatch['change'] = 'none';
    let t: DrainTemplate;
    if (hit) {
      t = hit;
      let widened = false;
      for (let i = 0; i < tokens.length; i++) if (t.tokens[i] !== tokens[i] && t.tokens[i] !== WILDCARD) { t.tokens[i] = WILDCARD; widened = true; }
      if (widened) { t.version++; this.stats.merged++; change = 'merged'; }
      t.count++;
      this.lru.delete(t.id);
      this.lru.set(t.id, t);
    } else {
      t = { id: this.nextId++, tokens: [...tokens], version: 1, count: 1 };
      const node = this.nodeFor(tokens, true)!;
      node.leaf!.push(t);
      this.leafOf.set(t.id, node);
      this.lru.set(t.id, t);
      this.stats.created++;
      change = 'new';
      const evicted = this.evict();
      if (evicted.length) { this.stats.templates = this.lru.size; return { template: t, change, truncated, evicted }; }
    }
    this.stats.templates = this.lru.size;
    return { template: t, change, truncated };
  }

  /** The template a line would join, without learning (undefined when none is similar enough). */
  match(line: string): DrainTemplate | undefined {
    const { tokens } = this.tokenize(line);
    const leaf = this.nodeFor(tokens, false)?.leaf;
    return leaf ? this.bestIn(leaf, tokens) : undefined;
  }

  /** A template by id. */
  get(id: number): DrainTemplate | undefined {
    return this.lru.get(id);
  }

  /** Inner nodes of the prefix tree (a size measure: it shrinks as templates are evicted). */
  get nodes(): number {
    let n = 0;
    const walk = (m: Map<unknown, Inner>) => { for (const c of m.values()) { n++; walk(c.children); } };
    walk(this.root);
    return n;
  }

  /** All templates, least recently seen first. */
  templates(): DrainTemplate[] {
    return [...this.lru.values()];
  }

  private evict(): number[] {
    const out: number[] = [];
    while (this.lru.size > this.options.maxTemplates) {
      const oldest = this.lru.keys().next().value as number;
      this.lru.delete(oldest);
      const node = this.leafOf.get(oldest);
      this.leafOf.delete(oldest);
      if (node?.leaf) { const i = node.leaf.findIndex((x) => x.id === oldest); if (i >= 0) node.leaf.splice(i, 1); }
      this.prune(node);
      this.stats.evicted++;
      out.push(oldest);
    }
    return out;
  }

  /** Remove a node left empty by an eviction, and its empty ancestors: the tree shrinks with the templates. */
  private prune(node: Inner | undefined): void {
    while (node && !node.leaf?.length && node.children.size === 0) {
      if (node.parent) node.parent.children.delete(node.key);
      else this.root.delete(node.len);
      node = node.parent;
    }
  }

  /**
   * The leaf for a token sequence: first by length, then up to depth − 2 leading tokens. With
   * `create`, missing nodes are added the way Drain does (digits → wildcard child; a full node sends
   * new tokens to its wildcard child); without it, an unknown token falls back to the wildcard child.
   */
  private nodeFor(tokens: string[], create: boolean): Inner | undefined {
    const first = this.root.get(tokens.length);
    if (!first && !create) return undefined;
    let node: Inner = first ?? { children: new Map(), leaf: undefined, parent: undefined, key: '', len: tokens.length };
    if (!first) this.root.set(tokens.length, node);
    const steps = Math.min(this.options.depth - 2, tokens.length);
    for (let i = 0; i < steps; i++) {
      const tok = tokens[i]!;
      let next: Inner | undefined = node.children.get(tok);
      if (!next && !create) next = node.children.get(WILDCARD);
      if (!next && create) {
        const key = hasDigit(tok) || node.children.size >= this.options.maxChildren - 1 ? WILDCARD : tok;
        next = node.children.get(key);
        if (!next) { next = { children: new Map(), leaf: undefined, parent: node, key, len: tokens.length }; node.children.set(key, next); }
      }
      if (!next) return undefined;
      node = next;
    }
    if (!node.leaf && create) node.leaf = [];
    return node;
  }

  /** Most similar template in a leaf (ties: more wildcards), if similar enough. */
  private bestIn(leaf: DrainTemplate[], tokens: string[]): DrainTemplate | undefined {
    let best: DrainTemplate | undefined, bestSim = -1, bestPar = -1;
    const aware = this.options.maskAware, n = tokens.length;
    // A template with more mismatches than this cannot reach the threshold: stop comparing it early.
    const allowed = n - Math.ceil(this.options.similarity * n - 1e-9);
    for (const t of leaf) {
      let same = 0, par = 0, miss = 0;
      const tt = t.tokens;
      for (let i = 0; i < n; i++) {
        const a = tt[i], b = tokens[i];
        if (a === WILDCARD) par++;
        if (a === WILDCARD ? aware && b === WILDCARD : a === b) same++;
        else if (++miss > allowed) break;
      }
      if (miss > allowed) continue;
      const sim = n ? same / n : 1;
      if (sim > bestSim || (sim === bestSim && par > bestPar)) { best = t; bestSim = sim; bestPar = par; }
    }
    return best && bestSim >= this.options.similarity ? best : undefined;
  }

  /** State for persistence (templates only; the tree is rebuilt from them). */
  toJSON(): DrainJSON {
    return {
      v: 1, options: this.options, nextId: this.nextId, stats: { ...this.stats },
      templates: [...this.lru.values()].map((t) => [t.id, t.version, t.count, t.tokens.join(' ')]),
    };
  }

  /** Rebuild from {@link toJSON} output; malformed entries are skipped, not trusted. */
  static fromJSON(j: DrainJSON): Drain {
    if (!j || j.v !== 1 || !Array.isArray(j.templates)) throw new Error('drain state: unknown format');
    const d = new Drain(j.options);
    for (const row of j.templates) {
      if (!Array.isArray(row) || typeof row[3] !== 'string' || !Number.isInteger(row[0])) continue;
      const tokens = row[3].split(' ').filter(Boolean);
      const t: DrainTemplate = { id: row[0], version: Math.max(1, Number(row[1]) || 1), count: Math.max(0, Number(row[2]) || 0), tokens };
      const node = d.nodeFor(tokens, true)!;
      node.leaf!.push(t);
      d.leafOf.set(t.id, node);
      d.lru.set(t.id, t);
      d.nextId = Math.max(d.nextId, t.id + 1);
    }
    d.nextId = Math.max(d.nextId, Number(j.nextId) || 1);
    Object.assign(d.stats, j.stats ?? {}, { templates: d.lru.size });
    d.evict();
    return d;
  }
}

/** Render a template's tokens as text. */
export function templateText(t: DrainTemplate): string {
  return t.tokens.join(' ');
}
