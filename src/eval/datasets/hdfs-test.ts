import { readFileSync } from 'node:fs';
import { WardError } from '../../core/errors.js';
import { NextKeyModel, rng } from '../../ml/index.js';
import type { AdapterContext } from './adapter.js';
import type { PublicEvalReport } from './report.js';
import { scoreFlags } from './scoring.js';
import { testFiles } from './test-files.js';

/** DeepLog's test set: 553,366 normal and 16,838 anomalous sessions (Du et al. 2017). */
const PAPER_NORMAL = 553_366, PAPER_ANOMALOUS = 16_838;
const SUPPORTS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const TOP_G = [9, 12, 15];

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
 * 60 % fit / 20 % choose / 20 % held-out normal test. The next-key model's g and back-off support
 * are chosen on the "choose" part alone (lowest normal FPR; no anomalous session is ever used to
 * choose), then the model is refitted on fit + choose and scores PATH's sessions. When PATH has no
 * normal sessions, the held-out fifth is scored as the normal class (stated in the notes).
 */
export async function evaluateHdfsTest(ctx: AdapterContext, trainPath: string, files: string[]): Promise<PublicEvalReport> {
  const started = Date.now();
  const given = testFiles(ctx.test!);
  const unlabelled = given.filter((f) => f.anomalous === undefined);
  if (unlabelled.length) throw new WardError('request.invalid', `cannot tell normal from anomalous sessions by file name (name it *normal* or *abnormal*): ${unlabelled.map((f) => f.path).join(', ')}`, '--test');
  const normal = shuffled(readSessions(trainPath), ctx.seed);
  const a = Math.round(normal.length * 0.6), b = Math.round(normal.length * 0.8);
  const fit = normal.slice(0, a), choose = normal.slice(a, b), heldOut = normal.slice(b);
  ctx.onProgress?.(`hdfs: choosing g and the back-off support on ${choose.length} held-out normal training sessions`);
  const grid: Array<{ topG: number; minSupport: number; fpr: number }> = [];
  for (const g of TOP_G) for (const m of SUPPORTS) {
    const v = NextKeyModel.fit(fit, { history: 10, topG: g, minSupport: m });
    grid.push({ topG: g, minSupport: m, fpr: choose.filter((x) => v.check(x).anomalous).length / Math.max(1, choose.length) });
  }
  // The lowest normal FPR, give or take one session; among those the strictest model (smallest g,
  // then smallest support): the most lenient model always has the lowest FPR, and anomalies are
  // not there to say what leniency costs.
  const low = Math.min(...grid.map((x) => x.fpr)) + 1 / Math.max(1, choose.length) + 1e-12;
  const best = grid.filter((x) => x.fpr <= low).sort((p, q) => p.topG - q.topG || p.minSupport - q.minSupport)[0]!;
  const t0 = Date.now();
  const model = NextKeyModel.fit([...fit, ...choose], { history: 10, topG: best.topG, minSupport: best.minSupport });
  const fitSeconds = (Date.now() - t0) / 1000;
  const testN: number[][] = [], testA: number[][] = [];
  for (const f of given) (f.anomalous ? testA : testN).push(...readSessions(f.path));
  const normalFromHeldOut = testN.length === 0;
  if (normalFromHeldOut) testN.push(...heldOut);
  ctx.onProgress?.(`hdfs: scoring ${testN.length} normal + ${testA.length} anomalous sessions`);
  const test = [...testN, ...testA];
  const y = test.map((_, i) => (i < testN.length ? 0 : 1));
  const t1 = Date.now();
  const verdicts = test.map((x) => model.check(x));
  const rate = test.length / Math.max(1e-3, (Date.now() - t1) / 1000);
  const s = scoreFlags(test.map((_, i) => i), verdicts.map((v) => (v.anomalous ? 1 : 0)), y).summary;
  const estTp = (s.recall ?? 0) * PAPER_ANOMALOUS, estFp = (s.fpr ?? 0) * PAPER_NORMAL;
  const pPaper = estTp + estFp ? estTp / (estTp + estFp) : null;
  const f1Paper = pPaper !== null && s.recall ? (2 * pPaper * s.recall) / (pPaper + s.recall) : null;
  return {
    kind: 'public-dataset',
    dataset: {
      name: 'hdfs', title: 'HDFS_v1 log-key sessions (DeepLog), scored on --test data', files: [...files, ...given.map((f) => f.path)],
      rows: normal.length + test.length, scoredRows: test.length, features: 28,
      split: `train: hdfs_train (normal) split 60 % fit / 20 % choose / 20 % held out; scored: ${given.map((f) => f.path).join(', ')}`,
      dropped: [], classes: { normal: testN.length, anomalous: testA.length },
      notes: [
        normalFromHeldOut ? `--test held no normal sessions: the normal class is the ${heldOut.length} held-out hdfs_train sessions (never fitted, never used to choose).` : `${testN.length} normal sessions from --test files.`,
        `g = ${best.topG}, back-off support ${best.minSupport}: the strictest model within one session of the lowest FPR (${best.fpr.toFixed(4)}) on ${choose.length} held-out normal training sessions; no anomalous session was used to choose.`,
        `At DeepLog's test mix (33 normal per anomalous session) this FPR and recall give precision ${pPaper === null ? '—' : pPaper.toFixed(3)}, F1 ${f1Paper === null ? '—' : f1Paper.toFixed(3)} (DeepLog: 0.95 / 0.96).`,
      ],
    },
    detectors: {
      'deeplog-ngram': {
        ...s, falseAlertsPerDay: null, note: 'sessions carry no timestamps', fitSeconds, scoreRowsPerSecond: rate, precisionAtPaperMix: pPaper,
        threshold: `a key outside the top ${best.topG} next keys of its longest context (h ≤ 10) seen ≥ ${best.minSupport} time(s) in training, or an end no normal session has`,
      },
    },
    scenarios: [{ name: 'anomalous block', rows: testA.length, detected: s.recall ?? 0, recallByDetector: { 'deeplog-ngram': s.recall ?? 0 }, missed: s.fn, timeToDetectSeconds: null }],
    published: ['DeepLog (Du et al. 2017): precision 0.95, recall 0.96, F1 0.96 (833 FP, 619 FN on 553,366 normal + 16,838 anomalous sessions).'],
    params: { seed: ctx.seed, history: 10, topG: best.topG, minSupport: best.minSupport, chooseFpr: best.fpr, fitSessions: fit.length + choose.length, f1AtPaperMix: f1Paper, contexts: model.contexts },
    seconds: (Date.now() - started) / 1000,
  };
}
