/** One key whose count left the range normal training sessions had. */
export interface EnvelopeViolation {
  /** Index in the count vector (the log key / template id). */
  key: number;
  observed: number;
  /** Fewest and most occurrences in any normal training session. */
  min: number;
  max: number;
}

/** Verdict of {@link CountEnvelope.check}. */
export interface EnvelopeVerdict {
  anomalous: boolean;
  /** Every key outside its range, furthest outside first. */
  violations: EnvelopeViolation[];
}

/**
 * The simplest count-vector model: for every key (template), the fewest and most times it occurred
 * in one normal training session. A session is anomalous when some key's count is outside that
 * range — a key never seen in normal sessions (range 0..0), a step missing (below the minimum) or
 * repeated more than ever before. No threshold to tune: the bounds are the training data's own.
 * Keys at or beyond the vector length count as one "other" key, whose normal range is 0..0.
 *
 * @example
 * const e = CountEnvelope.fit([[0, 1, 3], [0, 1, 4]]);
 * e.check([0, 1, 5]).violations[0] // { key: 2, observed: 5, min: 3, max: 4 }
 */
export class CountEnvelope {
  private constructor(readonly min: Float64Array, readonly max: Float64Array, readonly sessions: number) {}

  /** Fit on count vectors of normal sessions (all the same length). */
  static fit(vectors: Iterable<ArrayLike<number>>): CountEnvelope {
    let min: Float64Array | undefined, max: Float64Array | undefined, n = 0;
    for (const v of vectors) {
      if (!min || !max) { min = Float64Array.from(v); max = Float64Array.from(v); n = 1; continue; }
      if (v.length !== min.length) throw new Error(`count envelope: vector ${n} has ${v.length} values, expected ${min.length}`);
      for (let j = 0; j < v.length; j++) { const x = v[j]!; if (x < min[j]!) min[j] = x; if (x > max[j]!) max[j] = x; }
      n++;
    }
    if (!min || !max) throw new Error('count envelope: no training vectors');
    return new CountEnvelope(min, max, n);
  }

  /** Fit on sessions of integer keys (0 ≤ key < `dims`; others count as "outside"). */
  static fitSessions(sessions: Iterable<readonly number[]>, dims: number): CountEnvelope {
    const vecs: Float64Array[] = [];
    for (const s of sessions) vecs.push(countVector(s, dims));
    return CountEnvelope.fit(vecs);
  }

  get dimensions(): number {
    return this.min.length;
  }

  check(v: ArrayLike<number>): EnvelopeVerdict {
    const violations: EnvelopeViolation[] = [];
    for (let j = 0; j < this.min.length; j++) {
      const x = v[j] ?? 0;
      if (x < this.min[j]! || x > this.max[j]!) violations.push({ key: j, observed: x, min: this.min[j]!, max: this.max[j]! });
    }
    const out = (e: EnvelopeViolation) => Math.max(e.min - e.observed, e.observed - e.max);
    violations.sort((p, q) => out(q) - out(p) || p.key - q.key);
    return { anomalous: violations.length > 0, violations };
  }

  checkSession(session: readonly number[]): EnvelopeVerdict {
    return this.check(countVector(session, this.dimensions));
  }
}

/**
 * Count vector of a session of integer keys: index k counts key k. Keys < 0 or ≥ dims−1 are
 * counted in the last slot ("other"), so a key never seen in training is never silently dropped.
 */
export function countVector(session: readonly number[], dims: number): Float64Array {
  const v = new Float64Array(dims);
  for (const k of session) {
    const j = Number.isInteger(k) && k >= 0 && k < dims - 1 ? k : dims - 1;
    v[j] = v[j]! + 1;
  }
  return v;
}
