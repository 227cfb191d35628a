/**
 * The fused phishing scorer (every signal + content and URL models, as the detector runs it) on
 * the held-out e-mail splits: trained on one part, its verdict bands chosen on that part's
 * out-of-fold scores, then the other part scored. Gives recall and precision at the "phishing"
 * verdict, recall at ≤ 0.1 % false positives by score, the band precisions and the reliability
 * curve of the scored part.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadRawCorpora } from '../../detect/phishing/corpus.js';
import { featurize, type Sparse } from '../../detect/phishing/features.js';
import { FusionModel } from '../../detect/phishing/fusion.js';
import { LogisticModel } from '../../detect/phishing/logistic.js';
import { loadPhishingModels } from '../../detect/phishing/models.js';
import { PhishingScorer } from '../../detect/phishing/score.js';
import type { Signal } from '../../detect/phishing/signals.js';
import { readableBody } from '../../detect/phishing/text.js';
import { MODEL_CLIP } from '../../detect/phishing/urls.js';
import { mailView } from '../../detect/phishing/view.js';
import { readCsv } from './csv.js';
import { bandCounts, calibrationError, chooseBands, plattFit, reliability, type Bands, type BandCounts, type ReliabilityBin } from './email-bands.js';
import { EMAIL_TRAIN, thresholdAt001 } from './email-holdout.js';

/** A corpus message as the fused scorer sees it: content features and every other signal. */
export interface FusedRow {
  id: string;
  corpus: string;
  y: 0 | 1;
  /** Date header, epoch ms (absent when it does not parse). */
  time?: number;
  raw: string;
  x: Sparse;
  base: Signal[];
}

/** The fused scorer's figures on one held-out split. */
export interface FusedHoldout {
  bands: Bands;
  /** Verdict "phishing" (or "fraud") on the scored part: score ≥ bands.phishing. */
  atPhishingVerdict: { recall: number; precision: number | null; fpr: number | null; tp: number; fp: number };
  /** "suspicious" or worse. */
  atSuspiciousOrWorse: { recall: number; fpr: number | null };
  /** Recall at ≤ 0.1 % false positives on the scored ham, by score (null under 1,000 ham). */
  recallAtTestFpr001: number | null;
  /** Share of each class per verdict on the scored part. */
  verdicts: { phishing: Record<'phishing' | 'suspicious' | 'clean', number>; ham: Record<'phishing' | 'suspicious' | 'clean', number> };
  /** Precision each band was chosen for (training, out-of-fold) and what it measured on the scored part. */
  bandPrecision: { training: { phishing: BandCounts; suspicious: BandCounts }; scored: { phishing: BandCounts; suspicious: BandCounts } };
  /** Reliability of the fused score on the scored part, raw and Platt-scaled on the training out-of-fold scores. */
  reliability: { raw: ReliabilityBin[]; rawError: number; calibrated: ReliabilityBin[]; calibratedError: number; platt: { a: number; b: number } };
}

const CSV = 'nazario-phishing/Nazario_2015-2022_AlSubaiey2024.csv.gz';
const FOLDS = 5;
const FUSION = { epochs: 40, lr: 0.05, priorStrength: 1 };
const clip = (z: number) => Math.max(-MODEL_CLIP, Math.min(MODEL_CLIP, z));
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\n');
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/**
 * A Nazario 2015–22 CSV row (sender, receiver, date, subject, body text) as an RFC 5322 message:
 * those headers and a UTF-8 text body, nothing added — the CSV has no other headers, no HTML and
 * no attachments, so every engine scores the same plain-text message.
 *
 * @example
 * csvMessage({ sender: 'a@b.example', receiver: '', date: 'Fri, 30 Oct 2015 00:00:48 -0500', subject: 'Hi', body: 'text' })
 */
export function csvMessage(r: { sender: string; receiver: string; date: string; subject: string; body: string }): string {
  const subject = /^[\x20-\x7e]*$/.test(r.subject) ? oneLine(r.subject) : `=?UTF-8?B?${Buffer.from(oneLine(r.subject), 'utf8').toString('base64')}?=`;
  const from = /^[\x20-\x7e]*$/.test(r.sender) ? oneLine(r.sender) : oneLine(r.sender).replace(/[^\x20-\x7e]/g, '?');
  return [
    `From: ${from || 'unknown@invalid'}`,
    ...(r.receiver ? [`To: ${oneLine(r.receiver).replace(/[^\x20-\x7e]/g, '?')}`] : []),
    ...(r.date ? [`Date: ${oneLine(r.date)}`] : []),
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(r.body),
    '',
  ].join('\n');
}

/** Raw messages of the Nazario 2015–22 CSV (corpus `nazario-2015-22`), empty when it is absent. */
export async function loadCsvMessages(emailDir: string): Promise<Array<{ id: string; corpus: string; label: 'phish'; raw: string }>> {
  const file = join(emailDir, CSV);
  if (!existsSync(file)) return [];
  const out: Array<{ id: string; corpus: string; label: 'phish'; raw: string }> = [];
  let cols: string[] = [];
  await readCsv(file, (row, i) => {
    if (i === 0) { cols = row; return; }
    const get = (c: string) => row[cols.indexOf(c)] ?? '';
    out.push({ id: `nazario-2015-22:${i}`, corpus: 'nazario-2015-22', label: 'phish', raw: csvMessage({ sender: get('sender'), receiver: get('receiver'), date: get('date'), subject: get('subject'), body: get('body') }) });
  });
  return out;
}

/** The Date header of a raw message (epoch ms), when it parses. */
export function headerDate(raw: string): number | undefined {
  const head = raw.slice(0, Math.max(0, raw.search(/\r?\n\r?\n/)) || raw.length);
  const m = /^Date:[ \t]*(.+(?:\r?\n[ \t].+)*)/im.exec(head);
  const t = m ? Date.parse(m[1]!.replace(/\s+/g, ' ').replace(/\s*\([^)]*\)\s*$/, '')) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/**
 * Every ham and phishing message of the shared corpora through the e-mail parser and the
 * scorer's signals (the shipped URL model, trained on URL lists, not on these messages).
 * Messages the parser refuses are counted and left out.
 *
 * @example
 * const { rows } = await loadFusedRows('../shared/data/email');
 */
export async function loadFusedRows(emailDir: string, opts: { every?: number } = {}): Promise<{ rows: FusedRow[]; unparsed: number }> {
  const raws = [...loadRawCorpora(emailDir).filter((m) => m.label !== 'spam'), ...(await loadCsvMessages(emailDir))];
  const step = Math.max(1, opts.every ?? 1);
  const scorer = new PhishingScorer({ content: new LogisticModel(), url: loadPhishingModels().url, fusion: new FusionModel(), files: { content: '(training)' } });
  const rows: FusedRow[] = [];
  let unparsed = 0;
  raws.forEach((m, k) => {
    if (k % step !== 0) return;
    try {
      const view = mailView(scorer.parse(m.raw));
      const body = readableBody(view);
      const time = headerDate(m.raw);
      rows.push({ id: m.id, corpus: m.corpus, y: m.label === 'phish' ? 1 : 0, raw: m.raw, x: featurize({ subject: view.subject, body }), base: scorer.headerAndLinkSignals(view, body), ...(time !== undefined ? { time } : {}) });
    } catch {
      unparsed++;
    }
  });
  return { rows, unparsed };
}

const withContent = (r: FusedRow, z: number): Signal[] => [{ id: 'content.model', value: clip(z) / MODEL_CLIP, observed: '' }, ...r.base];

/** Content model, then fusion stacked on out-of-fold content margins, trained on `train`. */
function fitStack(rows: FusedRow[], train: number[], seed: number): { content: LogisticModel; fusion: FusionModel; oofP: number[]; oofZ: number[] } {
  const fit = (idx: number[], s: number) => {
    const pos = idx.filter((i) => rows[i]!.y === 1).length;
    return new LogisticModel().fit(idx.map((i) => ({ x: rows[i]!.x, y: rows[i]!.y })), { ...EMAIL_TRAIN, positiveWeight: (idx.length - pos) / Math.max(1, pos), seed: s });
  };
  // Stratified folds over the training part only.
  const fold = new Map<number, number>();
  let p = 0; let n = 0;
  for (const i of train) fold.set(i, rows[i]!.y ? p++ % FOLDS : n++ % FOLDS);
  const margin = new Map<number, number>();
  for (let k = 0; k < FOLDS; k++) {
    const m = fit(train.filter((i) => fold.get(i) !== k), seed + k);
    for (const i of train) if (fold.get(i) === k) margin.set(i, m.margin(rows[i]!.x));
  }
  // Fused scores of the training part, out of fold as well (bands are chosen on these).
  const oofZ = new Map<number, number>();
  for (let k = 0; k < FOLDS; k++) {
    const f = new FusionModel().fit(train.filter((i) => fold.get(i) !== k).map((i) => ({ signals: withContent(rows[i]!, margin.get(i)!), y: rows[i]!.y })), { ...FUSION, seed: seed + k });
    for (const i of train) if (fold.get(i) === k) oofZ.set(i, f.score(withContent(rows[i]!, margin.get(i)!)).z);
  }
  const fusion = new FusionModel().fit(train.map((i) => ({ signals: withContent(rows[i]!, margin.get(i)!), y: rows[i]!.y })), { ...FUSION, seed: seed + 99 });
  const z = train.map((i) => oofZ.get(i)!);
  return { content: fit(train, seed + 99), fusion, oofZ: z, oofP: z.map((v) => 1 / (1 + Math.exp(-v))) };
}

const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : 0);

/**
 * Train the fused scorer on `train` (content model, fusion stacked on its out-of-fold margins),
 * choose the bands on the training part's out-of-fold fused scores, and score `test`.
 * Returns the figures, every scored message's fused score and the trained models (for side-by-side benches).
 *
 * @example
 * const { figures } = fusedHoldout(rows, trainIdx, testIdx, 1);
 */
export function fusedHoldout(rows: FusedRow[], train: number[], test: number[], seed: number): { figures: FusedHoldout; scores: number[]; models: { content: LogisticModel; fusion: FusionModel } } {
  const testSet = new Set(test);
  if (train.some((i) => testSet.has(i))) throw new Error('email fused split: a training message would be scored');
  const stack = fitStack(rows, train, seed);
  const trainY = train.map((i) => rows[i]!.y);
  const bands = chooseBands(stack.oofP, trainY);
  stack.fusion.thresholds = bands;
  const z = test.map((i) => stack.fusion.score(withContent(rows[i]!, stack.content.margin(rows[i]!.x))).z);
  const scores = z.map((v) => 1 / (1 + Math.exp(-v)));
  const y = test.map((i) => rows[i]!.y);
  const ham = scores.filter((_, k) => !y[k]);
  const phish = scores.filter((_, k) => y[k]);
  const tp = phish.filter((s) => s >= bands.phishing).length;
  const fp = ham.filter((s) => s >= bands.phishing).length;
  const cut = ham.length >= 1000 ? thresholdAt001(ham, 0) : undefined;
  const verdictShares = (s: number[]) => ({
    phishing: share(s.map((v) => v >= bands.phishing)),
    suspicious: share(s.map((v) => v >= bands.suspicious && v < bands.phishing)),
    clean: share(s.map((v) => v < bands.suspicious)),
  });
  const platt = plattFit(stack.oofZ, trainY);
  const cal = z.map((v) => 1 / (1 + Math.exp(-(platt.a * v + platt.b))));
  const raw = reliability(scores, y);
  const calibrated = reliability(cal, y);
  return {
    scores,
    models: { content: stack.content, fusion: stack.fusion },
    figures: {
      bands: { suspicious: Number(bands.suspicious.toFixed(6)), phishing: Number(bands.phishing.toFixed(6)) },
      atPhishingVerdict: { recall: phish.length ? tp / phish.length : 0, precision: tp + fp ? tp / (tp + fp) : null, fpr: ham.length ? fp / ham.length : null, tp, fp },
      atSuspiciousOrWorse: { recall: share(phish.map((s) => s >= bands.suspicious)), fpr: ham.length ? share(ham.map((s) => s >= bands.suspicious)) : null },
      recallAtTestFpr001: cut === undefined || !phish.length ? null : share(phish.map((s) => s >= cut)),
      verdicts: { phishing: verdictShares(phish), ham: verdictShares(ham) },
      bandPrecision: {
        training: { phishing: bandCounts(stack.oofP, trainY, bands.phishing, Infinity), suspicious: bandCounts(stack.oofP, trainY, bands.suspicious, bands.phishing) },
        scored: { phishing: bandCounts(scores, y, bands.phishing, Infinity), suspicious: bandCounts(scores, y, bands.suspicious, bands.phishing) },
      },
      reliability: { raw, rawError: calibrationError(raw), calibrated, calibratedError: calibrationError(calibrated), platt },
    },
  };
}
