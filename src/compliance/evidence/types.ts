import type Database from 'better-sqlite3';

/** What a measure finds: met, partly met, a gap, or not measurable from what Wardwatch holds. */
export type MeasureStatus = 'met' | 'partial' | 'gap' | 'not_measured';

/** Inputs of every measure: the store, the context database when loaded, and the period. */
export interface MeasureInput {
  /** The main store (`wardwatch.db`). */
  db: Database.Database;
  /** The clinical-context database (`context.db`: staff roster, logins), when present. */
  context?: Database.Database | undefined;
  /** Period start and end, epoch ms (end exclusive). */
  from: number;
  to: number;
  /** Wall-clock time of the evaluation (alert review deadlines run on it); default now. */
  now?: number;
  /** The data directory, for the device inventory's vulnerability catalogues (KEV, CSAF); absent: not measured. */
  dataDir?: string | undefined;
}

/**
 * The evidence one measure computed: a status, a headline value, the counts behind it, the query it
 * ran (in words) and a few example ids (event, alert or roster ids — never a patient or a name).
 */
export interface MeasureResult {
  id: string;
  title: string;
  status: MeasureStatus;
  /** One sentence an auditor can read. */
  summary: string;
  /** Headline figure (a share in 0..1 when `unit` is `share`), null when not measured. */
  value: number | null;
  unit: 'share' | 'count' | 'hours';
  counts: Record<string, number>;
  /** What was counted, and where, so an auditor can repeat it. */
  query: string;
  examples: string[];
  /** Optional breakdown for a chart (label → value). */
  breakdown?: Array<{ label: string; value: number }>;
}

/** A named, automated evidence computation over the store. */
export interface Measure {
  id: string;
  title: string;
  run(input: MeasureInput): MeasureResult;
}

/** Rates a share against two thresholds: ≥ met → met, ≥ partial → partial, else gap. */
export function rate(share: number, met: number, partial: number): MeasureStatus {
  return share >= met ? 'met' : share >= partial ? 'partial' : 'gap';
}

/** A result that says why it could not be measured. */
export function notMeasured(m: Pick<Measure, 'id' | 'title'>, why: string, query: string, counts: Record<string, number> = {}): MeasureResult {
  return { id: m.id, title: m.title, status: 'not_measured', summary: `Not measured: ${why}`, value: null, unit: 'count', counts, query, examples: [] };
}

/** `12.3 %` */
export const pct = (v: number): string => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)} %`;
