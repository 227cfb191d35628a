import { ONE, STAR, toRegExpSource, type Part } from './sigma-string.js';

/**
 * Fast test for one wildcard pattern (already lower-cased unless cased): equality, prefix,
 * suffix, substring and ordered-substring shapes use string methods; only patterns with `?`
 * fall back to a RegExp, compiled here once.
 *
 * @example
 * patternTest([STAR, '\\\\cmd.exe'])('c:\\\\windows\\\\cmd.exe') // true
 */
export function patternTest(parts: Part[]): (s: string) => boolean {
  const n = parts.length;
  if (n === 0) return (s) => s === '';
  if (n === 1) {
    const p = parts[0]!;
    if (p === STAR) return () => true;
    if (typeof p === 'string') return (s) => s === p;
  }
  if (n === 2 && parts[0] === STAR && typeof parts[1] === 'string') {
    const lit = parts[1];
    return (s) => s.endsWith(lit);
  }
  if (n === 2 && parts[1] === STAR && typeof parts[0] === 'string') {
    const lit = parts[0];
    return (s) => s.startsWith(lit);
  }
  if (n === 3 && parts[0] === STAR && parts[2] === STAR && typeof parts[1] === 'string') {
    const lit = parts[1];
    return (s) => s.includes(lit);
  }
  if (!parts.includes(ONE)) {
    // lit*lit*…: ordered substring search, no RegExp needed.
    const lits = parts;
    return (s) => {
      let pos = 0;
      for (let i = 0; i < lits.length; i++) {
        const p = lits[i]!;
        if (p === STAR) continue;
        const str = p as string;
        const first = i === 0;
        const last = i === lits.length - 1;
        if (first) {
          if (!s.startsWith(str)) return false;
          pos = str.length;
        } else if (last) {
          return s.length - str.length >= pos && s.endsWith(str);
        } else {
          const at = s.indexOf(str, pos);
          if (at < 0) return false;
          pos = at + str.length;
        }
      }
      return true;
    };
  }
  const re = new RegExp(toRegExpSource(parts));
  return (s) => re.test(s);
}

