/** The three kinds of Sigma document, as read from YAML and validated (not yet compiled). */

/** `logsource`: which logs a rule applies to. */
export interface LogSource {
  product?: string;
  category?: string;
  service?: string;
}

interface DocBase {
  /** Rule id (UUID), or a synthetic `file#n` id when the document has none. */
  id: string;
  name?: string;
  title: string;
  description?: string;
  status?: string;
  level?: string;
  author?: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  file: string;
  /** 1-based line of the document start in `file`. */
  line: number;
}

/** A detection rule. */
export interface SigmaRuleDoc extends DocBase {
  kind: 'rule';
  logsource: LogSource;
  /** Search identifiers → their definitions (maps, lists or keywords). */
  detection: Record<string, unknown>;
  /** Conditions (a list is OR of its entries). */
  conditions: string[];
  /** 1-based line of each search identifier, for error messages. */
  lines: Record<string, number>;
}

/** Correlation types of the Sigma correlation specification (plus the value aggregations). */
export type CorrelationType =
  | 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'value_sum' | 'value_avg' | 'value_percentile';

/** The `condition` of a correlation: one or more comparisons, and the field for value aggregations. */
export interface CorrelationCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
  field?: string;
  percentile?: number;
}

/** A correlation (meta) rule. */
export interface SigmaCorrelationDoc extends DocBase {
  kind: 'correlation';
  type: CorrelationType;
  /** Referenced rules, by id or name. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  condition: CorrelationCondition;
  /** alias → rule name → field. */
  aliases: Record<string, Record<string, string>>;
  generate: boolean;
}

/** A global filter (Sigma filter rule): AND-ed onto the rules it names. */
export interface SigmaFilterDoc extends DocBase {
  kind: 'filter';
  logsource: LogSource;
  /** Rule ids or names, or `any` for every rule of the log source. */
  rules: string[] | 'any';
  detection: Record<string, unknown>;
  conditions: string[];
  lines: Record<string, number>;
}

/** Any Sigma document, told apart by `kind`. */
export type SigmaDoc = SigmaRuleDoc | SigmaCorrelationDoc | SigmaFilterDoc;
