/** A named pattern whose matches are replaced by the wildcard `<*>` before a line is parsed. */
export interface MaskRule {
  name: string;
  /** Regular-expression source (no flags; compiled once, global). */
  pattern: string;
}

/**
 * Variables masked by default, most specific first (at one position the first alternative that
 * matches wins, so a timestamp is not half-eaten as numbers). Masking before the tree search is what
 * lets Drain compare structure instead of values (He et al. 2017, §III-B "preprocess by domain
 * knowledge").
 */
export const DEFAULT_MASKS: readonly MaskRule[] = [
  { name: 'timestamp', pattern: String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?` },
  { name: 'time', pattern: String.raw`(?<![\w:])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\w:])` },
  { name: 'url', pattern: String.raw`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+` },
  { name: 'email', pattern: String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+` },
  { name: 'uuid', pattern: String.raw`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b` },
  { name: 'ipv4', pattern: String.raw`(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])` },
  { name: 'ipv6', pattern: String.raw`(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}(?::|[0-9a-fA-F]{1,4})(?:%\w+)?(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?![\w:])` },
  { name: 'path', pattern: String.raw`(?<![\w/.])(?:[A-Za-z]:)?(?:[/\\][\w.@%+~-]+){2,}[/\\]?` },
  { name: 'hex', pattern: String.raw`\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b` },
  { name: 'id', pattern: String.raw`\b[A-Za-z]+[_-]-?\d[\w-]*` },
  { name: 'number', pattern: String.raw`(?<![\w.])[-+]?\d+(?:[.,]\d+)*(?:ms|s|[KMGT]?B|%)?(?![\w])` },
];

/**
 * Compile mask rules into one global alternation: one pass over the line instead of one per rule
 * (the rules are tried in order at each position). Throws naming the rule when a pattern is invalid.
 *
 * @example
 * compileMasks(DEFAULT_MASKS).source.includes('ipv4') // false: names are not in the regex
 */
export function compileMasks(rules: readonly MaskRule[]): RegExp | undefined {
  if (!rules.length) return undefined;
  // One compiled regex per rule set: a detector builds a miner per host+program.
  const cacheKey = JSON.stringify(rules);
  const hit = compiled.get(cacheKey);
  if (hit) return hit; // safe to share: String.replace resets a global regex's lastIndex
  for (const r of rules) {
    try { new RegExp(r.pattern); } catch (e) { throw new Error(`mask '${r.name}': invalid pattern: ${(e as Error).message}`); }
  }
  const re = new RegExp(rules.map((r) => `(?:${r.pattern})`).join('|'), 'g');
  if (compiled.size < 64) compiled.set(cacheKey, re);
  return re;
}
const compiled = new Map<string, RegExp>();

/**
 * Compile a Loghub-style log format (`<Date> <Time> <Level> <Component>: <Content>`) into a regex
 * with one named group per field, as logparser's `generate_logformat_regex` does: literal text
 * between fields must appear, runs of spaces match any whitespace, every field is lazy.
 *
 * @example
 * headerRegex('<Date> <Time> <Content>').exec('081109 203615 hi')!.groups!.Content // 'hi'
 */
export function headerRegex(format: string): RegExp {
  const parts = format.split(/(<[^<>]+>)/);
  let src = '';
  for (const p of parts) {
    const m = /^<([^<>]+)>$/.exec(p);
    if (m) src += `(?<${m[1]!.replace(/\W/g, '_')}>.*?)`;
    else src += p.replace(/ +/g, String.raw`\s+`);
  }
  return new RegExp(`^${src}$`);
}
