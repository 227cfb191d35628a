import { SigmaError } from './errors.js';

/**
 * Abstract syntax of a Sigma condition. `of` keeps its quantifier and pattern so the
 * compiler can resolve it against the detection's search identifiers.
 */
export type ConditionNode =
  | { op: 'and' | 'or'; args: ConditionNode[] }
  | { op: 'not'; arg: ConditionNode }
  | { op: 'ref'; name: string }
  | { op: 'of'; quantifier: 'all' | number; pattern: string };

type Token = { t: 'word' | '(' | ')'; v: string; pos: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) {
    if (m[1]) out.push({ t: '(', v: '(', pos: m.index });
    else if (m[2]) out.push({ t: ')', v: ')', pos: m.index });
    else if (m[3]) out.push({ t: 'word', v: m[3], pos: m.index });
    else break;
  }
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

/**
 * Parse a Sigma condition string (`and`, `or`, `not`, parentheses, `1 of sel*`, `all of them`).
 * Precedence: `not` binds tightest, then `and`, then `or`. Pipe aggregations (`| count() > 5`)
 * are Sigma v1 syntax replaced by correlation rules and are rejected as unsupported.
 *
 * @example
 * parseCondition('selection and not 1 of filter_*')
 */
export function parseCondition(src: string): ConditionNode {
  if (src.includes('|')) {
    throw new SigmaError('unsupported', `aggregation in condition is Sigma v1 syntax (use a correlation rule): "${src}"`);
  }
  const toks = tokenize(src);
  let i = 0;
  const peek = (): Token | undefined => toks[i];
  const word = (tok: Token | undefined): string | undefined => (tok?.t === 'word' ? tok.v.toLowerCase() : undefined);
  const fail = (msg: string): never => {
    throw new SigmaError('condition', `${msg} in condition "${src}"`);
  };

  function parseOr(): ConditionNode {
    const args = [parseAnd()];
    while (word(peek()) === 'or') {
      i++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  function parseAnd(): ConditionNode {
    const args = [parseNot()];
    while (word(peek()) === 'and') {
      i++;
      args.push(parseNot());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  function parseNot(): ConditionNode {
    if (word(peek()) === 'not') {
      i++;
      return { op: 'not', arg: parseNot() };
    }
    return parsePrimary();
  }
  function parsePrimary(): ConditionNode {
    const tok = peek();
    if (!tok) return fail('unexpected end');
    if (tok.t === '(') {
      i++;
      const inner = parseOr();
      if (peek()?.t !== ')') fail(`missing ")" for "(" at ${tok.pos}`);
      i++;
      return inner;
    }
    if (tok.t === ')') return fail(`unexpected ")" at ${tok.pos}`);
    const w = tok.v.toLowerCase();
    if (word(toks[i + 1]) === 'of') {
      let quantifier: 'all' | number;
      if (w === 'all') quantifier = 'all';
      else if (w === 'any') quantifier = 1;
      else if (/^\d+$/.test(w) && Number(w) >= 1) quantifier = Number(w);
      else return fail(`bad quantifier "${tok.v}"`);
      i += 2;
      const target = peek();
      if (target?.t !== 'word' || (KEYWORDS.has(target.v.toLowerCase()) && target.v.toLowerCase() !== 'them')) {
        return fail('expected a search identifier pattern or "them" after "of"');
      }
      i++;
      return { op: 'of', quantifier, pattern: target.v.toLowerCase() === 'them' ? 'them' : target.v };
    }
    if (KEYWORDS.has(w)) return fail(`unexpected "${tok.v}" at ${tok.pos}`);
    i++;
    return { op: 'ref', name: tok.v };
  }

  if (toks.length === 0) fail('empty condition');
  const node = parseOr();
  if (i < toks.length) fail(`unexpected "${toks[i]!.v}" at ${toks[i]!.pos}`);
  return node;
}

/**
 * The search identifiers an `of` pattern names: `them` is every identifier not starting
 * with `_`; `sel*` is a wildcard over names.
 *
 * @example
 * resolveOfPattern('sel*', ['sel1', 'sel2', 'filter']) // ['sel1', 'sel2']
 */
export function resolveOfPattern(pattern: string, names: string[]): string[] {
  if (pattern === 'them') return names.filter((n) => !n.startsWith('_'));
  if (!pattern.includes('*')) return names.filter((n) => n === pattern);
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return names.filter((n) => re.test(n));
}

/**
 * Escape a literal for use inside a RegExp.
 *
 * @example
 * escapeRegExp('a.b*') // 'a\\.b\\*'
 */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
