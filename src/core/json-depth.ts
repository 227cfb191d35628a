/**
 * Nesting bounds for untrusted structured input. V8's `JSON.stringify` (and any recursive walk)
 * overflows the stack at a few thousand levels, so one 30 KB line like `{"a":{"a":…}}` could end
 * the process. Every entry that parses JSON checks the text first with {@link jsonDepthExceeded}
 * (one pass, no allocation), and the ingestor checks every parsed event with
 * {@link valueDepthExceeds} before anything walks or serialises it.
 */

/** Default deepest nesting accepted (ECS events are 3–5 levels deep; FHIR resources rarely pass 10). */
export const DEFAULT_MAX_JSON_DEPTH = 64;

let maxDepth = DEFAULT_MAX_JSON_DEPTH;

/**
 * Set the process-wide nesting limit (from `pipeline.maxJsonDepth`); parsers read it per record.
 *
 * @example
 * setMaxJsonDepth(100);
 */
export function setMaxJsonDepth(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`maxJsonDepth must be a positive integer, got ${n}`);
  maxDepth = n;
}

/**
 * The current process-wide nesting limit.
 *
 * @example
 * maxJsonDepth() // 64
 */
export function maxJsonDepth(): number {
  return maxDepth;
}

/**
 * The index of the first `{` or `[` (outside strings) that opens a level deeper than `limit`,
 * or -1 when the text stays within it. Linear, no allocation; it does not validate the JSON
 * (`JSON.parse` does that after), it only refuses text too deep to handle safely.
 *
 * @example
 * jsonDepthExceeded('[[1]]', 1) // 1
 * jsonDepthExceeded('{"a":"[[[["}', 1) // -1
 */
export function jsonDepthExceeded(text: string, limit = maxDepth): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string: up to the next quote not escaped by a backslash.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/**
 * Whether a value (object graph) nests deeper than `limit` levels. Iterative, so it cannot
 * overflow itself; it stops at the first level past the limit and never visits more than
 * `maxNodes` values (a shallow but enormous object is not deep).
 *
 * @example
 * valueDepthExceeds({ a: { b: 1 } }, 1) // true
 * valueDepthExceeds({ a: { b: 1 } }, 2) // false
 */
export function valueDepthExceeds(value: unknown, limit = maxDepth, maxNodes = 1_000_000): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: Array<[object, number]> = [[value, 1]];
  let seen = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > limit) return true;
    if (++seen > maxNodes) return false;
    const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
  }
  return false;
}
