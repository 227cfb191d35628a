import type { FusedHoldout } from './email-fused.js';
/** Scores of one model or detector on a public dataset (the `detectors` map of `--json`). */
export interface PublicDetectorScore {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** False alerts per day where the data has time and entities (TON_IoT, BGL); otherwise null, see `note`. */
  falseAlertsPerDay: number | null;
  falseAlertsPer1000DevicesPerDay?: number | null;
  accuracy: number;
  fpr: number | null;
  auc?: number | null;
  averagePrecision?: number | null;
  tp: number; fp: number; tn: number; fn: number;
  /** How the alert threshold was set (always on training rows). */
  threshold: string;
  fitSeconds?: number;
  scoreRowsPerSecond?: number;
  /** Most useful features (random forest: mean decrease in impurity; logistic: |weight|). */
  topFeatures?: Array<{ feature: string; value: number }>;
  /** HDFS: precision our FPR and recall would give at DeepLog's test mix (33 normal sessions per anomalous). */
  precisionAtPaperMix?: number | null;
  note?: string;
}

/** One attack class (tabular) or incident kind (logs): how much of it was caught. */
export interface PublicScenario {
  name: string;
  /** Labelled rows, sessions or lines of this class that were scored. */
  rows: number;
  /** Recall of this class by the first detector listed (share of its rows flagged). */
  detected: number;
  recallByDetector: Record<string, number>;
  /** Rows of the class that the first detector missed. */
  missed: number;
  /** Null: rows are independent records with no incident start to measure from. */
  timeToDetectSeconds: number | null;
}

/** `wardwatch eval --dataset NAME --json`: the same top level as a simulator evaluation. */
/**
 * One held-out evaluation: a model trained on one part of the data (older mail, other corpora)
 * scores another, with its threshold chosen on the training part only.
 */
export interface PublicHoldout {
  name: string;
  /** What was trained on and what was scored. */
  train: string;
  test: string;
  trainRows: Record<string, number>;
  testRows: Record<string, number>;
  /** Threshold chosen on training ham only (≤ 0.1 % of it above). */
  threshold: number;
  /** Recall and false-positive rate of the scored part at that threshold. */
  recallAtTrainThreshold: number;
  fprAtTrainThreshold: number | null;
  /** Recall at ≤ 0.1 % false positives on the scored ham, by score (needs ≥ 1,000 scored ham to mean 0.1 %). */
  recallAtTestFpr001: number | null;
  auc: number | null;
  /** Recall per scored phishing corpus at the training threshold. */
  recallByCorpus: Record<string, number>;
  /** The fused scorer (every signal + content and URL models) on the same split, with its verdict bands. */
  fused?: FusedHoldout;
  note?: string;
}

export interface PublicEvalReport {
  kind: 'public-dataset';
  dataset: {
    name: string;
    title: string;
    files: string[];
    rows: number;
    scoredRows: number;
    features: number;
    split: string;
    dropped: Array<{ column: string; reason: string }>;
    classes: Record<string, number>;
    sample?: string;
    notes: string[];
  };
  detectors: Record<string, PublicDetectorScore>;
  scenarios: PublicScenario[];
  /** Figures the dataset's authors or later papers report, for comparison (from the data README/MANIFEST). */
  published: string[];
  /** Held-out splits that predict the future (time, cross-corpus), beside the in-distribution CV. */
  holdouts?: PublicHoldout[];
  params: Record<string, unknown>;
  seconds: number;
}
