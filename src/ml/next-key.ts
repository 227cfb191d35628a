/** Next-key model parameters (DeepLog's defaults on HDFS: h = 10, g = 9). */
export interface NextKeyOptions {
  /** History length h: the keys a prediction looks back on. Default 10. */
  history?: number;
  /** A key is normal when it is among the g most likely next keys. Default 9. */
  topG?: number;
  /**
   * Predict a session end marker too, so a session that stops where normal ones never stop is
   * flagged (DeepLog's reference code pads short sessions for the same effect). Default true.
   */
  predictEnd?: boolean;
  /**
   * A context is trusted only once seen this many times in training; rarer ones back off to a
   * shorter context. Without it a long context seen twice predicts only its two followers and
   * normal sessions are flagged for sparsity, not strangeness. Default 1 (no back-off).
   */
  minSupport?: number;
}

/** Why a session was flagged: the first key outside the top-g candidates. */
export interface NextKeyVerdict {
  anomalous: boolean;
  /** Position of the first unexpected key (session length = the end marker), or −1. */
  position: number;
  /** The unexpected key (−1 = the session ended there). */
  key: number;
  /** The keys that were expected there, most likely first. */
  expected: number[];
  /** Length of the context the prediction used (shorter when the full history was never seen). */
  context: number;
}

const START = -2, END = -1;

/**
 * DeepLog-style log-key anomaly detection without a neural network (Du et al., CCS 2017): a
 * variable-order Markov model counts, over normal training sessions, which key follows each
 * context of up to h previous keys. For a new session each key must be among the top-g next keys
 * of the longest context seen in training (backing off to shorter ones); the first key that is not
 * flags the session. It is what DeepLog's LSTM approximates, minus generalisation to unseen contexts.
 *
 * @example
 * const m = NextKeyModel.fit([[5, 5, 22, 11, 9], [5, 22, 5, 11, 9]], { topG: 2 });
 * m.check([5, 22, 26]).anomalous // true: 26 never followed 22
 */
export class NextKeyModel {
  /** Top-g keys per context, or null for a context too rarely seen to trust (filled lazily). */
  private readonly top = new Map<string, number[] | null>();

  private constructor(
    private readonly next: Map<string, Map<number, number>>,
    readonly history: number,
    readonly topG: number,
    readonly predictEnd: boolean,
    readonly minSupport: number,
  ) {}

  static fit(sessions: Iterable<readonly number[]>, opts: NextKeyOptions = {}): NextKeyModel {
    const h = Math.max(1, Math.floor(opts.history ?? 10));
    const m = new NextKeyModel(new Map(), h, Math.max(1, Math.floor(opts.topG ?? 9)), opts.predictEnd ?? true, Math.max(1, Math.floor(opts.minSupport ?? 1)));
    for (const s of sessions) {
      const seq = m.framed(s);
      for (let i = 1; i < seq.length; i++) {
        for (let len = 0; len <= h && len <= i; len++) {
          const ctx = seq.slice(i - len, i).join(' ');
          let counts = m.next.get(ctx);
          if (!counts) m.next.set(ctx, (counts = new Map()));
          counts.set(seq[i]!, (counts.get(seq[i]!) ?? 0) + 1);
        }
      }
    }
    return m;
  }

  private framed(s: readonly number[]): number[] {
    return this.predictEnd ? [START, ...s, END] : [START, ...s];
  }

  /** Top-g candidates after `prefix` (keys before the position), with the context length used. */
  candidates(prefix: readonly number[]): { keys: number[]; context: number } {
    const seq = [START, ...prefix];
    for (let len = Math.min(this.history, seq.length); len >= 0; len--) {
      const ctx = seq.slice(seq.length - len).join(' ');
      // The model is immutable once fitted: each context's verdict (trusted? top g?) is worked out once.
      let top = this.top.get(ctx);
      if (top === undefined) {
        const counts = this.next.get(ctx);
        if (!counts) continue;
        let seen = 0;
        for (const c of counts.values()) seen += c;
        top = len > 0 && seen < this.minSupport ? null : [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, this.topG).map(([k]) => k);
        this.top.set(ctx, top);
      }
      if (top === null) continue;
      return { keys: [...top], context: len };
    }
    return { keys: [], context: 0 };
  }

  /** Check a session; stops at the first unexpected key. */
  check(session: readonly number[]): NextKeyVerdict {
    const seq = this.framed(session);
    for (let i = 1; i < seq.length; i++) {
      const { keys, context } = this.candidates(seq.slice(1, i));
      if (!keys.includes(seq[i]!)) return { anomalous: true, position: i - 1, key: seq[i]!, expected: keys, context };
    }
    return { anomalous: false, position: -1, key: -1, expected: [], context: 0 };
  }

  /** Distinct contexts learned (a size measure). */
  get contexts(): number {
    return this.next.size;
  }
}
