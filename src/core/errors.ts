/** Closed set of error codes; each area adds its own prefix. */
export type WardErrorCode =
  | 'config.invalid'
  | 'config.unknown_component'
  | 'parse.failed'
  | 'parse.too_deep'
  | 'parse.too_large'
  | 'parse.unknown_format'
  | 'store.failed'
  | 'ingest.too_large'
  | 'ingest.busy'
  | 'ingest.unavailable'
  | 'auth.unauthorized'
  | 'auth.forbidden'
  | 'conflict'
  | 'request.invalid'
  | 'not_found';

/**
 * The one error root of Wardwatch. `where` names the place: a config key path
 * (`detectors[1].window`), a file and line (`auth.log:42`), or a component.
 *
 * @example
 * throw new WardError('config.invalid', 'expected a duration like "5m"', 'detectors[0].window');
 */
export class WardError extends Error {
  constructor(
    readonly code: WardErrorCode,
    message: string,
    readonly where?: string,
    options?: { cause?: unknown },
  ) {
    super(where ? `${where}: ${message}` : message, options);
    this.name = 'WardError';
  }
}

/** A record a parser could not read. The raw bytes go to the dead-letter store with `reason`. */
export class ParseError extends WardError {
  constructor(message: string, where?: string, code: 'parse.failed' | 'parse.too_deep' | 'parse.too_large' = 'parse.failed') {
    super(code, message, where);
    this.name = 'ParseError';
  }
}

/**
 * A record nested deeper than the configured limit (`pipeline.maxJsonDepth`): refused before
 * anything recursive touches it, and dead-lettered with a reason that starts with the code.
 *
 * @example
 * throw new TooDeepError(64, 'http:api:1', 'at character 64');
 */
export class TooDeepError extends ParseError {
  constructor(readonly limit: number, where?: string, at?: string) {
    super(`parse.too_deep: nested deeper than ${limit} levels${at ? ` ${at}` : ''} (limit pipeline.maxJsonDepth)`, where, 'parse.too_deep');
    this.name = 'TooDeepError';
  }
}

/** Turn anything thrown into a message string. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
