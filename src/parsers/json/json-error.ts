/**
 * Where a JSON text first goes wrong. V8's `JSON.parse` messages only sometimes carry a
 * position ("Unexpected token '}', "{"a":}" is not valid JSON" does not), so on the error
 * path (only) this small scanner finds it. Iterative, so deep nesting cannot overflow.
 */

const WS = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const DIGIT = (c: number): boolean => c >= 48 && c <= 57;
const HEX = /^[0-9a-fA-F]{4}$/;

/** Index past the string opening at `i`, or -(index of the error) - 1. */
function scanString(s: string, i: number): number {
  for (i++; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return -i - 1;
    if (c === 92) {
      const e = s.charCodeAt(i + 1);
      if (e === 117) {
        if (!HEX.test(s.slice(i + 2, i + 6))) return -(i + 1) - 1;
        i += 5;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        i++;
      } else {
        return -(i + 1) - 1;
      }
    }
  }
  return -s.length - 1;
}

/** Index past the number at `i`, or -(index of the error) - 1. */
function scanNumber(s: string, i: number): number {
  if (s.charCodeAt(i) === 45) i++;
  if (s.charCodeAt(i) === 48) i++;
  else if (DIGIT(s.charCodeAt(i))) while (DIGIT(s.charCodeAt(i))) i++;
  else return -i - 1;
  if (s.charCodeAt(i) === 46) {
    i++;
    if (!DIGIT(s.charCodeAt(i))) return -i - 1;
    while (DIGIT(s.charCodeAt(i))) i++;
  }
  const e = s.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!DIGIT(s.charCodeAt(i))) return -i - 1;
    while (DIGIT(s.charCodeAt(i))) i++;
  }
  return i;
}

/** Scanner states: what may come next. */
const Mode = { Value: 0, ValueOrClose: 1, AfterValue: 2, Key: 3, KeyOrClose: 4 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

/**
 * The 0-based index of the first character that makes `s` invalid JSON (`s.length` when it
 * ends too early), or `undefined` when `s` is valid.
 *
 * @example
 * jsonErrorPosition('{"a":}') // 5
 * jsonErrorPosition('{"a":1}') // undefined
 */
export function jsonErrorPosition(s: string): number | undefined {
  const stack: number[] = [];
  let mode: Mode = Mode.Value;
  let i = 0;
  for (;;) {
    while (WS(s.charCodeAt(i))) i++;
    const c = s.charCodeAt(i);
    if (mode === Mode.AfterValue) {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < s.length ? i : undefined;
      if (c === 44) {
        i++;
        mode = top === 123 ? Mode.Key : Mode.Value;
      } else if (c === (top === 123 ? 125 : 93)) {
        stack.pop();
        i++;
      } else {
        return i;
      }
      continue;
    }
    if (i >= s.length) return s.length;
    if (mode === Mode.Key || mode === Mode.KeyOrClose) {
      if (mode === Mode.KeyOrClose && c === 125) {
        stack.pop();
        i++;
        mode = Mode.AfterValue;
        continue;
      }
      if (c !== 34) return i;
      const end = scanString(s, i);
      if (end < 0) return -end - 1;
      i = end;
      while (WS(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== 58) return i;
      i++;
      mode = Mode.Value;
      continue;
    }
    if (mode === Mode.ValueOrClose && c === 93) {
      stack.pop();
      i++;
      mode = Mode.AfterValue;
      continue;
    }
    if (c === 123 || c === 91) {
      stack.push(c);
      i++;
      mode = c === 123 ? Mode.KeyOrClose : Mode.ValueOrClose;
      continue;
    }
    let end: number;
    if (c === 34) end = scanString(s, i);
    else if (c === 45 || DIGIT(c)) end = scanNumber(s, i);
    else {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : '';
      if (word === '') return i;
      let k = 0;
      while (k < word.length && s.charCodeAt(i + k) === word.charCodeAt(k)) k++;
      end = k === word.length ? i + k : -(i + k) - 1;
    }
    if (end < 0) return -end - 1;
    i = end;
    mode = Mode.AfterValue;
  }
}

const V8_POSITION = / in JSON at position \d+.*$/s;
const V8_SNIPPET = /, ".*" is not valid JSON$/s;

/**
 * "invalid JSON at position N: WHAT" from V8's message, with V8's own position and input
 * snippet removed (the record is kept in the dead-letter store anyway).
 *
 * @example
 * describeJsonError('{"a":}', new SyntaxError(`Unexpected token '}', "{"a":}" is not valid JSON`))
 * // "invalid JSON at position 5: Unexpected token '}'"
 */
export function describeJsonError(text: string, err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const what = raw.replace(V8_POSITION, '').replace(V8_SNIPPET, '');
  const pos = jsonErrorPosition(text);
  return pos === undefined ? `invalid JSON: ${what}` : `invalid JSON at position ${pos}: ${what}`;
}
