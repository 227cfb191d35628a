import type { IndicatorRecord } from '../store/intel-store.js';
import type { StixCommon } from '../stix/types.js';

/** Feed formats the importers read. */
export type FeedFormat = 'stix' | 'misp' | 'csv' | 'plain';

/** One problem found while reading a feed: the object (STIX id, MISP attribute uuid, `line N`), the field, why. */
export interface ImportProblem {
  object: string;
  path: string;
  message: string;
}

/** What a format reader returns: indicator values, the STIX objects to keep, and problems. */
export interface ParsedFeed {
  records: IndicatorRecord[];
  objects: StixCommon[];
  problems: ImportProblem[];
  /** Indicators whose pattern is compound (AND/FOLLOWEDBY/qualifiers): kept as objects, not matched at line rate. */
  compound: number;
  /** Entries the source says not to use for detection (MISP `to_ids: false`). */
  notForDetection: number;
}

/** Settings shared by the readers. */
export interface ReadOptions {
  /** Source name (feed, collection); defaults to the file name. */
  source: string;
  /** Import time (ms): the default `valid_from`. */
  now: number;
  /** Default lifetime of an indicator without its own `valid_until` (days; 0 = no expiry). */
  ttlDays: number;
  /** Default confidence 0..100 when the source gives none. */
  confidence?: number | undefined;
}

/** The expiry an entry gets when its source names none. */
export const defaultUntil = (o: ReadOptions, from: number): number | undefined => (o.ttlDays > 0 ? from + o.ttlDays * 86_400_000 : undefined);
