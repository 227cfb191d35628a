import { foldLower } from './aho.js';
import { compileCidr } from './cidr.js';
import { EvalContext, scalarText } from './context.js';
import { base64, base64offset, utf16, utf16be, utf16le, windash } from './encode.js';
import { SigmaError } from './errors.js';
import { patternTest } from './pattern.js';
import { compileRegex, regexNeedles } from './regex.js';
import {
  isPlain, literal, longestLiteral, lowerParts, parseSigmaString, plainText, wrap,
  type Part,
} from './sigma-string.js';

/** A literal any matching value must contain (lower-cased), on one field accessor: feeds the prefilter. */
export interface Needle {
  acc: number;
  text: string;
}

/** A detection item (one field with its modifiers and values) compiled to a closure. */
export interface CompiledItem {
  /** Sigma field name, undefined for a keyword search. */
  field: string | undefined;
  acc: number;
  test: (ctx: EvalContext) => boolean;
  /** Literals of which at least one must be present for the item to match, or null if unknown. */
  needles: Needle[] | null;
  /** Keyword searches: the keywords as written, to say which one matched. */
  keywords?: string[];
}

/** How to resolve a field name and placeholders while compiling. */
export interface ItemEnv {
  resolveField(field: string): number;
  placeholders: Record<string, string[]>;
  warn(message: string, line?: number): void;
}

const KNOWN = new Set([
  'contains', 'startswith', 'endswith', 'all', 'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide',
  'windash', 're', 'i', 'm', 's', 'cidr', 'exists', 'gt', 'gte', 'lt', 'lte', 'neq', 'fieldref', 'expand', 'cased',
  'minute', 'hour', 'day', 'week', 'month', 'year',
]);
const TIME_PARTS = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);

type ScalarTest = (v: unknown, text: string, low: string, ctx: EvalContext) => boolean;

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

/** Expand `windash` over each literal chunk of a pattern. */
function windashParts(parts: Part[]): Part[][] {
  const options = parts.map((p) => (typeof p === 'string' ? windash(p) : [p]));
  return product<Part>(options);
}

function plainOf(parts: Part[], mod: string): string {
  if (!isPlain(parts)) throw new SigmaError('value', `${mod} cannot encode a value with wildcards ("${plainText(parts)}")`);
  return parts.join('');
}

/**
 * Equality with a number: numeric values compare as numbers, text compares when it is the same
 * decimal number (`4688`, ` 4688`, `04688`, `4688.0`). Hex text is not converted, so the decimal
 * digits of the rule value are always in a matching text (the prefilter relies on it).
 */
function numberEquals(n: number): ScalarTest {
  const asText = String(n);
  return (v, text) => {
    if (typeof v === 'number') return v === n;
    const t = text.trim();
    return t === asText || (/^[+-]?\d+(\.\d+)?$/.test(t) && Number(t) === n);
  };
}

function timePart(part: string, text: string): number {
  const d = new Date(/^\d{4}-\d\d-\d\d \d/.test(text) ? text.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z') : text);
  if (Number.isNaN(d.getTime())) return NaN;
  switch (part) {
    case 'minute': return d.getUTCMinutes();
    case 'hour': return d.getUTCHours();
    case 'day': return d.getUTCDate();
    case 'month': return d.getUTCMonth() + 1;
    case 'year': return d.getUTCFullYear();
    default: {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return Math.floor((d.getTime() - start) / 604_800_000) + 1;
    }
  }
}

/**
 * Compile one detection item: `field|mod1|mod2: value-or-list`.
 *
 * @example
 * compileItem('CommandLine|contains|all', [' -enc ', 'hidden'], env)
 */
export function compileItem(key: string, rawValue: unknown, env: ItemEnv): CompiledItem {
  const [fieldName = '', ...mods] = key.split('|');
  const field = fieldName === '' ? undefined : fieldName;
  for (const m of mods) if (!KNOWN.has(m)) throw new SigmaError('modifier', `unknown modifier "${m}" in "${key}"`);
  const has = (m: string) => mods.includes(m);
  const values: unknown[] = Array.isArray(rawValue) ? rawValue : [rawValue];
  if (values.length === 0) throw new SigmaError('value', `"${key}" has an empty list of values`);
  const all = has('all');
  const cased = has('cased');
  const negate = has('neq');
  const acc = field === undefined ? -1 : env.resolveField(field);

  // exists: a presence test, nothing else.
  if (has('exists')) {
    if (field === undefined) throw new SigmaError('modifier', 'exists needs a field');
    const want = values[0];
    if (typeof want !== 'boolean' && want !== 'true' && want !== 'false') {
      throw new SigmaError('value', `exists takes true or false, got ${JSON.stringify(want)}`);
    }
    const flag = want === true || want === 'true';
    return { field, acc, test: (ctx) => (ctx.get(acc) !== undefined) === flag, needles: null };
  }

  const tests: ScalarTest[] = [];
  const needles: Array<string | null> = [];
  let matchesNull = false;
  let unresolved = false;

  const numericOp = mods.find((m) => m === 'gt' || m === 'gte' || m === 'lt' || m === 'lte');
  const timeOp = mods.find((m) => TIME_PARTS.has(m));
  const isRe = has('re');

  for (const v of values) {
    if (v === null) {
      matchesNull = true;
      needles.push(null);
      continue;
    }
    if (typeof v === 'object') throw new SigmaError('value', `"${key}" has a nested map or list as value`);
    if (numericOp || timeOp) {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) throw new SigmaError('value', `"${key}" needs a number, got ${JSON.stringify(v)}`);
      const cmp =
        numericOp === 'gt' ? (x: number) => x > n
        : numericOp === 'gte' ? (x: number) => x >= n
        : numericOp === 'lt' ? (x: number) => x < n
        : numericOp === 'lte' ? (x: number) => x <= n
        : (x: number) => x === n;
      const part = timeOp;
      tests.push(
        part
          ? (_v, text) => cmp(timePart(part, text))
          : (val, text) => (typeof val === 'number' ? cmp(val) : text.trim() !== '' && cmp(Number(text))),
      );
      needles.push(null);
      continue;
    }
    if (has('cidr')) {
      const inNet = compileCidr(String(v));
      tests.push((_v, text) => inNet(text));
      needles.push(null);
      continue;
    }
    if (isRe) {
      const flags = (has('i') ? 'i' : '') + (has('m') ? 'm' : '') + (has('s') ? 's' : '');
      const re = compileRegex(String(v), flags);
      tests.push((_v, text) => re.test(text));
      const lits = regexNeedles(String(v));
      needles.push(lits ? lits.map(foldLower).join('\u0000') : null);
      continue;
    }
    if (has('fieldref')) {
      if (field === undefined) throw new SigmaError('modifier', 'fieldref needs a field');
      const other = env.resolveField(String(v));
      const before = has('contains') || has('endswith');
      const after = has('contains') || has('startswith');
      tests.push(fieldRefTest(other, before, after, cased));
      needles.push(null);
      continue;
    }
    if (typeof v === 'number' && !mods.some((m) => m !== 'all' && m !== 'neq' && m !== 'cased')) {
      tests.push(numberEquals(v));
      needles.push(String(v));
      continue;
    }
    if (typeof v === 'boolean' && mods.length === 0) {
      const t = String(v);
      tests.push((val, _text, low) => val === v || low === t);
      needles.push(null);
      continue;
    }
    // String pipeline: placeholders, then the modifiers in the order written.
    let texts = [String(v)];
    if (has('expand')) {
      const expanded: string[] = [];
      for (const t of texts) {
        const names = [...t.matchAll(/%([A-Za-z0-9_.-]+)%/g)].map((m) => m[1]!);
        if (names.length === 0) {
          expanded.push(t);
          continue;
        }
        let variants = [t];
        for (const name of names) {
          const repl = env.placeholders[name];
          if (!repl) {
            env.warn(`placeholder %${name}% has no values configured: the item never matches`);
            unresolved = true;
            variants = [];
            break;
          }
          variants = variants.flatMap((x) => repl.map((r) => x.split(`%${name}%`).join(r)));
        }
        expanded.push(...variants);
      }
      texts = expanded;
    }
    let pats: Part[][] = texts.map(parseSigmaString);
    if (field === undefined && !has('contains') && !has('startswith') && !has('endswith')) {
      // Keywords are full-text: an unanchored value matches anywhere in a field.
      pats = pats.map((p) => wrap(p, true, true));
    }
    for (const m of mods) {
      switch (m) {
        case 'contains': pats = pats.map((p) => wrap(p, true, true)); break;
        case 'startswith': pats = pats.map((p) => wrap(p, false, true)); break;
        case 'endswith': pats = pats.map((p) => wrap(p, true, false)); break;
        case 'base64': pats = pats.map((p) => literal(base64(plainOf(p, m)))); break;
        case 'base64offset': pats = pats.flatMap((p) => base64offset(plainOf(p, m)).map(literal)); break;
        case 'utf16le': case 'wide': pats = pats.map((p) => literal(utf16le(plainOf(p, m)))); break;
        case 'utf16be': pats = pats.map((p) => literal(utf16be(plainOf(p, m)))); break;
        case 'utf16': pats = pats.map((p) => literal(utf16(plainOf(p, m)))); break;
        case 'windash': pats = pats.flatMap(windashParts); break;
        default: break;
      }
    }
    const group: ScalarTest[] = [];
    for (const p of pats) {
      const norm = cased ? p : lowerParts(p);
      const fn = patternTest(norm);
      group.push(cased ? (_v, text) => fn(text) : (_v, _t, low) => fn(low));
    }
    tests.push(group.length === 1 ? group[0]! : (val, text, low, c) => group.some((g) => g(val, text, low, c)));
    const lits = pats.map((p) => foldLower(longestLiteral(p))); // the prefilter folds case per character
    needles.push(lits.every((l) => l.length > 0) ? lits.join('\u0000') : null);
  }

  if (unresolved && tests.length === 0 && !matchesNull) {
    return { field, acc, test: () => false, needles: [] };
  }

  const test = field === undefined ? keywordTest(tests, all) : fieldTest(acc, tests, all, matchesNull);
  const finalTest = negate ? (ctx: EvalContext) => !test(ctx) : test;
  let itemNeedles: Needle[] | null = null;
  if (!negate && !matchesNull) {
    const split = needles.map((n) => (n === null ? null : n.split('\u0000')));
    if (all) {
      // Any one value is required: keep the one with the longest shortest literal.
      let best: string[] | null = null;
      for (const s of split) if (s && (!best || Math.min(...s.map((x) => x.length)) > Math.min(...best.map((x) => x.length)))) best = s;
      if (best) itemNeedles = best.map((text) => ({ acc, text }));
    } else if (split.every((s) => s !== null)) {
      itemNeedles = split.flatMap((s) => s!.map((text) => ({ acc, text })));
    }
  }
  const item: CompiledItem = { field, acc, test: finalTest, needles: itemNeedles };
  if (field === undefined) item.keywords = values.filter((v) => v !== null).map(String);
  return item;
}

function fieldRefTest(other: number, before: boolean, after: boolean, cased: boolean): ScalarTest {
  return (_v, text, low, ctx) => {
    const ref = cased ? ctx.text(other) : ctx.lower(other);
    if (ref === undefined) return false;
    const s = cased ? text : low;
    if (before && after) return s.includes(ref);
    if (before) return s.endsWith(ref);
    if (after) return s.startsWith(ref);
    return s === ref;
  };
}

function matchScalar(v: unknown, tests: ScalarTest[], ctx: EvalContext): boolean {
  const text = scalarText(v);
  if (text === undefined) return false;
  const low = text.toLowerCase();
  for (const t of tests) if (t(v, text, low, ctx)) return true;
  return false;
}

function fieldTest(acc: number, tests: ScalarTest[], all: boolean, matchesNull: boolean): (ctx: EvalContext) => boolean {
  const single = tests.length === 1 ? tests[0]! : undefined;
  return (ctx) => {
    const v = ctx.get(acc);
    if (v === undefined || v === null) return matchesNull;
    const text = ctx.text(acc);
    if (text !== undefined) {
      const low = ctx.lower(acc)!;
      if (single) return single(v, text, low, ctx);
      if (all) {
        for (const t of tests) if (!t(v, text, low, ctx)) return false;
        return tests.length > 0;
      }
      for (const t of tests) if (t(v, text, low, ctx)) return true;
      return false;
    }
    if (Array.isArray(v)) {
      if (all) return tests.every((t) => v.some((x) => matchScalar(x, [t], ctx)));
      return v.some((x) => matchScalar(x, tests, ctx));
    }
    return false;
  };
}

function keywordTest(tests: ScalarTest[], all: boolean): (ctx: EvalContext) => boolean {
  // Keywords are full-text: an unanchored pattern matches anywhere in any field.
  return (ctx) => {
    const texts = ctx.keywordTexts();
    const hit = (t: ScalarTest) => texts.some((s) => t(s, s, s, ctx));
    return all ? tests.every(hit) : tests.some(hit);
  };
}
