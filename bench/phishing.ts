/**
 * Phishing bench: trains and measures the phishing models on the shared public corpora, then
 * scores one held-out split with Wardwatch, SpamAssassin and Rspamd side by side.
 *
 *  1. URL model: 5-fold CV on the balanced Hannousse 2021 URL set → models/phishing-url-v1.json.
 *  2. Content model v2: 5-fold stratified CV on ham (SpamAssassin easy/hard ham + modern
 *     mailing-list ham) vs phishing (Nazario), text taken from the Wardwatch email parser's
 *     event (as the detector sees it) → models/phishing-content-v2.json.
 *  3. Fused scorer: every signal + the out-of-fold content score, same folds; thresholds for
 *     `suspicious` (≤ 1 % FPR) and `phishing` (≤ 0.1 % FPR) → models/phishing-fusion-v1.json.
 *  4. Throughput of the whole scorer (parse + signals + models) on one core.
 *  5. Side by side on fold 1 held out: ours (trained on folds 2–5), SpamAssassin (spamd -L,
 *     default rules) and Rspamd (default config, offline), each at its default threshold.
 * Results: bench/results/phishing.json (and phishing-content.json for the content model).
 * Usage: node dist/bench/phishing.js [--limit N] [--no-external]
 */
import { readFileSync, mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadRawCorpora } from '../src/detect/phishing/corpus.js';
import { featurize, type Sparse } from '../src/detect/phishing/features.js';
import { FusionModel } from '../src/detect/phishing/fusion.js';
import { LogisticModel } from '../src/detect/phishing/logistic.js';
import { PhishingScorer } from '../src/detect/phishing/score.js';
import { SIGNALS, type Signal } from '../src/detect/phishing/signals.js';
import { readableBody } from '../src/detect/phishing/text.js';
import { featurizeUrl, MODEL_CLIP } from '../src/detect/phishing/urls.js';
import { mailView, type MailView } from '../src/detect/phishing/view.js';
import { scanAll, startRspamd, startSpamAssassin, type ExternalEngine } from './external-filters.js';
import { metricsAt, rounded, stratifiedFolds, thresholdAtFpr } from './phishing-metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = join(ROOT, '../shared/data/email');
const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const limit = arg('--limit') ? Number(arg('--limit')) : undefined;
const external = !process.argv.includes('--no-external');
const log = (m: string) => process.stderr.write(`[phishing] ${m}\n`);
const K = 5;
const clip = (z: number) => Math.max(-MODEL_CLIP, Math.min(MODEL_CLIP, z));
const when = new Date().toISOString();

if (!existsSync(DATA)) {
  log(`skipped: ${DATA} is absent (the shared public corpora)`);
  process.exit(0);
}

// ---------------------------------------------------------------- 1. URL model
function readUrls(): Array<{ url: string; y: 0 | 1 }> {
  const text = readFileSync(join(DATA, 'phishing-urls/hannousse2021_urls_balanced.csv'), 'utf8');
  const out: Array<{ url: string; y: 0 | 1 }> = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^"?(.*?)"?,(legitimate|phishing)\s*$/.exec(line.trim());
    if (m) out.push({ url: m[1]!, y: m[2] === 'phishing' ? 1 : 0 });
  }
  return limit ? out.filter((_, i) => i % Math.max(1, Math.floor(out.length / (limit * 4))) === 0) : out;
}
const urlRows = readUrls();
const urlX = urlRows.map((r) => featurizeUrl(r.url));
const urlY = urlRows.map((r) => r.y);
const urlFold = stratifiedFolds(urlY, K);
const urlOpts = { epochs: 8, lr: 0.3, l2: 1e-6 };
const urlOof = new Array<number>(urlRows.length);
for (let k = 0; k < K; k++) {
  const m = new LogisticModel().fit(urlX.flatMap((x, i) => (urlFold[i] !== k ? [{ x, y: urlY[i] as 0 | 1 }] : [])), { ...urlOpts, seed: k + 1 });
  urlX.forEach((x, i) => { if (urlFold[i] === k) urlOof[i] = m.predict(x); });
}
const urlModel = new LogisticModel().fit(urlX.map((x, i) => ({ x, y: urlY[i] as 0 | 1 })), { ...urlOpts, seed: 99 });
// PhishTank 2020 (phishing only) as an out-of-distribution check of recall at the 0.5 threshold.
const phishtank = gunzipSync(readFileSync(join(DATA, 'phishing-urls/phishtank_online-valid_2020-05-09.csv.gz'))).toString('utf8')
  .split('\n').slice(1, 3001).map((l) => l.split(',')[1]).filter((u): u is string => !!u && /^https?:/.test(u));
const ptRecall = phishtank.filter((u) => urlModel.predict(featurizeUrl(u)) >= 0.5).length / Math.max(1, phishtank.length);
const urlResult = {
  data: { urls: urlRows.length, phishing: urlY.filter((y) => y).length, source: 'Hannousse & Yahiouche 2021 balanced set (CC BY 4.0)' },
  atHalf: metricsAt(urlOof, urlY, 0.5),
  recallAtFpr1pct: metricsAt(urlOof, urlY, thresholdAtFpr(urlOof, urlY, 0.01)),
  phishtank2020RecallAtHalf: { urls: phishtank.length, recall: ptRecall, note: 'first 3,000 PhishTank online-valid URLs (2020); not used for training' },
};
log(`URL model: CV F1 ${urlResult.atHalf.f1.toFixed(3)}, PhishTank recall ${ptRecall.toFixed(3)}`);

// ---------------------------------------------------------------- 2. corpora through the parser
const t0 = Date.now();
const raws = loadRawCorpora(DATA, { ...(limit ? { limitPerCorpus: limit } : {}) }).filter((m) => m.label !== 'spam');
const parseScorer = new PhishingScorer({ content: new LogisticModel(), url: urlModel, fusion: new FusionModel(), files: { content: '(training)' } });
interface Row { id: string; corpus: string; raw: string; y: 0 | 1; view: MailView; x: Sparse; base: Signal[] }
const rows: Row[] = [];
let unparsed = 0;
for (const m of raws) {
  let view: MailView;
  try {
    view = mailView(parseScorer.parse(m.raw));
  } catch {
    unparsed++;
    continue;
  }
  const body = readableBody(view);
  rows.push({ id: m.id, corpus: m.corpus, raw: m.raw, y: m.label === 'phish' ? 1 : 0, view, x: featurize({ subject: view.subject, body }), base: parseScorer.headerAndLinkSignals(view, body) });
}
const ys = rows.map((r) => r.y);
const nPos = ys.filter((y) => y).length;
const nNeg = rows.length - nPos;
log(`parsed ${rows.length} messages (${unparsed} not parseable) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const fold = stratifiedFolds(ys, K);
const contentOpts = { epochs: 6, lr: 0.5, l2: 1e-6, positiveWeight: nNeg / nPos };

// Out-of-fold content margins; the fold-1 model is kept for the side-by-side.
const contentOof = new Array<number>(rows.length);
let heldOutContent: LogisticModel | undefined;
for (let k = 0; k < K; k++) {
  const m = new LogisticModel().fit(rows.flatMap((r, i) => (fold[i] !== k ? [{ x: r.x, y: r.y }] : [])), { ...contentOpts, seed: k + 1 });
  rows.forEach((r, i) => { if (fold[i] === k) contentOof[i] = m.margin(r.x); });
  if (k === 0) heldOutContent = m;
  log(`content fold ${k + 1}/${K}`);
}
const contentP = contentOof.map((z) => 1 / (1 + Math.exp(-z)));
const contentResult = {
  atHalf: metricsAt(contentP, ys, 0.5),
  recallAtFpr0_1pct: metricsAt(contentP, ys, thresholdAtFpr(contentP, ys, 0.001)),
};

// ---------------------------------------------------------------- 3. fused scorer
const withContent = (r: Row, z: number): Signal[] => [{ id: 'content.model', value: clip(z) / MODEL_CLIP, observed: '' }, ...r.base];
const fusionOpts = { epochs: 40, lr: 0.05, priorStrength: 1 };
const fusedOof = new Array<number>(rows.length);
let heldOutFusion: FusionModel | undefined;
for (let k = 0; k < K; k++) {
  const f = new FusionModel().fit(rows.flatMap((r, i) => (fold[i] !== k ? [{ signals: withContent(r, contentOof[i]!), y: r.y }] : [])), { ...fusionOpts, seed: k + 1 });
  rows.forEach((r, i) => { if (fold[i] === k) fusedOof[i] = f.score(withContent(r, contentOof[i]!)).p; });
  if (k === 0) heldOutFusion = f;
}
const tPhish = thresholdAtFpr(fusedOof, ys, 0.001);
const tSusp = Math.min(tPhish, thresholdAtFpr(fusedOof, ys, 0.01));
const spamassassinHamOnly = rows.map((r, i) => (r.y === 1 || r.corpus === 'spamassassin' ? i : -1)).filter((i) => i >= 0);
const sub = (idx: number[], a: number[]) => idx.map((i) => a[i]!);
const pilferPairing = metricsAt(sub(spamassassinHamOnly, fusedOof), sub(spamassassinHamOnly, ys), thresholdAtFpr(sub(spamassassinHamOnly, fusedOof), sub(spamassassinHamOnly, ys), 0.001));
const fusedResult = {
  atHalf: metricsAt(fusedOof, ys, 0.5),
  atSuspicious: metricsAt(fusedOof, ys, tSusp),
  recallAtFpr0_1pct: metricsAt(fusedOof, ys, tPhish),
  nazarioVsSpamAssassinHamAtFpr0_1pct: pilferPairing,
  flaggedHamByCorpusAtPhishing: Object.fromEntries(['spamassassin', 'modern-ham'].map((c) => [c, rows.filter((r, i) => r.corpus === c && fusedOof[i]! >= tPhish).length])),
};
log(`fused: F1 ${fusedResult.atHalf.f1.toFixed(3)} at 0.5; recall ${fusedResult.recallAtFpr0_1pct.recall.toFixed(3)} at FPR ${fusedResult.recallAtFpr0_1pct.falsePositiveRate.toFixed(4)}`);

// Final models on everything (fusion over out-of-fold content scores: stacking).
const finalContent = new LogisticModel().fit(rows.map((r) => ({ x: r.x, y: r.y })), { ...contentOpts, seed: 99 });
const finalFusion = new FusionModel().fit(rows.map((r, i) => ({ signals: withContent(r, contentOof[i]!), y: r.y })), { ...fusionOpts, seed: 99 });
finalFusion.thresholds = { suspicious: tSusp, phishing: tPhish };

// ---------------------------------------------------------------- 4. throughput of the whole scorer
const scorer = new PhishingScorer({ content: finalContent, url: urlModel, fusion: finalFusion, files: { content: 'bench' } });
const sample = rows.slice(0, Math.min(rows.length, 3000));
const s0 = process.hrtime.bigint();
let sink = 0;
for (const r of sample) sink += scorer.scoreRaw(r.raw).score;
const perCore = sample.length / (Number(process.hrtime.bigint() - s0) / 1e9);
log(`throughput: ${perCore.toFixed(0)} messages/s on one core (parse + signals + models)`);

// ---------------------------------------------------------------- 5. side by side on fold 1
const heldIdx = rows.map((_, i) => i).filter((i) => fold[i] === 0);
const heldY = heldIdx.map((i) => ys[i]!);
const ours = new PhishingScorer({ content: heldOutContent!, url: urlModel, fusion: heldOutFusion!, files: { content: 'fold-1' } });
const o0 = process.hrtime.bigint();
const heldScores = heldIdx.map((i) => ours.scoreRaw(rows[i]!.raw).score);
const oursSecs = Number(process.hrtime.bigint() - o0) / 1e9;
// Our thresholds for the held-out split come from the training folds' out-of-fold scores only.
const trainIdx = rows.map((_, i) => i).filter((i) => fold[i] !== 0);
const trainOof = sub(trainIdx, fusedOof);
const trainY = sub(trainIdx, ys);
type SideRow = { engine: string; version: string; threshold: string; recall: number; falsePositiveRate: number; precision: number; f1: number; tp: number; fp: number; messagesPerSecond: number; messagesPerSecondPerCore: number; errors?: number };
const side: SideRow[] = [];
const oursRow = (label: string, t: number): SideRow => {
  const m = metricsAt(heldScores, heldY, t);
  return { engine: `Wardwatch (${label})`, version: 'fusion v1', threshold: t.toFixed(4), recall: m.recall, falsePositiveRate: m.falsePositiveRate, precision: m.precision, f1: m.f1, tp: m.tp, fp: m.fp, messagesPerSecond: heldIdx.length / oursSecs, messagesPerSecondPerCore: heldIdx.length / oursSecs };
};
side.push(oursRow('phishing threshold, ≤ 0.1 % FPR on training folds', thresholdAtFpr(trainOof, trainY, 0.001)));
const skipped: Record<string, string> = {};
if (external) {
  for (const start of [startSpamAssassin, startRspamd]) {
    const engine: ExternalEngine | string = await start();
    if (typeof engine === 'string') {
      skipped[start === startSpamAssassin ? 'SpamAssassin' : 'Rspamd'] = engine;
      log(`skipped: ${engine}`);
      continue;
    }
    log(`${engine.name} ${engine.version}: scanning ${heldIdx.length} messages`);
    const r = await scanAll(engine, heldIdx.map((i) => rows[i]!.raw), 2);
    await engine.stop();
    const m = metricsAt(r.verdicts.map((v) => (v.flagged ? 1 : 0)), heldY, 0.5);
    side.push({ engine: engine.name, version: engine.version, threshold: engine.threshold, recall: m.recall, falsePositiveRate: m.falsePositiveRate, precision: m.precision, f1: m.f1, tp: m.tp, fp: m.fp, messagesPerSecond: heldIdx.length / r.seconds, messagesPerSecondPerCore: heldIdx.length / r.seconds / Math.min(2, cpus().length), errors: r.errors });
  }
  // Ours at (or below) the lowest false-positive rate the other engines reached on this split.
  const others = side.filter((s) => !s.engine.startsWith('Wardwatch'));
  if (others.length) {
    const target = Math.min(...others.map((s) => s.falsePositiveRate));
    side.push(oursRow(`matched to ≤ ${(target * 100).toFixed(2)} % FPR on training folds`, thresholdAtFpr(trainOof, trainY, target)));
  }
}

// ---------------------------------------------------------------- write results and models
const result = rounded({
  when,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, note: 'shared 2-core machine; other work was running' },
  data: { ham: nNeg, phishing: nPos, unparsed, corpora: Object.fromEntries(['spamassassin', 'modern-ham', 'nazario'].map((c) => [c, rows.filter((r) => r.corpus === c).length])) },
  split: `${K}-fold stratified cross-validation; every score out-of-fold. Fusion is stacked on out-of-fold content scores. Thresholds chosen on pooled out-of-fold scores (slightly optimistic).`,
  url: urlResult,
  content: contentResult,
  fused: fusedResult,
  fusedWeights: finalFusion.toJSON(),
  throughput: { messagesPerSecondPerCore: perCore, messages: sample.length, note: 'PhishingScorer.scoreRaw: e-mail parser + every signal + URL, content and fusion models, one thread', checksum: sink > 0 },
  sideBySide: { split: `fold 1 of ${K} held out: ${heldIdx.length} messages (${heldY.filter((y) => y).length} phishing); ours trained on folds 2–5`, rows: side, skipped },
});
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/phishing.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench/results/phishing-content.json'), `${JSON.stringify(rounded({ when, data: result.data, ...contentResult, training: contentOpts }), null, 2)}\n`);
if (!limit) {
  const dataInfo = { ham: nNeg, phishing: nPos, corpora: result.data.corpora };
  writeFileSync(join(ROOT, 'models/phishing-content-v2.json'), JSON.stringify({
    name: 'phishing-content', version: 2, trained: when, features: 'hashed word uni+bigrams of subject and body (text from the Wardwatch email parser event), 2^20, signed',
    data: dataInfo, metrics: rounded(contentResult), training: contentOpts, model: finalContent.toJSON(),
  }));
  writeFileSync(join(ROOT, 'models/phishing-url-v1.json'), JSON.stringify({
    name: 'phishing-url', version: 1, trained: when, features: 'hashed char 3-5-grams of host and path, host tokens, TLD, URL shape; 2^20, signed',
    data: urlResult.data, metrics: rounded({ atHalf: urlResult.atHalf, recallAtFpr1pct: urlResult.recallAtFpr1pct, phishtank: urlResult.phishtank2020RecallAtHalf }), training: urlOpts, model: urlModel.toJSON(),
  }));
  writeFileSync(join(ROOT, 'models/phishing-fusion-v1.json'), `${JSON.stringify({
    name: 'phishing-fusion', version: 1, trained: when, signals: Object.fromEntries(Object.entries(SIGNALS).map(([k, v]) => [k, { learn: v.learn, prior: v.prior }])),
    data: dataInfo, metrics: rounded({ atHalf: fusedResult.atHalf, atSuspicious: fusedResult.atSuspicious, recallAtFpr0_1pct: fusedResult.recallAtFpr0_1pct }), training: fusionOpts,
    model: finalFusion.toJSON(),
  }, null, 1)}\n`);
  for (const old of ['phishing-content-v1.json']) rmSync(join(ROOT, 'models', old), { force: true });
}
process.stdout.write(`${JSON.stringify({ url: urlResult.atHalf, content: contentResult.recallAtFpr0_1pct, fused: fusedResult.recallAtFpr0_1pct, throughput: perCore, sideBySide: side }, null, 2)}\n`);
