import { WardError } from '../../core/errors.js';

/**
 * Closed set of reasons a Sigma rule can fail to load. `yaml` and `schema` are found while
 * reading, `condition`, `modifier`, `value` and `regex` while compiling, `reference` while
 * linking correlations and filters to the rules they name.
 */
export type SigmaErrorReason =
  | 'yaml'
  | 'schema'
  | 'condition'
  | 'modifier'
  | 'value'
  | 'regex'
  | 'reference'
  | 'unsupported'
  | 'io';

/**
 * The error root of the Sigma area. `where` is `file:line` when the line is known.
 *
 * @example
 * throw new SigmaError('modifier', 'unknown modifier "containz"', 'rules/x.yml:12');
 */
export class SigmaError extends WardError {
  constructor(
    readonly reason: SigmaErrorReason,
    message: string,
    where?: string,
  ) {
    super('config.invalid', message, where);
    this.name = 'SigmaError';
  }
}

/** One problem found while loading a rule set; loading goes on past it. */
export interface RuleIssue {
  file: string;
  line?: number;
  ruleId?: string;
  reason: SigmaErrorReason;
  message: string;
  /** Warnings do not stop the rule from loading (e.g. an unresolved placeholder). */
  severity: 'error' | 'warning';
}

/**
 * Render an issue as `file:line [reason] message`.
 *
 * @example
 * formatIssue(issue) // 'rules/x.yml:12 error [modifier] unknown modifier "containz"'
 */
export function formatIssue(i: RuleIssue): string {
  const at = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  return `${at} ${i.severity} [${i.reason}] ${i.message}`;
}
