/** Syntax tree of a STIX 2.1 pattern (section 9 of the specification). */

/** A literal value in a comparison. */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'timestamp'; value: string; ms: number }
  | { kind: 'binary'; value: string }
  | { kind: 'hex'; value: string };

/** One step of an object path after the first property: `.name`, `[3]` or `[*]`. */
export type PathStep = { prop: string } | { index: number | '*' };

/** `type:prop.sub[*]` */
export interface ObjectPath {
  type: string;
  steps: PathStep[];
  /** The path as written, for messages. */
  text: string;
}

export type CompareOp = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** A comparison expression (inside `[ ]`). */
export type Comparison =
  | { kind: 'test'; path: ObjectPath; op: CompareOp; negated: boolean; value: Literal | Literal[] }
  | { kind: 'exists'; path: ObjectPath }
  | { kind: 'and'; left: Comparison; right: Comparison }
  | { kind: 'or'; left: Comparison; right: Comparison };

/** An observation expression. */
export type Observation =
  | { kind: 'observation'; comparison: Comparison }
  | { kind: 'and'; left: Observation; right: Observation }
  | { kind: 'or'; left: Observation; right: Observation }
  | { kind: 'followedby'; left: Observation; right: Observation }
  | { kind: 'within'; seconds: number; expr: Observation }
  | { kind: 'repeats'; times: number; expr: Observation }
  | { kind: 'startstop'; start: number; stop: number; expr: Observation };
