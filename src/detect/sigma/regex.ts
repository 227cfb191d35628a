import { SigmaError } from './errors.js';

/**
 * Compile a Sigma `re` value once. Leading PCRE inline flags (`(?i)`, `(?s)`, `(?m)`) become
 * JavaScript flags; a pattern JavaScript rejects is reported with reason `regex`.
 *
 * @example
 * compileRegex('(?i)^cmd', '').test('CMD.exe') // true
 */
export function compileRegex(src: string, flags: string): RegExp {
  let s = src;
  let f = flags;
  // PCRE inline flags at the start ((?i), (?s), (?m), (?is)…) become JavaScript flags.
  const inline = /^\(\?([ims]+)\)/.exec(s);
  if (inline) {
    for (const c of inline[1]!) if (!f.includes(c)) f += c;
    s = s.slice(inline[0].length);
  }
  try {
    return new RegExp(s, f);
  } catch {
    try {
      // Retry with the unicode-sets-free legacy parser quirks: stray "\_" style escapes.
      return new RegExp(s.replace(/\\([_%'"<>@#&~`=:,;! -])/g, '$1'), f);
    } catch (err) {
      throw new SigmaError('regex', `invalid regular expression /${src}/: ${(err as Error).message}`);
    }
  }
}

/**
 * A literal every match of the regular expression must contain, or '' when none is certain.
 * Conservative: gives up on alternation and skips groups, classes and quantified characters.
 *
 * @example
 * regexLiteral('\\\\AppData\\\\Local\\\\Temp\\\\[a-z]+\\.exe') // '\\appdata\\local\\temp\\'
 */
export function regexLiteral(src: string): string {
  if (topLevelAlternatives(src).length > 1) return '';
  let best = '';
  let cur = '';
  let depth = 0;
  const flush = (): void => {
    if (cur.length > best.length) best = cur;
    cur = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const next = src[i + 1];
    const quantified = (at: number): boolean => {
      const q = src[at];
      return q === '?' || q === '*' || (q === '{' && /^\{0/.test(src.slice(at)));
    };
    if (c === '\\') {
      const e = next ?? '';
      i++;
      if (/[A-Za-z0-9]/.test(e)) {
        // \d, \w, \b … are classes or anchors; \xHH, \uHHHH, \cX carry operands to skip.
        if (e === 'x') i += 2;
        else if (e === 'u') i += src[i + 1] === '{' ? src.indexOf('}', i) - i : 4;
        else if (e === 'c') i += 1;
        flush();
        continue;
      }
      if (depth > 0) continue;
      if (quantified(i + 1)) flush();
      else cur += e;
      continue;
    }
    if (c === '(') {
      depth++;
      flush();
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      flush();
      continue;
    }
    if (c === '[') {
      flush();
      const end = src.indexOf(']', i + 2);
      i = end < 0 ? src.length : end;
      continue;
    }
    if ('.^$*+?{}'.includes(c)) {
      flush();
      if (c === '{') {
        const end = src.indexOf('}', i);
        i = end < 0 ? src.length : end;
      }
      continue;
    }
    if (depth > 0) continue;
    if (quantified(i + 1)) {
      flush();
      continue;
    }
    cur += c;
  }
  flush();
  return best;
}

/**
 * Split a pattern at its top-level `|` (outside groups and classes).
 *
 * @example
 * topLevelAlternatives('a|(b|c)|d') // ['a', '(b|c)', 'd']
 */
export function topLevelAlternatives(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const end = src.indexOf(']', i + 2);
      i = end < 0 ? src.length : end;
    } else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '|' && depth === 0) {
      out.push(src.slice(start, i));
      start = i + 1;
    }
  }
  out.push(src.slice(start));
  return out;
}

/**
 * Literals of which every match contains at least one (one per top-level alternative), or
 * null when some alternative has no literal of at least `min` characters.
 *
 * @example
 * regexNeedles('mimikatz|sekurlsa::') // ['mimikatz', 'sekurlsa::']
 */
export function regexNeedles(src: string, min = 3): string[] | null {
  const lits = topLevelAlternatives(src).map(regexLiteral);
  return lits.every((l) => l.length >= min) ? lits : null;
}
