import { inCidr, parseCidr, parseIp } from '../net/ip.js';
import type { Comparison, Literal, ObjectPath, Observation } from './ast.js';

/**
 * One observation to match against: a time window and the cyber-observables seen in it, keyed
 * as in observed-data (`objects` of STIX 2.0, or SCO ids of 2.1); `*_ref` properties resolve
 * through these keys.
 */
export interface ObservationInput {
  first: number;
  last: number;
  objects: Record<string, { type: string; [k: string]: unknown }>;
}

/** A way an observation expression matched: which observations (indexes) and their time span. */
interface Match {
  obs: number[];
  first: number;
  last: number;
}

/** Bound on the alternatives kept per node, so a hostile pattern cannot explode combinatorially. */
const MAX_MATCHES = 1000;

/**
 * Evaluate a parsed pattern over time-ordered observations (STIX 2.1 section 9.5 semantics):
 * a comparison expression matches one observation; AND/OR between observation expressions
 * combine matches of distinct observations; FOLLOWEDBY requires the left match to end no later
 * than the right one starts; WITHIN bounds the span; REPEATS needs n distinct matches;
 * START/STOP keeps observations inside the window. A comparison on a property that is absent
 * is false, with or without NOT.
 *
 * @example evaluatePattern(parsePattern("[ipv4-addr:value ISSUBSET '10.0.0.0/8']"), [{ first: 0, last: 0, objects: { 0: { type: 'ipv4-addr', value: '10.1.1.1' } } }]) // true
 */
export function evaluatePattern(p: Observation, observations: ObservationInput[]): boolean {
  return matches(p, observations).length > 0;
}

function matches(p: Observation, obs: ObservationInput[]): Match[] {
  switch (p.kind) {
    case 'observation': {
      const out: Match[] = [];
      obs.forEach((o, i) => {
        if (out.length < MAX_MATCHES && comparisonMatches(p.comparison, o)) out.push({ obs: [i], first: o.first, last: o.last });
      });
      return out;
    }
    case 'or':
      return [...matches(p.left, obs), ...matches(p.right, obs)].slice(0, MAX_MATCHES);
    case 'and':
      return combine(matches(p.left, obs), matches(p.right, obs), () => true);
    case 'followedby':
      return combine(matches(p.left, obs), matches(p.right, obs), (a, b) => a.last <= b.first);
    case 'within':
      return matches(p.expr, obs).filter((m) => m.last - m.first <= p.seconds * 1000);
    case 'startstop':
      return matches(p.expr, obs).filter((m) => m.first >= p.start && m.last < p.stop);
    case 'repeats': {
      let acc: Match[] = matches(p.expr, obs);
      const base = acc;
      for (let k = 1; k < p.times; k++) acc = combine(acc, base, (a, b) => a.obs[a.obs.length - 1]! < b.obs[0]!);
      return acc;
    }
  }
}

function combine(as: Match[], bs: Match[], ok: (a: Match, b: Match) => boolean): Match[] {
  const out: Match[] = [];
  for (const a of as) {
    for (const b of bs) {
      if (out.length >= MAX_MATCHES) return out;
      if (a.obs.some((x) => b.obs.includes(x)) || !ok(a, b)) continue;
      out.push({ obs: [...a.obs, ...b.obs].sort((x, y) => x - y), first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) });
    }
  }
  return out;
}

/**
 * Does one observation satisfy a comparison expression? Tests on the same object type inside
 * one comparison expression must hold for the same object (spec 9.5), so the expression is
 * tried with each object of each type it names bound in turn.
 */
export function comparisonMatches(c: Comparison, o: ObservationInput): boolean {
  const types = [...new Set(typesOf(c))];
  const candidates = types.map((t) => Object.values(o.objects).filter((x) => x.type === t));
  if (candidates.some((cs) => cs.length === 0)) {
    // A type with no object makes its tests false; an OR may still hold through another type.
    return evalWith(c, o, new Map(types.map((t, i) => [t, candidates[i]![0]])));
  }
  const binding = new Map<string, Record<string, unknown> | undefined>();
  let tries = 0;
  const rec = (k: number): boolean => {
    if (k === types.length) return ++tries <= 10_000 && evalWith(c, o, binding);
    for (const cand of candidates[k]!) {
      binding.set(types[k]!, cand);
      if (rec(k + 1)) return true;
    }
    return false;
  };
  return rec(0);
}

function typesOf(c: Comparison): string[] {
  return c.kind === 'and' || c.kind === 'or' ? [...typesOf(c.left), ...typesOf(c.right)] : [c.path.type];
}

function evalWith(c: Comparison, o: ObservationInput, b: Map<string, Record<string, unknown> | undefined>): boolean {
  switch (c.kind) {
    case 'and': return evalWith(c.left, o, b) && evalWith(c.right, o, b);
    case 'or': return evalWith(c.left, o, b) || evalWith(c.right, o, b);
    case 'exists': return resolve(c.path, b.get(c.path.type), o).length > 0;
    case 'test': {
      const vals = resolve(c.path, b.get(c.path.type), o);
      if (vals.length === 0) return false;
      // Several values (a `[*]` path): the test holds if it holds for any of them.
      return vals.some((v) => test(c.op, v, c.value) !== c.negated);
    }
  }
}

/** Values a path reaches from an object (several through `[*]`; `_ref`s followed into the observation). */
function resolve(path: ObjectPath, obj: Record<string, unknown> | undefined, o: ObservationInput): unknown[] {
  if (!obj) return [];
  let cur: unknown[] = [obj];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (let v of cur) {
      if (typeof v === 'string' && o.objects[v]) v = o.objects[v];
      if ('prop' in step) {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const x = (v as Record<string, unknown>)[step.prop];
          if (x !== undefined) next.push(x);
        }
      } else if (Array.isArray(v)) {
        if (step.index === '*') next.push(...v);
        else if (v[step.index] !== undefined) next.push(v[step.index]);
      }
    }
    cur = next;
  }
  return cur.map((v) => (typeof v === 'string' && o.objects[v] ? o.objects[v] : v));
}

function test(op: string, v: unknown, lit: Literal | Literal[]): boolean {
  if (Array.isArray(lit)) return lit.some((l) => equal(v, l));
  switch (op) {
    case '=': return equal(v, lit);
    case '!=': return !equal(v, lit);
    case '>': case '<': case '>=': case '<=': {
      const c = compare(v, lit);
      if (c === undefined) return false;
      return op === '>' ? c > 0 : op === '<' ? c < 0 : op === '>=' ? c >= 0 : c <= 0;
    }
    case 'LIKE': return typeof v === 'string' && likeRegex((lit as { value: string }).value).test(v);
    case 'MATCHES': return typeof v === 'string' && regexCache((lit as { value: string }).value).test(v);
    case 'ISSUBSET': {
      // The observed address/network lies inside the literal network.
      const net = parseCidr(String((lit as { value: string }).value));
      const ip = typeof v === 'string' ? parseCidr(v) : undefined;
      return !!net && !!ip && ip.prefix >= net.prefix && inCidr(ip.bytes, net);
    }
    case 'ISSUPERSET': {
      const inner = parseCidr(String((lit as { value: string }).value));
      const net = typeof v === 'string' ? parseCidr(v) : undefined;
      return !!net && !!inner && inner.prefix >= net.prefix && inCidr(inner.bytes, net);
    }
    default: return false;
  }
}

function litValue(l: Literal): unknown {
  return l.kind === 'timestamp' ? l.ms : l.value;
}

function equal(v: unknown, l: Literal): boolean {
  if (l.kind === 'timestamp') return typeof v === 'string' && Date.parse(v) === l.ms;
  if (l.kind === 'hex' && typeof v === 'string') return v.toLowerCase() === l.value.toLowerCase();
  if (l.kind === 'string' && typeof v === 'string') {
    // Addresses compare as addresses (2001:DB8::1 = 2001:db8:0::1).
    const a = parseIp(v), b = a && parseIp(l.value);
    if (a && b) return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return v === litValue(l);
}

function compare(v: unknown, l: Literal): number | undefined {
  const lv = litValue(l);
  if (l.kind === 'timestamp') {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? undefined : t - (lv as number);
  }
  if (typeof v === 'number' && typeof lv === 'number') return v - lv;
  if (typeof v === 'string' && typeof lv === 'string') return v < lv ? -1 : v > lv ? 1 : 0;
  return undefined;
}

const likeCache = new Map<string, RegExp>();
/** SQL LIKE: `%` any run, `_` one character, everything else literal. */
function likeRegex(p: string): RegExp {
  let r = likeCache.get(p);
  if (!r) {
    r = new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '[\\s\\S]*').replace(/_/g, '[\\s\\S]')}$`, 's');
    likeCache.set(p, r);
  }
  return r;
}
const reCache = new Map<string, RegExp>();
function regexCache(p: string): RegExp {
  let r = reCache.get(p);
  if (!r) reCache.set(p, (r = new RegExp(p)));
  return r;
}
