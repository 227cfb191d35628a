import { readFileSync } from 'node:fs';
import { WardError } from '../../core/errors.js';
import { Drain, headerRegex, TemplateRarity } from '../../ml/index.js';
import type { AdapterContext } from './adapter.js';
import { LOGHUB_SETTINGS } from './loghub-parsing.js';
import type { PublicEvalReport } from './report.js';
import { scoreFlags } from './scoring.js';
import { testFiles } from './test-files.js';

const WINDOW = 20;
interface Line { time: number; label: string; content: string }

/** Raw BGL lines (`<label> <epoch> … <content>`); a line that does not parse fails naming file and line. */
function readBgl(path: string): Line[] {
  const re = headerRegex(LOGHUB_SETTINGS.BGL!.logFormat);
  const out: Line[] = [];
  readFileSync(path, 'utf8').split(/\r?\n/).forEach((l, i) => {
    if (!l.trim()) return;
    const g = re.exec(l.trim())?.groups;
    if (!g || !Number.isFinite(Number(g.Timestamp))) throw new WardError('request.invalid', `line ${i + 1}: not a BGL log line (label, epoch seconds, date, node, time, node, type, component, level, content)`, path);
    out.push({ time: Number(g.Timestamp), label: g.Label!, content: g.Content ?? '' });
  });
  return out;
}

/**
 * `eval --dataset bgl --test PATH`: templates are mined by Drain (Wardwatch's default masks, the
 * live detector's setting) from the raw lines of the shared BGL 2k sample, whose normal lines give
 * each template's count; the rarity threshold is chosen on its 20-line windows (leave-window-out).
 * PATH's raw lines are then matched to those templates without learning (a line no template takes
 * counts 0) and scored per line and per 20-line window, in file order.
 */
export async function evaluateBglTest(ctx: AdapterContext, trainPath: string, files: string[]): Promise<PublicEvalReport> {
  const started = Date.now();
  const train = readBgl(trainPath).sort((a, b) => a.time - b.time);
  const s = LOGHUB_SETTINGS.BGL!;
  const drain = new Drain({ depth: s.depth, similarity: s.st, maxTemplates: 100_000 });
  const trainT = train.map((l) => String(drain.add(l.content).template.id));
  const win = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / WINDOW) }, (_, w) => xs.slice(w * WINDOW, (w + 1) * WINDOW));
  const trainWindows = win(train.map((l, i) => ({ t: trainT[i]!, normal: l.label === '-' }))).map((w) => ({ templates: w.map((x) => x.t), normal: w.map((x) => x.normal), anomalous: w.some((x) => !x.normal) }));
  const chosen = TemplateRarity.chooseThreshold(trainWindows, [0, 1, 2, 3, 5, 10, 20]);
  const model = TemplateRarity.fit(trainT.filter((_, i) => train[i]!.label === '-'), chosen.threshold);
  const given = testFiles(ctx.test!);
  const test = given.flatMap((f) => readBgl(f.path));
  ctx.onProgress?.(`bgl: scoring ${test.length} lines against ${drain.stats.templates} templates`);
  const t0 = Date.now();
  const lineFlags = test.map((l) => { const m = drain.match(l.content); return m ? (model.assess(String(m.id)).rare ? 1 : 0) : 1; });
  const rate = test.length / Math.max(1e-3, (Date.now() - t0) / 1000);
  const lineY = test.map((l) => (l.label === '-' ? 0 : 1));
  const winFlags: number[] = [], winY: number[] = [];
  win(test.map((_, i) => i)).forEach((w) => { winFlags.push(w.some((i) => lineFlags[i]) ? 1 : 0); winY.push(w.some((i) => lineY[i]) ? 1 : 0); });
  const ls = scoreFlags(test.map((_, i) => i), lineFlags, lineY).summary;
  const ws = scoreFlags(winY.map((_, i) => i), winFlags, winY).summary;
  const times = test.map((l) => l.time);
  const days = test.length ? (Math.max(...times) - Math.min(...times)) / 86_400 : 0;
  const perDay = (fp: number) => (days > 0 ? fp / days : null);
  const rule = `a line whose Drain template was seen ≤ ${chosen.threshold} times among the shared sample's normal lines, or that matches no template (threshold: best leave-window-out F1 ${chosen.f1.toFixed(3)} on the shared sample's windows)`;
  const cats = new Map<string, number[]>();
  test.forEach((l, i) => { if (l.label !== '-') { let g = cats.get(l.label); if (!g) cats.set(l.label, (g = [])); g.push(i); } });
  return {
    kind: 'public-dataset',
    dataset: {
      name: 'bgl', title: 'BGL raw lines scored on --test data (Drain templates + template rarity)', files: [...files, ...given.map((f) => f.path)],
      rows: train.length + test.length, scoredRows: test.length, features: 1,
      split: `train: the shared BGL 2k sample (templates mined, counts of normal lines, threshold); scored: ${given.map((f) => f.path).join(', ')}`,
      dropped: [], classes: { normal: lineY.filter((y) => !y).length, anomalous: lineY.filter(Boolean).length },
      notes: [`${drain.stats.templates} templates mined from ${train.length} training lines; ${test.filter((l) => !drain.match(l.content)).length} scored lines matched none.`, `${winY.length} windows of ${WINDOW} lines in file order, ${winY.filter(Boolean).length} holding an alert line.`],
    },
    detectors: {
      'drain-rarity/window': { ...ws, falseAlertsPerDay: perDay(ws.fp), threshold: rule, scoreRowsPerSecond: rate, note: `false alerts per day over the ${days.toFixed(1)} days the scored lines span` },
      'drain-rarity/line': { ...ls, falseAlertsPerDay: perDay(ls.fp), threshold: rule, scoreRowsPerSecond: rate },
    },
    scenarios: [...cats.entries()].sort((a, b) => b[1].length - a[1].length).map(([name, idx]) => {
      const hit = idx.filter((i) => lineFlags[i]).length;
      return { name, rows: idx.length, detected: hit / idx.length, recallByDetector: { 'drain-rarity/line': hit / idx.length }, missed: idx.length - hit, timeToDetectSeconds: null };
    }),
    published: ['Loghub BGL is usually reported on the full 4.7M lines (DeepLog F1 ≈ 0.6–0.8; LogRobust/PLELog ≈ 0.9+ depending on windowing).'],
    params: { window: WINDOW, threshold: chosen.threshold, trainLines: train.length, templates: drain.stats.templates, similarity: s.st, depth: s.depth },
    seconds: (Date.now() - started) / 1000,
  };
}
