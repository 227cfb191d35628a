/**
 * The elements of a top-level JSON array as the exact text of each, found in one pass without
 * parsing (so no value is built, however deep, and each record keeps its original bytes).
 * `undefined` when the text is not one array: not starting with `[`, unterminated, or with
 * anything but whitespace after the closing `]`. Elements are not validated: each becomes a
 * record and its parser refuses what is not valid (or too deep).
 *
 * @example
 * splitJsonArray('[{"a":1}, {"b":"]"}]') // ['{"a":1}', '{"b":"]"}']
 * splitJsonArray('[1,') // undefined
 */
export function splitJsonArray(text: string): string[] | undefined {
  let i = 0;
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 91) return undefined;
  const out: string[] = [];
  let depth = 1;
  let start = i + 1;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last.length || out.length) out.push(last);
        for (i++; i < n; i++) if (!isSpace(text.charCodeAt(i))) return undefined;
        return out;
      }
    } else if (c === 44 && depth === 1) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
