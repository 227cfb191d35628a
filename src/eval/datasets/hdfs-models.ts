import { CountEnvelope, countVector, InvariantModel, IsolationForest, NextKeyModel, PcaSpe, SessionAnomalyModel } from '../../ml/index.js';

/** Count-vector length for HDFS log keys 1..28: index = key, the last slot counts any other key. */
export const HDFS_DIMS = 30;
/** DeepLog's test set: 553,366 normal and 16,838 anomalous sessions (Du et al. 2017): 32.9 normal per anomalous. */
export const PAPER_NORMAL = 553_366, PAPER_ANOMALOUS = 16_838;
/** Back-off supports tried for the next-key model, and the held-out normal FPR the choice aims for. */
const SUPPORTS = [1, 2, 5, 10, 20, 50, 100, 200];
const TARGET_FPR = 0.02;

/** The HDFS models, in report order; the first is the one the docs lead with. */
export const HDFS_MODELS = ['ngram+envelope', 'count-envelope', 'deeplog-ngram', 'invariants', 'pca-spe', 'iforest-counts'] as const;
export type HdfsModelName = (typeof HDFS_MODELS)[number];

/** Models fitted on normal sessions only, with every threshold set on normal sessions only. */
export interface FittedHdfs {
  flag: Record<HdfsModelName, (s: readonly number[]) => boolean>;
  /** What was chosen and how, per model (for the report). */
  thresholds: Record<HdfsModelName, string>;
  params: { minSupport: number; chooseFpr: number; iforestThreshold: number; pcaComponents: number; pcaThreshold: number; invariants: number; contexts: number };
}

/**
 * Fit every HDFS model on normal sessions. `train` is split (in the order given — shuffle first)
 * 80 % fit / 20 % choose: the next-key back-off support is the smallest whose FPR on the choose
 * part is ≤ 2 % (else the lowest), the isolation-forest threshold is the 99th percentile of the choose
 * sessions' scores; then the next-key model, envelope, PCA and invariants are refitted on all of `train`.
 * No anomalous session is read here.
 */
export function fitHdfsModels(train: readonly number[][], seed: number): FittedHdfs {
  const cut = Math.round(train.length * 0.8);
  const fitPart = train.slice(0, cut), choose = train.slice(cut);
  let minSupport = SUPPORTS[SUPPORTS.length - 1]!, chooseFpr = 1;
  for (const m of SUPPORTS) {
    const v = NextKeyModel.fit(fitPart, { history: 10, topG: 9, minSupport: m });
    const fpr = choose.filter((x) => v.check(x).anomalous).length / Math.max(1, choose.length);
    if (fpr <= TARGET_FPR) { minSupport = m; chooseFpr = fpr; break; }
    if (fpr < chooseFpr) { minSupport = m; chooseFpr = fpr; }
  }
  const vec = (s: readonly number[]) => countVector(s, HDFS_DIMS);
  const trainVecs = train.map(vec);
  const forest = IsolationForest.fit(fitPart.map((s) => [...vec(s)]), { seed, trees: 100 });
  // The 99th percentile of held-out normal scores (a 1 % FPR target): the highest one let almost nothing through.
  const chooseScores = choose.map((s) => forest.score(vec(s))).sort((a, b) => a - b);
  const iforestThreshold = chooseScores[Math.min(chooseScores.length - 1, Math.floor(chooseScores.length * 0.99))] ?? 1;
  const ngram = NextKeyModel.fit(train, { history: 10, topG: 9, minSupport });
  const envelope = CountEnvelope.fit(trainVecs);
  const pca = PcaSpe.fit(trainVecs);
  const inv = InvariantModel.fit(trainVecs);
  const combined = SessionAnomalyModel.fit(train, { dims: HDFS_DIMS, history: 10, topG: 9, minSupport });
  const ngramRule = `a key outside the top 9 next keys of its longest context (h ≤ 10) seen ≥ ${minSupport} time(s) in training, or an end no normal session has (support: smallest with ≤ 2 % FPR on the held-out fifth of the normal training sessions)`;
  return {
    flag: {
      'ngram+envelope': (s) => combined.check(s).anomalous,
      'count-envelope': (s) => envelope.check(vec(s)).anomalous,
      'deeplog-ngram': (s) => ngram.check(s).anomalous,
      invariants: (s) => inv.check(vec(s)).anomalous,
      'pca-spe': (s) => pca.check(vec(s)).anomalous,
      'iforest-counts': (s) => forest.score(vec(s)) > iforestThreshold,
    },
    thresholds: {
      'ngram+envelope': `both: some key count outside its [min, max] over normal training sessions, and ${ngramRule}`,
      'count-envelope': 'some key count outside its [min, max] over normal training sessions (no tuned threshold)',
      'deeplog-ngram': ngramRule,
      invariants: `breaks one of ${inv.invariants.length} linear count relations that held in every normal training session`,
      'pca-spe': `squared prediction error above the Q-statistic Q_α (c_α 3.2905) of the residual eigenvalues, ${pca.components.length} components (95 % of variance) of centred normal count vectors`,
      'iforest-counts': `isolation-forest score (100 trees, ψ 256) above the 99th percentile of held-out normal training sessions' scores (${iforestThreshold.toFixed(4)})`,
    },
    params: { minSupport, chooseFpr, iforestThreshold, pcaComponents: pca.components.length, pcaThreshold: pca.threshold, invariants: inv.invariants.length, contexts: ngram.contexts },
  };
}

/** Precision and F1 that a recall and FPR give at DeepLog's mix (32.9 normal sessions per anomalous one). */
export function atPaperMix(recall: number | null, fpr: number | null): { precision: number | null; f1: number | null } {
  const r = recall ?? 0, tp = r * PAPER_ANOMALOUS, fp = (fpr ?? 0) * PAPER_NORMAL;
  const precision = tp + fp ? tp / (tp + fp) : null;
  const f1 = precision !== null && r > 0 ? (2 * precision * r) / (precision + r) : null;
  return { precision, f1 };
}
