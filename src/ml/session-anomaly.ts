import { CountEnvelope, countVector, type EnvelopeVerdict } from './count-envelope.js';
import { NextKeyModel, type NextKeyOptions, type NextKeyVerdict } from './next-key.js';

/** Verdict of {@link SessionAnomalyModel.check}: both halves, so an alert can say what and where. */
export interface SessionVerdict {
  anomalous: boolean;
  /** Which keys occurred more or less often than in any normal training session. */
  counts: EnvelopeVerdict;
  /** The first key outside the top-g predictions (DeepLog-style), or the early end; only evaluated when the counts are anomalous (else reported as not anomalous). */
  sequence: NextKeyVerdict;
}

/**
 * Sessions (one block, one request, one login) judged by what they contain AND in what order:
 * anomalous only when the count envelope ({@link CountEnvelope}: some key occurred more or less
 * often than in any normal training session, or never did) and the next-key model
 * ({@link NextKeyModel}: some key was outside the top-g predictions) both say so.
 *
 * Why both: on HDFS the next-key model's false alarms on held-out normal sessions are normal steps
 * reordered by concurrency (the counts are ordinary), and the envelope's are sessions with a few
 * more block reads than training ever had (the order is ordinary); anomalous blocks break both.
 * Requiring both cut held-out normal false positives from ~2 % (next-key alone) to 0.04 % at the
 * same recall (docs/detectors/log-anomaly.md, bench/results/eval-hdfs.json).
 *
 * @example
 * const m = SessionAnomalyModel.fit(normalSessions, { dims: 30 });
 * m.check([5, 22]).anomalous // a block allocated and never written: too few keys, early end
 */
export class SessionAnomalyModel {
  private constructor(readonly envelope: CountEnvelope, readonly sequence: NextKeyModel, readonly dims: number) {}

  /** `dims`: count-vector length; keys ≥ dims−1 or < 0 count as one "other" key. */
  static fit(sessions: readonly (readonly number[])[], opts: NextKeyOptions & { dims: number }): SessionAnomalyModel {
    if (!(opts.dims >= 2)) throw new Error('session model: dims must be ≥ 2');
    return new SessionAnomalyModel(CountEnvelope.fit(sessions.map((s) => countVector(s, opts.dims))), NextKeyModel.fit(sessions, opts), opts.dims);
  }

  check(session: readonly number[]): SessionVerdict {
    const counts = this.envelope.check(countVector(session, this.dims));
    // The sequence model is the costlier half: skip it when the counts are ordinary.
    const sequence = counts.anomalous ? this.sequence.check(session) : { anomalous: false, position: -1, key: -1, expected: [], context: 0 };
    return { anomalous: counts.anomalous && sequence.anomalous, counts, sequence };
  }
}
