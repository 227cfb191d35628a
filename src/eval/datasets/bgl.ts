import { CountEnvelope, InvariantModel, PcaSpe, TemplateRarity } from '../../ml/index.js';
import { requireFiles, type DatasetAdapter } from './adapter.js';
import { evaluateBglTest } from './bgl-test.js';
import { readCsv } from './csv.js';
import { scoreFlags } from './scoring.js';

const FILES = ['logs/loghub/BGL/BGL_2k.log_structured.csv'];
const WINDOW = 20;

interface Line { time: number; alert: string; template: string }

/**
 * Loghub BGL 2k (2,000 BlueGene/L lines with Drain templates; label '-' = normal, else the alert
 * category). Chronological: the first 70 % of lines train, the last 30 % are scored. Template
 * rarity learns template counts from normal training lines; a 20-line window is flagged when it
 * holds a template seen at most `threshold` times, the threshold chosen on training windows with
 * leave-window-out counts. Scored per window and per line.
 */
export const bgl: DatasetAdapter = {
  name: 'bgl',
  title: 'Loghub BGL 2k (BlueGene/L RAS log lines)',
  kind: 'log',
  files: FILES,
  split: 'chronological: earliest 70 % of lines train (templates of normal lines), latest 30 % scored in 20-line windows',
  published: ['Loghub BGL is usually reported on the full 4.7M lines: DeepLog F1 ≈ 0.6–0.8 and LogRobust/PLELog ≈ 0.9+ depending on windowing (not comparable to a 2k sample).'],
  testInput: 'raw BGL log lines (Loghub format, label first: "-" = normal), a file or a folder',
  async evaluate(ctx) {
    if (ctx.test) return evaluateBglTest(ctx, requireFiles(ctx, ['logs/loghub/BGL/BGL_2k.log'])[0]!, ['logs/loghub/BGL/BGL_2k.log']);
    const started = Date.now();
    const [path] = requireFiles(ctx, FILES);
    let header: string[] = [];
    const lines: Line[] = [];
    await readCsv(path!, (r, i) => {
      if (i === 0) { header = r; return; }
      lines.push({ time: Number(r[header.indexOf('Timestamp')]), alert: (r[header.indexOf('Label')] ?? '-').trim(), template: (r[header.indexOf('EventId')] ?? '').trim() });
    });
    const all = lines.map((l, i) => ({ ...l, i })).sort((a, b) => a.time - b.time || a.i - b.i);
    const cut = Math.round(all.length * 0.7);
    const train = all.slice(0, cut), test = all.slice(cut);
    const windows = (ls: Line[]) => Array.from({ length: Math.ceil(ls.length / WINDOW) }, (_, w) => ls.slice(w * WINDOW, (w + 1) * WINDOW));
    const trainWindows = windows(train).map((w) => ({ templates: w.map((l) => l.template), normal: w.map((l) => l.alert === '-'), anomalous: w.some((l) => l.alert !== '-') }));
    const chosen = TemplateRarity.chooseThreshold(trainWindows, [0, 1, 2, 3, 5, 10, 20]);
    const model = TemplateRarity.fit(train.filter((l) => l.alert === '-').map((l) => l.template), chosen.threshold);
    const lineFlags = test.map((l) => (model.assess(l.template).rare ? 1 : 0));
    const lineY = test.map((l) => (l.alert === '-' ? 0 : 1));
    const tw = windows(test);
    const winFlags: number[] = [], winY: number[] = [];
    let k = 0;
    for (const w of tw) { winFlags.push(lineFlags.slice(k, k + w.length).some(Boolean) ? 1 : 0); winY.push(w.some((l) => l.alert !== '-') ? 1 : 0); k += w.length; }
    // Count-vector models on the same windows: fitted on the training windows with no alert line only.
    const ids = [...new Set(train.map((l) => l.template))];
    const col = new Map(ids.map((t, j) => [t, j]));
    const vec = (w: Line[]) => { const v = new Array<number>(ids.length + 1).fill(0); for (const l of w) { const j = col.get(l.template) ?? ids.length; v[j] = v[j]! + 1; } return v; };
    const normalTrainWins = windows(train).filter((w) => w.every((l) => l.alert === '-')).map(vec);
    const envelope = CountEnvelope.fit(normalTrainWins), inv = InvariantModel.fit(normalTrainWins), pca = PcaSpe.fit(normalTrainWins);
    const testVecs = tw.map(vec);
    const winIdx = tw.map((_, i) => i);
    const countModels = {
      'count-envelope/window': { flags: testVecs.map((v) => (envelope.check(v).anomalous ? 1 : 0)), rule: `a template count outside its [min, max] over the ${normalTrainWins.length} training windows with no alert line (a template never seen there: range 0..0)` },
      'invariants/window': { flags: testVecs.map((v) => (inv.check(v).anomalous ? 1 : 0)), rule: `breaks one of ${inv.invariants.length} linear count relations that held in every alert-free training window` },
      'pca-spe/window': { flags: testVecs.map((v) => (pca.check(v).anomalous ? 1 : 0)), rule: `squared prediction error above Q_α (c_α 3.2905), ${pca.components.length} components of alert-free training windows` },
    };
    const lineScores = scoreFlags(test.map((_, i) => i), lineFlags, lineY).summary;
    const winScores = scoreFlags(tw.map((_, i) => i), winFlags, winY).summary;
    const days = (test[test.length - 1]!.time - test[0]!.time) / 86_400;
    const perDay = (fp: number) => (days > 0 ? fp / days : null);
    const cats = new Map<string, number[]>();
    test.forEach((l, i) => { if (l.alert !== '-') { let g = cats.get(l.alert); if (!g) cats.set(l.alert, (g = [])); g.push(i); } });
    const rule = `a template seen ≤ ${chosen.threshold} times in normal training lines (threshold with the best leave-window-out F1 ${chosen.f1.toFixed(3)} on training windows)`;
    return {
      kind: 'public-dataset',
      dataset: {
        name: 'bgl', title: bgl.title, files: FILES, rows: lines.length, scoredRows: test.length, features: 1, split: bgl.split, dropped: [],
        classes: Object.fromEntries([...lines.reduce((m, l) => m.set(l.alert === '-' ? 'normal' : l.alert, (m.get(l.alert === '-' ? 'normal' : l.alert) ?? 0) + 1), new Map<string, number>())]),
        notes: [`${train.filter((l) => l.alert !== '-').length} alert lines in training, ${lineY.filter(Boolean).length} in the scored part; ${tw.length} scored windows of ${WINDOW} lines, ${winY.filter(Boolean).length} with an alert.`, 'A 2k-line sample: a smoke-scale figure, not comparable with full-BGL papers.'],
      },
      detectors: {
        'template-rarity/window': { ...winScores, falseAlertsPerDay: perDay(winScores.fp), threshold: rule, note: `false alerts per day over the ${days.toFixed(1)} days the scored lines span` },
        'template-rarity/line': { ...lineScores, falseAlertsPerDay: perDay(lineScores.fp), threshold: rule },
        ...Object.fromEntries(Object.entries(countModels).map(([name, m]) => {
          const sc = scoreFlags(winIdx, m.flags, winY).summary;
          return [name, { ...sc, falseAlertsPerDay: perDay(sc.fp), threshold: m.rule }];
        })),
      },
      scenarios: [...cats.entries()].sort((a, b) => b[1].length - a[1].length).map(([name, idx]) => {
        const r = idx.filter((i) => lineFlags[i]).length / idx.length;
        return { name, rows: idx.length, detected: r, recallByDetector: { 'template-rarity/line': r }, missed: idx.length - idx.filter((i) => lineFlags[i]).length, timeToDetectSeconds: null };
      }),
      published: bgl.published,
      params: { window: WINDOW, threshold: chosen.threshold, trainLines: train.length },
      seconds: (Date.now() - started) / 1000,
    };
  },
};
