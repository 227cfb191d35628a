/**
 * Split text holding JSON values one after another — JSON Lines, or pretty-printed objects
 * simply concatenated (as the SigmaHQ regression files are) — into the parsed values.
 * A JSON array at the top level is unwrapped into its elements.
 *
 * @example
 * splitJsonValues('{"a":1}\n{"a":2}') // [{ a: 1 }, { a: 2 }]
 */
export function splitJsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0 && start >= 0) {
        const v: unknown = JSON.parse(text.slice(start, i + 1));
        if (Array.isArray(v)) out.push(...v);
        else out.push(v);
        start = -1;
      }
    }
  }
  if (depth !== 0) throw new Error('unterminated JSON value at end of input');
  return out;
}
