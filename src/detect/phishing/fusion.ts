import { SIGNAL_IDS, SIGNALS, type Signal, type SignalId } from './signals.js';

/** The four labels a message can get. */
export type Verdict = 'clean' | 'suspicious' | 'phishing' | 'fraud';

/** One signal's share of a score (weight × value, in log-odds). */
export interface Contribution {
  signal: Signal;
  weight: number;
  contribution: number;
}

/** The fused model's serialised form (inside `models/phishing-fusion-v1.json`). */
export interface FusionJSON {
  bias: number;
  weights: Partial<Record<SignalId, number>>;
  thresholds: { suspicious: number; phishing: number };
}

/**
 * Logistic fusion of every signal into one score. Each weight starts at its documented
 * prior (signals.ts); the `corpus` signals are then fitted on labelled messages as a MAP
 * estimate under a Gaussian prior centred on that value, so a signal the data says little
 * about stays near its prior, and one the data contradicts moves. `prior` signals are frozen
 * during corpus training (see signals.ts for why).
 *
 * @example
 * const f = FusionModel.fromJSON(json); f.score(signals).p // 0.97
 */
export class FusionModel {
  bias: number;
  readonly w: Float64Array;
  thresholds: { suspicious: number; phishing: number };

  constructor(init?: FusionJSON) {
    this.bias = init?.bias ?? 0;
    this.w = Float64Array.from(SIGNAL_IDS, (id) => init?.weights[id] ?? SIGNALS[id].prior);
    this.thresholds = init?.thresholds ?? { suspicious: 0.5, phishing: 0.9 };
  }

  private vector(signals: Signal[]): Float64Array {
    const x = new Float64Array(SIGNAL_IDS.length);
    for (const s of signals) {
      const i = SIGNAL_IDS.indexOf(s.id);
      if (i >= 0) x[i] = x[i]! + s.value;
    }
    return x;
  }

  /**
   * Probability of phishing, the log-odds, and each signal's contribution (largest first).
   *
   * @example
   * fusion.score([{ id: 'url.ip_literal', value: 1, observed: '1.2.3.4' }]).contributions[0].contribution // 1.5
   */
  score(signals: Signal[]): { p: number; z: number; contributions: Contribution[] } {
    let z = this.bias;
    const contributions: Contribution[] = [];
    for (const s of signals) {
      const i = SIGNAL_IDS.indexOf(s.id);
      if (i < 0) continue;
      const c = this.w[i]! * s.value;
      z += c;
      contributions.push({ signal: s, weight: this.w[i]!, contribution: c });
    }
    contributions.sort((a, b) => b.contribution - a.contribution);
    return { p: 1 / (1 + Math.exp(-z)), z, contributions };
  }

  /**
   * The label for a score: `phishing` at or above the phishing threshold, `fraud` instead when
   * the fraud cues (and impersonation) carry most of the evidence and no link or attachment
   * does, `suspicious` between the thresholds, else `clean`.
   *
   * @example
   * fusion.verdict(0.99, contributions) // 'phishing'
   */
  verdict(p: number, contributions: Contribution[]): Verdict {
    if (p < this.thresholds.suspicious) return 'clean';
    if (p < this.thresholds.phishing) return 'suspicious';
    const by = (pred: (id: SignalId) => boolean) => contributions.filter((c) => c.contribution > 0 && pred(c.signal.id)).reduce((s, c) => s + c.contribution, 0);
    const fraud = by((id) => SIGNALS[id].group === 'fraud' || id === 'sender.impersonates_executive' || id === 'sender.impersonates_staff' || id === 'sender.reply_to_mismatch');
    const payload = by((id) => SIGNALS[id].group === 'url' || SIGNALS[id].group === 'attachment');
    return fraud > payload && by((id) => id.startsWith('fraud.payment') || id.startsWith('fraud.gift') || id.startsWith('fraud.new_number') || id.startsWith('fraud.invoice')) > 0 ? 'fraud' : 'phishing';
  }

  /**
   * Fit on labelled signal sets (MAP, AdaGrad, classes balanced). Deterministic for a seed.
   *
   * @example
   * new FusionModel().fit(data, { epochs: 30 })
   */
  fit(data: Array<{ signals: Signal[]; y: 0 | 1 }>, opts: { epochs?: number; lr?: number; priorStrength?: number; seed?: number; learnAll?: boolean } = {}): this {
    const epochs = opts.epochs ?? 30;
    const lr = opts.lr ?? 0.1;
    const lambda = opts.priorStrength ?? 1;
    const learnable = SIGNAL_IDS.map((id) => opts.learnAll === true || SIGNALS[id].learn === 'corpus');
    const prior = Float64Array.from(SIGNAL_IDS, (id) => SIGNALS[id].prior);
    const xs = data.map((d) => this.vector(d.signals));
    const nPos = data.filter((d) => d.y === 1).length;
    const nNeg = data.length - nPos;
    const cw = (y: 0 | 1) => (y === 1 ? data.length / (2 * Math.max(1, nPos)) : data.length / (2 * Math.max(1, nNeg)));
    const g2 = new Float64Array(SIGNAL_IDS.length);
    let gb2 = 0;
    let seed = opts.seed ?? 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 4294967296;
    };
    const order = data.map((_, i) => i);
    const perExample = lambda / Math.max(1, data.length);
    for (let ep = 0; ep < epochs; ep++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const k of order) {
        const x = xs[k]!;
        const y = data[k]!.y;
        let z = this.bias;
        for (let i = 0; i < x.length; i++) z += this.w[i]! * x[i]!;
        const g = (1 / (1 + Math.exp(-z)) - y) * cw(y);
        for (let i = 0; i < x.length; i++) {
          if (!learnable[i]) continue;
          const gi = g * x[i]! + perExample * (this.w[i]! - prior[i]!);
          if (gi === 0) continue;
          g2[i] = g2[i]! + gi * gi;
          this.w[i] = this.w[i]! - (lr * gi) / Math.sqrt(g2[i]! + 1e-8);
        }
        gb2 += g * g;
        this.bias -= (lr * g) / Math.sqrt(gb2 + 1e-8);
      }
    }
    return this;
  }

  toJSON(): FusionJSON {
    const weights: Partial<Record<SignalId, number>> = {};
    SIGNAL_IDS.forEach((id, i) => { weights[id] = Number(this.w[i]!.toFixed(4)); });
    return { bias: Number(this.bias.toFixed(4)), weights, thresholds: this.thresholds };
  }

  static fromJSON(j: FusionJSON): FusionModel {
    return new FusionModel(j);
  }
}
