import { TooDeepError } from '../../core/errors.js';
import { jsonDepthExceeded, maxJsonDepth } from '../../core/json-depth.js';

/**
 * Refuse JSON text nested deeper than `pipeline.maxJsonDepth` before it is parsed: a parsed
 * value that deep would overflow the stack of whatever walks or serialises it next.
 *
 * @example
 * checkJsonDepth('{"a":{"a":1}}', 'http:api:1'); // fine
 * checkJsonDepth('['.repeat(10_000), 'http:api:2'); // throws TooDeepError (parse.too_deep)
 */
export function checkJsonDepth(text: string, where?: string): void {
  const limit = maxJsonDepth();
  const at = jsonDepthExceeded(text, limit);
  if (at >= 0) throw new TooDeepError(limit, where, `at character ${at}`);
}

/**
 * `JSON.parse` for untrusted text, after {@link checkJsonDepth}. JSON syntax errors are thrown
 * as they are (callers word them); too-deep text as {@link TooDeepError}.
 *
 * @example
 * parseBoundedJson('{"a":1}', 'file:x.ndjson:3') // { a: 1 }
 */
export function parseBoundedJson(text: string, where?: string): unknown {
  checkJsonDepth(text, where);
  return JSON.parse(text) as unknown;
}

/**
 * Whether a sniffer may try `JSON.parse` on a sample line: false for text nested past the limit
 * (it will be refused when parsed anyway).
 *
 * @example
 * sniffableJson('{"a":1}') // true
 */
export function sniffableJson(text: string): boolean {
  return jsonDepthExceeded(text, maxJsonDepth()) < 0;
}
