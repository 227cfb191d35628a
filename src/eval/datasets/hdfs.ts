import { readFileSync } from 'node:fs';
import { rng } from '../../ml/index.js';
import { requireFiles, type DatasetAdapter } from './adapter.js';
import { atPaperMix, fitHdfsModels, HDFS_DIMS, HDFS_MODELS, type HdfsModelName } from './hdfs-models.js';
import { evaluateHdfsTest } from './hdfs-test.js';
import type { PublicDetectorScore } from './report.js';
import { scoreFlags } from './scoring.js';

const FILES = ['logs/hdfs-deeplog-sessions/hdfs_train', 'logs/hdfs-deeplog-sessions/hdfs_abnormal_dev'];

function sessions(path: string): number[][] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(/\s+/).map(Number));
}

/** Seeded shuffle of 0..n−1. */
function shuffled(n: number, seed: number): number[] {
  const r = rng(seed), a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); const t = a[i]!; a[i] = a[j]!; a[j] = t; }
  return a;
}

/**
 * HDFS log-key sessions as DeepLog used them. DeepLog's normal test sessions are not in the shared
 * data, so the normal sessions are cross-validated (seeded k folds, default 5): each fold's models
 * are fitted on the other folds' normal sessions only — thresholds chosen on a held-out fifth of
 * those — and score the fold's normal sessions and a fifth of the anomalous ones. Every session is
 * scored exactly once, by models that never saw it; no anomalous session is used to fit or choose.
 * `--max-rows N` keeps N sessions (same normal/anomalous proportion).
 */
export const hdfs: DatasetAdapter = {
  name: 'hdfs',
  title: 'HDFS_v1 log-key sessions (DeepLog)',
  kind: 'log',
  files: FILES,
  split: 'normal sessions: seeded k-fold CV (fit and choose thresholds on k−1 folds, score the kth); anomalous sessions: split across the folds, never used to fit or choose',
  published: ['DeepLog (Du et al. 2017): precision 0.95, recall 0.96, F1 0.96 (833 FP, 619 FN on 553,366 normal + 16,838 anomalous sessions).', 'LogRobust F1 0.99; PCA F1 ≈ 0.79, invariant mining ≈ 0.91 (Loghub benchmark, He et al. ISSRE 2016).'],
  testInput: 'DeepLog-format session files (one session of space-separated log keys per line), a file or a folder; names with "abnormal" hold anomalous sessions, names with "normal" normal ones',
  async evaluate(ctx) {
    if (ctx.test) return evaluateHdfsTest(ctx, requireFiles(ctx, [FILES[0]!])[0]!, [FILES[0]!]);
    const started = Date.now();
    const [trainPath, abnormalPath] = requireFiles(ctx, FILES);
    let normal = sessions(trainPath!), abnormal = sessions(abnormalPath!);
    const total = normal.length + abnormal.length;
    let sample: string | undefined;
    if (ctx.maxRows !== undefined && ctx.maxRows < total) {
      const keepN = Math.max(50, Math.round((normal.length * ctx.maxRows) / total)), keepA = Math.max(5, ctx.maxRows - keepN);
      normal = shuffled(normal.length, ctx.seed + 1).slice(0, keepN).map((i) => normal[i]!);
      abnormal = shuffled(abnormal.length, ctx.seed + 2).slice(0, keepA).map((i) => abnormal[i]!);
      sample = `seeded (${ctx.seed}) sample of ${normal.length} normal + ${abnormal.length} anomalous of ${total} sessions`;
    }
    const k = Math.max(2, ctx.folds);
    const nOrder = shuffled(normal.length, ctx.seed), aOrder = shuffled(abnormal.length, ctx.seed + 3);
    const foldOf = (order: number[]) => { const f = new Int32Array(order.length); order.forEach((i, pos) => { f[i] = pos % k; }); return f; };
    const nFold = foldOf(nOrder), aFold = foldOf(aOrder);
    // Scored sessions: all normal then all anomalous; one flag per model per session, set by the fold that held it out.
    const y = [...normal.map(() => 0), ...abnormal.map(() => 1)];
    const flags = Object.fromEntries(HDFS_MODELS.map((m) => [m, new Uint8Array(y.length)])) as Record<HdfsModelName, Uint8Array>;
    const seconds = Object.fromEntries(HDFS_MODELS.map((m) => [m, 0])) as Record<HdfsModelName, number>;
    const perFold: Array<Record<string, number | string>> = [];
    let fitSeconds = 0, thresholds: Record<HdfsModelName, string> | undefined;
    for (let f = 0; f < k; f++) {
      const train = nOrder.filter((i) => nFold[i] !== f).map((i) => normal[i]!);
      const heldN = normal.map((_, i) => i).filter((i) => nFold[i] === f);
      const heldA = abnormal.map((_, i) => i).filter((i) => aFold[i] === f);
      if (heldN.some((i) => train.includes(normal[i]!))) throw new Error('hdfs: a training session would be scored');
      ctx.onProgress?.(`hdfs: fold ${f + 1}/${k}: fitting on ${train.length} normal sessions, scoring ${heldN.length} normal + ${heldA.length} anomalous`);
      const t0 = Date.now();
      const fitted = fitHdfsModels(train, ctx.seed + f);
      fitSeconds += (Date.now() - t0) / 1000;
      thresholds ??= fitted.thresholds;
      perFold.push({ fold: f + 1, ...fitted.params });
      for (const m of HDFS_MODELS) {
        const t1 = Date.now(), flag = fitted.flag[m], out = flags[m];
        for (const i of heldN) out[i] = flag(normal[i]!) ? 1 : 0;
        for (const i of heldA) out[normal.length + i] = flag(abnormal[i]!) ? 1 : 0;
        seconds[m] += (Date.now() - t1) / 1000;
      }
    }
    const idx = y.map((_, i) => i);
    const detectors: Record<string, PublicDetectorScore> = {};
    for (const m of HDFS_MODELS) {
      const s = scoreFlags(idx, flags[m], y).summary;
      const paper = atPaperMix(s.recall, s.fpr);
      detectors[m] = {
        ...s, falseAlertsPerDay: null, note: `sessions carry no timestamps; at DeepLog's mix (33 normal per anomalous) F1 ${paper.f1 === null ? '—' : paper.f1.toFixed(4)}`,
        threshold: thresholds![m], fitSeconds: fitSeconds / k, scoreRowsPerSecond: y.length / Math.max(1e-3, seconds[m]), precisionAtPaperMix: paper.precision,
      };
    }
    const best = detectors[HDFS_MODELS[0]]!;
    const bestPaper = atPaperMix(best.recall, best.fpr);
    return {
      kind: 'public-dataset',
      dataset: {
        name: 'hdfs', title: hdfs.title, files: FILES, rows: total, scoredRows: y.length, features: HDFS_DIMS - 2,
        split: hdfs.split, dropped: [], classes: { normal: normal.length, anomalous: abnormal.length }, ...(sample ? { sample } : {}),
        notes: [
          `Precision here is at this test mix (${normal.length} normal : ${abnormal.length} anomalous sessions, each scored once by models of a fold that never saw it); DeepLog's test had 33 normal per anomalous. precisionAtPaperMix applies each model's FPR and recall to DeepLog's 553,366 + 16,838 sessions.`,
          `${HDFS_MODELS[0]}: FPR ${(best.fpr ?? 0).toFixed(5)} (${best.fp} of ${normal.length} normal), recall ${(best.recall ?? 0).toFixed(4)} → at DeepLog's mix precision ${(bestPaper.precision ?? 0).toFixed(4)}, F1 ${(bestPaper.f1 ?? 0).toFixed(4)} (DeepLog 0.95 / 0.96 / F1 0.96).`,
          'Normal test sessions are held-out folds of DeepLog\'s 4,855 training sessions (its 553k normal test sessions are not in the shared data): the FPR is measured on 4,855 sessions, so one false positive moves it by 0.0002.',
        ],
      },
      detectors,
      scenarios: [{ name: 'anomalous block', rows: abnormal.length, detected: best.recall ?? 0, recallByDetector: Object.fromEntries(HDFS_MODELS.map((m) => [m, detectors[m]!.recall ?? 0])), missed: best.fn, timeToDetectSeconds: null }],
      published: hdfs.published,
      params: { seed: ctx.seed, folds: k, history: 10, topG: 9, predictEnd: true, dims: HDFS_DIMS, perFold, f1AtPaperMix: Object.fromEntries(HDFS_MODELS.map((m) => [m, atPaperMix(detectors[m]!.recall, detectors[m]!.fpr).f1])) },
      seconds: (Date.now() - started) / 1000,
    };
  },
};
