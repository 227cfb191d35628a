import { parseCondition, resolveOfPattern, type ConditionNode } from './condition.js';
import type { EvalContext } from './context.js';
import { SigmaError } from './errors.js';
import { compileItem, type CompiledItem, type ItemEnv, type Needle } from './item.js';

/** A compiled search identifier (selection, filter, keywords). */
export interface CompiledSearch {
  name: string;
  test: (ctx: EvalContext) => boolean;
  /** The items (OR of AND-groups) for explaining which fields matched. */
  groups: CompiledItem[][];
  needles: Needle[] | null;
}

/** A compiled detection: the condition as a closure plus its searches. */
export interface CompiledDetection {
  test: (ctx: EvalContext) => boolean;
  searches: Map<string, CompiledSearch>;
  /** Literals of which one must occur for the detection to match (null: always evaluate). */
  needles: Needle[] | null;
}

/** Pick the most selective needle set: the one whose shortest literal is longest. */
function best(sets: Array<Needle[] | null>): Needle[] | null {
  let chosen: Needle[] | null = null;
  let score = -1;
  for (const s of sets) {
    if (!s) continue;
    if (s.length === 0) return s; // never matches: nothing to look for
    const sc = Math.min(...s.map((n) => n.text.length)) * 1000 - s.length;
    if (sc > score) {
      score = sc;
      chosen = s;
    }
  }
  return chosen;
}

function union(sets: Array<Needle[] | null>): Needle[] | null {
  const out: Needle[] = [];
  for (const s of sets) {
    if (!s) return null;
    out.push(...s);
  }
  return out;
}

function andAll(tests: Array<(c: EvalContext) => boolean>): (c: EvalContext) => boolean {
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [(c: EvalContext) => boolean, (c: EvalContext) => boolean];
    return (c) => a(c) && b(c);
  }
  return (c) => {
    for (const t of tests) if (!t(c)) return false;
    return true;
  };
}

function orAll(tests: Array<(c: EvalContext) => boolean>): (c: EvalContext) => boolean {
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [(c: EvalContext) => boolean, (c: EvalContext) => boolean];
    return (c) => a(c) || b(c);
  }
  return (c) => {
    for (const t of tests) if (t(c)) return true;
    return false;
  };
}

/** Cheapest checks first: tests with needles (plain string checks) before keyword and regex ones. */
function orderItems(items: CompiledItem[]): CompiledItem[] {
  return [...items].sort((a, b) => Number(a.needles === null) - Number(b.needles === null));
}

function compileGroup(map: Record<string, unknown>, env: ItemEnv): CompiledItem[] {
  const items: CompiledItem[] = [];
  for (const [key, value] of Object.entries(map)) items.push(compileItem(key, value, env));
  return orderItems(items);
}

function compileSearch(name: string, def: unknown, env: ItemEnv): CompiledSearch {
  let groups: CompiledItem[][];
  if (def === null || typeof def !== 'object') {
    // A single keyword.
    groups = [[compileItem('', def, env)]];
  } else if (Array.isArray(def)) {
    if (def.length === 0) throw new SigmaError('value', `search identifier "${name}" is an empty list`);
    if (def.every((d) => d !== null && typeof d === 'object' && !Array.isArray(d))) {
      groups = def.map((d) => compileGroup(d as Record<string, unknown>, env));
    } else if (def.every((d) => d === null || typeof d !== 'object')) {
      groups = [[compileItem('', def, env)]];
    } else throw new SigmaError('value', `search identifier "${name}" mixes maps and keywords`);
  } else {
    const m = def as Record<string, unknown>;
    if (Object.keys(m).length === 0) throw new SigmaError('value', `search identifier "${name}" is an empty map`);
    groups = [compileGroup(m, env)];
  }
  const groupTests = groups.map((g) => andAll(g.map((i) => i.test)));
  const needles = union(groups.map((g) => best(g.map((i) => i.needles))));
  return { name, test: orAll(groupTests), groups, needles };
}

function compileNode(node: ConditionNode, searches: Map<string, CompiledSearch>): {
  test: (c: EvalContext) => boolean;
  needles: Needle[] | null;
} {
  switch (node.op) {
    case 'ref': {
      const s = searches.get(node.name);
      if (!s) throw new SigmaError('condition', `condition names "${node.name}", which is not a search identifier`);
      return { test: s.test, needles: s.needles };
    }
    case 'not': {
      const inner = compileNode(node.arg, searches);
      const t = inner.test;
      return { test: (c) => !t(c), needles: null };
    }
    case 'and': {
      const parts = node.args.map((a) => compileNode(a, searches));
      // Evaluate the parts that carry needles first: they are the cheap, selective ones.
      const ordered = [...parts].sort((a, b) => Number(a.needles === null) - Number(b.needles === null));
      return { test: andAll(ordered.map((p) => p.test)), needles: best(parts.map((p) => p.needles)) };
    }
    case 'or': {
      const parts = node.args.map((a) => compileNode(a, searches));
      return { test: orAll(parts.map((p) => p.test)), needles: union(parts.map((p) => p.needles)) };
    }
    case 'of': {
      const names = resolveOfPattern(node.pattern, [...searches.keys()]);
      if (names.length === 0) throw new SigmaError('condition', `"${node.pattern}" matches no search identifier`);
      const parts = names.map((n) => searches.get(n)!);
      if (node.quantifier === 'all') {
        return { test: andAll(parts.map((p) => p.test)), needles: best(parts.map((p) => p.needles)) };
      }
      const q = node.quantifier;
      if (q === 1) return { test: orAll(parts.map((p) => p.test)), needles: union(parts.map((p) => p.needles)) };
      const tests = parts.map((p) => p.test);
      return {
        test: (c) => {
          let n = 0;
          for (const t of tests) if (t(c) && ++n >= q) return true;
          return false;
        },
        needles: union(parts.map((p) => p.needles)),
      };
    }
  }
}

/**
 * Compile a detection section (search identifiers + conditions) into one closure. Every
 * RegExp, CIDR and wildcard pattern is built here, once.
 *
 * @example
 * const det = compileDetection({ sel: { 'Image|endswith': '\\cmd.exe' } }, ['sel'], env);
 * det.test(ctx)
 */
export function compileDetection(
  detection: Record<string, unknown>,
  conditions: string[],
  env: ItemEnv,
  lines: Record<string, number> = {},
): CompiledDetection {
  const searches = new Map<string, CompiledSearch>();
  for (const [name, def] of Object.entries(detection)) {
    try {
      const line = lines[name];
      const searchEnv: ItemEnv = { ...env, warn: (m, l) => env.warn(`${name}: ${m}`, l ?? line) };
      searches.set(name, compileSearch(name, def, searchEnv));
    } catch (err) {
      if (err instanceof SigmaError) {
        const line = lines[name];
        throw new SigmaError(err.reason, `${name}: ${err.message}`, line !== undefined ? `line ${line}` : undefined);
      }
      throw err;
    }
  }
  const compiled = conditions.map((c) => compileNode(parseCondition(c), searches));
  return {
    test: orAll(compiled.map((c) => c.test)),
    searches,
    needles: union(compiled.map((c) => c.needles)),
  };
}

/** A field that took part in a match, with the value the event had. */
export interface MatchedField {
  search: string;
  field: string;
  value: unknown;
}

/**
 * After a rule fired: which searches matched and which of their fields carried the match.
 * Runs only on hits, so it may re-evaluate freely.
 *
 * @example
 * explainMatch(rule.detection, ctx) // { searches: ['sel'], fields: [{ search: 'sel', field: 'Image', value: '…' }] }
 */
export function explainMatch(det: CompiledDetection, ctx: EvalContext): { searches: string[]; fields: MatchedField[] } {
  const searches: string[] = [];
  const fields: MatchedField[] = [];
  for (const s of det.searches.values()) {
    if (!s.test(ctx)) continue;
    searches.push(s.name);
    const group = s.groups.find((g) => g.every((i) => i.test(ctx)));
    for (const item of group ?? []) {
      if (item.field === undefined) {
        // Name the keyword(s) found: those whose text (wildcards aside) occurs in the event.
        const texts = ctx.keywordTexts();
        const found = (item.keywords ?? []).filter((k) => {
          const probe = k.replace(/[*?]/g, '').toLowerCase();
          return probe !== '' && texts.some((t) => t.includes(probe));
        });
        fields.push({ search: s.name, field: '(keyword)', value: found.join(', ') });
      }
      else fields.push({ search: s.name, field: item.field, value: ctx.get(item.acc) });
    }
  }
  return { searches, fields };
}
