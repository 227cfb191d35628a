import type { CompareOp, Comparison, Literal, ObjectPath, Observation, PathStep } from './ast.js';
import { patternError, tokenize, type Token } from './lexer.js';

/**
 * Parse a STIX 2.1 pattern (the grammar of STIXPattern.g4: FOLLOWEDBY binds loosest, then OR,
 * then AND; qualifiers bind to the observation expression before them). Throws `IntelError`
 * (code `pattern`) with the character position and what was expected.
 *
 * @example parsePattern("[ipv4-addr:value = '198.51.100.1/32'] WITHIN 300 SECONDS")
 */
export function parsePattern(src: string): Observation {
  if (!src.trim()) throw patternError('empty pattern', 0);
  return new Parser(tokenize(src)).pattern();
}

/** Hex length of the hash algorithms whose values can be checked. */
const HASH_HEX: Record<string, number> = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128, 'SHA3-256': 64, 'SHA3-512': 128 };

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  private peek(): Token {
    return this.t[this.i]!;
  }
  private next(): Token {
    return this.t[this.i++]!;
  }
  private is(text: string, kind?: Token['kind']): boolean {
    const p = this.peek();
    return p.text === text && (kind === undefined || p.kind === kind) && p.kind !== 'string';
  }
  private expect(text: string, what = `'${text}'`): Token {
    const p = this.peek();
    if (p.text !== text || p.kind === 'string') throw this.fail(`expected ${what}`);
    return this.next();
  }
  private fail(msg: string): Error {
    const p = this.peek();
    return patternError(`${msg}, found ${p.kind === 'eof' ? 'end of pattern' : `'${p.text}'`}`, p.pos);
  }

  pattern(): Observation {
    const e = this.followedBy();
    if (this.peek().kind !== 'eof') throw this.fail('expected AND, OR, FOLLOWEDBY or a qualifier');
    return e;
  }

  private followedBy(): Observation {
    let l = this.obsOr();
    while (this.is('FOLLOWEDBY', 'keyword')) { this.next(); l = { kind: 'followedby', left: l, right: this.obsOr() }; }
    return l;
  }
  private obsOr(): Observation {
    let l = this.obsAnd();
    while (this.is('OR', 'keyword')) { this.next(); l = { kind: 'or', left: l, right: this.obsAnd() }; }
    return l;
  }
  private obsAnd(): Observation {
    let l = this.obsQualified();
    while (this.is('AND', 'keyword')) { this.next(); l = { kind: 'and', left: l, right: this.obsQualified() }; }
    return l;
  }
  private obsQualified(): Observation {
    // A qualifier may be applied twice only through parentheses (as cti-pattern-validator rules).
    const bracketed = this.is('[', 'punct');
    let e = this.obsPrimary();
    const used = new Set<string>();
    for (;;) {
      const p = this.peek();
      if (p.kind !== 'keyword') return e;
      if (['WITHIN', 'REPEATS', 'START'].includes(p.text)) {
        if (bracketed && used.has(p.text)) throw patternError(`duplicate qualifier ${p.text === 'START' ? 'START/STOP' : p.text}`, p.pos);
        used.add(p.text);
      }
      if (p.text === 'WITHIN') {
        this.next();
        const n = this.next();
        if ((n.kind !== 'int' && n.kind !== 'float') || Number(n.text) <= 0) throw patternError('WITHIN needs a positive number of seconds', n.pos);
        this.expect('SECONDS');
        e = { kind: 'within', seconds: Number(n.text), expr: e };
      } else if (p.text === 'REPEATS') {
        this.next();
        const n = this.next();
        if (n.kind !== 'int' || Number(n.text) <= 0) throw patternError('REPEATS needs a positive integer', n.pos);
        this.expect('TIMES');
        e = { kind: 'repeats', times: Number(n.text), expr: e };
      } else if (p.text === 'START') {
        this.next();
        const a = this.next();
        if (a.kind !== 'timestamp') throw patternError("START needs a timestamp literal t'…'", a.pos);
        this.expect('STOP');
        const b = this.next();
        if (b.kind !== 'timestamp') throw patternError("STOP needs a timestamp literal t'…'", b.pos);
        const start = Date.parse(a.value!), stop = Date.parse(b.value!);
        if (!(stop > start)) throw patternError('STOP must be after START', b.pos);
        e = { kind: 'startstop', start, stop, expr: e };
      } else return e;
    }
  }
  private obsPrimary(): Observation {
    if (this.is('[', 'punct')) {
      this.next();
      const c = this.compOr();
      this.expect(']', "']' or AND/OR");
      return { kind: 'observation', comparison: c };
    }
    if (this.is('(', 'punct')) {
      this.next();
      const e = this.followedBy();
      this.expect(')');
      return e;
    }
    throw this.fail("expected '[' or '(' to start an observation expression");
  }

  private compOr(): Comparison {
    let l = this.compAnd();
    while (this.is('OR', 'keyword')) { this.next(); l = { kind: 'or', left: l, right: this.compAnd() }; }
    return l;
  }
  private compAnd(): Comparison {
    let l = this.test();
    while (this.is('AND', 'keyword')) { this.next(); l = { kind: 'and', left: l, right: this.test() }; }
    return l;
  }
  private test(): Comparison {
    if (this.is('(', 'punct')) {
      this.next();
      const c = this.compOr();
      this.expect(')');
      return c;
    }
    if (this.is('EXISTS', 'keyword')) { this.next(); return { kind: 'exists', path: this.path() }; }
    const path = this.path();
    let negated = false;
    if (this.is('NOT', 'keyword')) { this.next(); negated = true; }
    const o = this.peek();
    let op: CompareOp;
    if (o.kind === 'op') op = this.next().text as CompareOp;
    else if (o.kind === 'keyword' && ['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(o.text)) op = this.next().text as CompareOp;
    else throw this.fail(`expected a comparison operator after ${path.text}`);
    if (op === 'IN') return { kind: 'test', path, op, negated, value: this.set() };
    const lit = this.literal();
    if ((op === 'LIKE' || op === 'MATCHES' || op === 'ISSUBSET' || op === 'ISSUPERSET') && lit.kind !== 'string') throw patternError(`${op} needs a string literal`, o.pos);
    if ((op === '>' || op === '<' || op === '>=' || op === '<=') && (lit.kind === 'bool' || lit.kind === 'binary')) throw patternError(`${op} needs an orderable literal (number, string, timestamp)`, o.pos);
    const hashLen = HASH_HEX[(path.steps[1] && 'prop' in path.steps[1] ? path.steps[1].prop : '').toUpperCase()];
    if (path.type === 'file' && hashLen && lit.kind === 'string' && (op === '=' || op === '!=') && !new RegExp(`^[0-9a-fA-F]{${hashLen}}$`).test(lit.value)) {
      throw patternError(`'${lit.value}' is not a valid ${(path.steps[1] as { prop: string }).prop} hash`, o.pos);
    }
    if (op === 'MATCHES') {
      try { new RegExp((lit as { value: string }).value); } catch (err) { throw patternError(`invalid regular expression: ${(err as Error).message}`, o.pos); }
    }
    return { kind: 'test', path, op, negated, value: lit };
  }
  private set(): Literal[] {
    this.expect('(', "'(' to start a set");
    const out: Literal[] = [];
    if (this.is(')', 'punct')) { this.next(); return out; }
    for (;;) {
      out.push(this.literal());
      if (this.is(',', 'punct')) { this.next(); continue; }
      this.expect(')', "',' or ')'");
      return out;
    }
  }
  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string': return { kind: 'string', value: t.value! };
      case 'int': return { kind: 'int', value: Number(t.text) };
      case 'float': return { kind: 'float', value: Number(t.text) };
      case 'bool': return { kind: 'bool', value: t.text === 'true' };
      case 'timestamp': return { kind: 'timestamp', value: t.value!, ms: Date.parse(t.value!) };
      case 'binary': return { kind: 'binary', value: t.value! };
      case 'hex': return { kind: 'hex', value: t.value! };
      default: this.i--; throw this.fail('expected a literal');
    }
  }
  private path(): ObjectPath {
    const ty = this.next();
    if (ty.kind !== 'ident' && ty.kind !== 'bool') { this.i--; throw this.fail('expected an object path like ipv4-addr:value'); }
    if (!/^[a-zA-Z0-9_-]+$/.test(ty.text)) throw patternError(`invalid object type '${ty.text}'`, ty.pos);
    this.expect(':', "':' after the object type");
    const steps: PathStep[] = [];
    steps.push({ prop: this.prop() });
    for (;;) {
      if (this.is('.', 'punct')) { this.next(); steps.push({ prop: this.prop() }); continue; }
      if (this.is('[', 'punct')) {
        // '[' after a path is an index only if what follows is an int or '*' (else it is the next observation).
        const n = this.t[this.i + 1];
        if (!n || !(n.kind === 'int' || n.text === '*')) break;
        this.next();
        const idx = this.next();
        if (idx.kind === 'int' && Number(idx.text) < 0) throw patternError('list index must not be negative', idx.pos);
        this.expect(']');
        steps.push({ index: idx.text === '*' ? '*' : Number(idx.text) });
        continue;
      }
      break;
    }
    return { type: ty.text, steps, text: `${ty.text}:${steps.map((s, k) => ('prop' in s ? (k ? '.' : '') + s.prop : `[${s.index}]`)).join('')}` };
  }
  private prop(): string {
    const p = this.next();
    if (p.kind === 'string') return p.value!;
    if (p.kind === 'ident' || p.kind === 'bool' || p.kind === 'keyword') return p.text;
    this.i--;
    throw this.fail('expected a property name');
  }
}
