import { readFileSync } from 'node:fs';
import { WardError } from '../../core/errors.js';
import { rng } from '../../ml/index.js';
import { atPaperMix, fitHdfsModels, HDFS_DIMS, HDFS_MODELS } from './hdfs-models.js';
import type { AdapterContext } from './adapter.js';
import type { PublicDetectorScore, PublicEvalReport } from './report.js';
import { scoreFlags } from './scoring.js';
import { testFiles } from './test-files.js';


/** Sessions of a DeepLog-format file; a line that is not whitespace-separated integers fails naming file and line. */
export function readSessions(path: string): number[][] {
  const out: number[][] = [];
  readFileSync(path, 'utf8').split('\n').forEach((l, i) => {
    const s = l.trim();
    if (!s) return;
    const keys = s.split(/\s+/).map(Number);
    if (keys.some((k) => !Number.isInteger(k))) throw new WardError('request.invalid', `line ${i + 1}: expected space-separated integer log keys`, path);
    out.push(keys);
  });
  return out;
}

function shuffled<T>(a: T[], seed: number): T[] {
  const r = rng(seed), b = [...a];
  for (let i = b.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); const t = b[i]!; b[i] = b[j]!; b[j] = t; }
  return b;
}

/**
 * `eval --dataset hdfs --test PATH`: the shared normal sessions (`hdfs_train`) are split, seeded,
 * 80 % train / 20 % held-out normal test. Every model is fitted on the training part with its
 * thresholds chosen on normal training sessions only ({@link fitHdfsModels}), then scores PATH's
 * sessions. When PATH has no normal sessions, the held-out fifth is scored as the normal class
 * (stated in the notes).
 */
export async function evaluateHdfsTest(ctx: AdapterContext, trainPath: string, files: string[]): Promise<PublicEvalReport> {
  const started = Date.now();
  const given = testFiles(ctx.test!);
  const unlabelled = given.filter((f) => f.anomalous === undefined);
  if (unlabelled.length) throw new WardError('request.invalid', `cannot tell normal from anomalous sessions by file name (name it *normal* or *abnormal*): ${unlabelled.map((f) => f.path).join(', ')}`, '--test');
  const normal = shuffled(readSessions(trainPath), ctx.seed);
  const cut = Math.round(normal.length * 0.8);
  const train = normal.slice(0, cut), heldOut = normal.slice(cut);
  ctx.onProgress?.(`hdfs: fitting on ${train.length} normal training sessions (thresholds on a held-out fifth of them)`);
  const t0 = Date.now();
  const fitted = fitHdfsModels(train, ctx.seed);
  const fitSeconds = (Date.now() - t0) / 1000;
  const testN: number[][] = [], testA: number[][] = [];
  for (const f of given) (f.anomalous ? testA : testN).push(...readSessions(f.path));
  const normalFromHeldOut = testN.length === 0;
  if (normalFromHeldOut) testN.push(...heldOut);
  ctx.onProgress?.(`hdfs: scoring ${testN.length} normal + ${testA.length} anomalous sessions`);
  const test = [...testN, ...testA];
  const y = test.map((_, i) => (i < testN.length ? 0 : 1));
  const idx = test.map((_, i) => i);
  const detectors: Record<string, PublicDetectorScore> = {};
  for (const m of HDFS_MODELS) {
    const t1 = Date.now();
    const flags = test.map((x) => (fitted.flag[m](x) ? 1 : 0));
    const rate = test.length / Math.max(1e-3, (Date.now() - t1) / 1000);
    const s = scoreFlags(idx, flags, y).summary;
    const paper = atPaperMix(s.recall, s.fpr);
    detectors[m] = {
      ...s, falseAlertsPerDay: null, note: `sessions carry no timestamps; at DeepLog's mix (33 normal per anomalous) F1 ${paper.f1 === null ? '—' : paper.f1.toFixed(4)}`,
      threshold: fitted.thresholds[m], fitSeconds, scoreRowsPerSecond: rate, precisionAtPaperMix: paper.precision,
    };
  }
  const best = detectors[HDFS_MODELS[0]]!, bestPaper = atPaperMix(best.recall, best.fpr);
  return {
    kind: 'public-dataset',
    dataset: {
      name: 'hdfs', title: 'HDFS_v1 log-key sessions (DeepLog), scored on --test data', files: [...files, ...given.map((f) => f.path)],
      rows: normal.length + test.length, scoredRows: test.length, features: HDFS_DIMS - 2,
      split: `train: hdfs_train (normal) split 80 % train (thresholds on a held-out fifth of it) / 20 % held out; scored: ${given.map((f) => f.path).join(', ')}`,
      dropped: [], classes: { normal: testN.length, anomalous: testA.length },
      notes: [
        normalFromHeldOut ? `--test held no normal sessions: the normal class is the ${heldOut.length} held-out hdfs_train sessions (never fitted, never used to choose).` : `${testN.length} normal sessions from --test files.`,
        `${HDFS_MODELS[0]}: at DeepLog's test mix (33 normal per anomalous session) this FPR and recall give precision ${bestPaper.precision === null ? '—' : bestPaper.precision.toFixed(4)}, F1 ${bestPaper.f1 === null ? '—' : bestPaper.f1.toFixed(4)} (DeepLog: 0.95 / 0.96).`,
        `Thresholds chosen on normal training sessions only (next-key back-off support ${fitted.params.minSupport}, FPR ${fitted.params.chooseFpr.toFixed(4)} on the choose part); no anomalous session was used to choose.`,
      ],
    },
    detectors,
    scenarios: [{ name: 'anomalous block', rows: testA.length, detected: best.recall ?? 0, recallByDetector: Object.fromEntries(HDFS_MODELS.map((m) => [m, detectors[m]!.recall ?? 0])), missed: best.fn, timeToDetectSeconds: null }],
    published: ['DeepLog (Du et al. 2017): precision 0.95, recall 0.96, F1 0.96 (833 FP, 619 FN on 553,366 normal + 16,838 anomalous sessions).'],
    params: { seed: ctx.seed, history: 10, topG: 9, ...fitted.params, fitSessions: train.length, f1AtPaperMix: Object.fromEntries(HDFS_MODELS.map((m) => [m, atPaperMix(detectors[m]!.recall, detectors[m]!.fpr).f1])) },
    seconds: (Date.now() - started) / 1000,
  };
}
