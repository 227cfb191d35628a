/** Closed set of codes for everything that goes wrong in `src/intel`. */
export type IntelErrorCode = 'schema' | 'pattern' | 'format' | 'io' | 'unsupported';

/**
 * The one error root of the intel area: a code, what object it is about (STIX id or feed line)
 * and where in it (a JSON pointer or a character position).
 *
 * @example new IntelError('schema', 'must be string', { object: 'indicator--…', path: '/pattern' })
 */
export class IntelError extends Error {
  readonly code: IntelErrorCode;
  readonly object: string | undefined;
  readonly path: string | undefined;
  constructor(code: IntelErrorCode, message: string, where: { object?: string | undefined; path?: string | undefined } = {}) {
    const at = [where.object, where.path].filter(Boolean).join(' at ');
    super(at ? `${at}: ${message}` : message);
    this.name = 'IntelError';
    this.code = code;
    this.object = where.object;
    this.path = where.path;
  }
}
