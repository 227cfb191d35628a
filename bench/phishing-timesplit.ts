/**
 * Time-split side by side: the fused Wardwatch scorer trained on mail dated before 2021 (bands
 * chosen on that part's out-of-fold scores), SpamAssassin (spamd -L, default rules) and Rspamd
 * (default config, DNS pointed at a dead resolver) on the same messages dated 2021 on (modern
 * mailing-list ham + Nazario 2015–22 phishing rebuilt as plain-text messages from its CSV), each
 * at its own default verdict. Also the throughput of the trained scorer on those messages.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/phishing-timesplit.js [--no-external] [--every N]
 * writes bench/results/phishing-timesplit.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPhishingModels } from '../src/detect/phishing/models.js';
import { PhishingScorer } from '../src/detect/phishing/score.js';
import { fusedHoldout, loadFusedRows } from '../src/eval/datasets/email-fused.js';
import { timeSplit } from '../src/eval/datasets/email-holdout.js';
import { scanAll, startRspamd, startSpamAssassin, type ExternalEngine } from './external-filters.js';
import { metricsAt, rounded } from './phishing-metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = join(ROOT, '../shared/data/email');
const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const every = Number(arg('--every') ?? 1);
// SpamAssassin scans a few messages a second on a busy shared machine: `--external-every K`
// scans every K-th scored message with the other engines, and ours is reported on that subset too.
const externalEvery = Math.max(1, Number(arg('--external-every') ?? 1));
const external = !process.argv.includes('--no-external');
const log = (m: string) => process.stderr.write(`[phishing-timesplit] ${m}\n`);
const CUTOFF = Date.UTC(2021, 0, 1);

if (!existsSync(DATA)) {
  log(`skipped: ${DATA} is absent (the shared public corpora)`);
  process.exit(0);
}
const t0 = Date.now();
const { rows, unparsed } = await loadFusedRows(DATA, { every });
const split = timeSplit(rows, CUTOFF);
log(`${rows.length} messages parsed (${unparsed} refused) in ${((Date.now() - t0) / 1000).toFixed(1)} s; train ${split.before.length}, test ${split.after.length}, undated ${split.undated}`);
const held = fusedHoldout(rows, split.before, split.after, 1);
const testY = split.after.map((i) => rows[i]!.y);
const count = (idx: number[]) => idx.reduce<Record<string, number>>((o, i) => { const k = `${rows[i]!.corpus}/${rows[i]!.y ? 'phish' : 'ham'}`; o[k] = (o[k] ?? 0) + 1; return o; }, {});
log(`ours: recall ${held.figures.atPhishingVerdict.recall.toFixed(3)} at the phishing verdict, FPR ${held.figures.atPhishingVerdict.fpr?.toFixed(4)}`);

// Throughput of the trained scorer (parse + every signal + models) on the scored messages, one thread.
const scorer = new PhishingScorer({ ...held.models, url: loadPhishingModels().url, files: { content: 'time-split' } });
const raws = split.after.map((i) => rows[i]!.raw);
// The machine is shared (load well above its 2 cores), so per-core speed is messages per CPU
// second of this process; the wall-clock rate is reported beside it.
const s0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let phishingVerdicts = 0;
for (const raw of raws) if (scorer.scoreRaw(raw).verdict !== 'clean') phishingVerdicts++;
const cpu = process.cpuUsage(c0);
const wall = Number(process.hrtime.bigint() - s0) / 1e9;
const perCore = raws.length / ((cpu.user + cpu.system) / 1e6);
const load = loadavg()[0]!;
log(`throughput: ${perCore.toFixed(0)} messages per CPU second (${(raws.length / wall).toFixed(0)}/s wall clock, load ${load.toFixed(1)})`);

type Row = { engine: string; version: string; verdict: string; recall: number; falsePositiveRate: number; precision: number; tp: number; fp: number; fn: number; tn: number; messagesPerSecondPerCore: number; errors?: number };
const oursAt = (label: string, t: number): Row => {
  const m = metricsAt(held.scores, testY, t);
  return { engine: 'Wardwatch', version: 'fused scorer, trained on mail before 2021', verdict: label, recall: m.recall, falsePositiveRate: m.falsePositiveRate, precision: m.precision, tp: m.tp, fp: m.fp, fn: m.fn, tn: m.tn, messagesPerSecondPerCore: perCore };
};
const side: Row[] = [
  oursAt(`"phishing" (score ≥ ${held.figures.bands.phishing.toFixed(4)}, chosen on training data)`, held.figures.bands.phishing),
  oursAt(`"suspicious" or worse (score ≥ ${held.figures.bands.suspicious.toFixed(4)})`, held.figures.bands.suspicious),
];
const subset = raws.flatMap((_, k) => (k % externalEvery === 0 ? [k] : []));
const subY = subset.map((k) => testY[k]!);
const sideSubset: Row[] = [];
if (externalEvery > 1) {
  const m = metricsAt(subset.map((k) => held.scores[k]!), subY, held.figures.bands.phishing);
  sideSubset.push({ engine: 'Wardwatch', version: 'fused scorer, trained on mail before 2021', verdict: '"phishing"', recall: m.recall, falsePositiveRate: m.falsePositiveRate, precision: m.precision, tp: m.tp, fp: m.fp, fn: m.fn, tn: m.tn, messagesPerSecondPerCore: perCore });
}
const skipped: Record<string, string> = {};
if (external) {
  for (const [name, start] of [['SpamAssassin', startSpamAssassin], ['Rspamd', startRspamd]] as const) {
    const engine: ExternalEngine | string = await start();
    if (typeof engine === 'string') {
      skipped[name] = engine;
      log(`${name} skipped: ${engine}`);
      continue;
    }
    log(`${engine.name} ${engine.version}: scanning ${subset.length} messages`);
    const r = await scanAll(engine, subset.map((k) => raws[k]!), 2);
    await engine.stop();
    const m = metricsAt(r.verdicts.map((v) => (v.flagged ? 1 : 0)), subY, 0.5);
    (externalEvery > 1 ? sideSubset : side).push({ engine: engine.name, version: engine.version, verdict: engine.threshold, recall: m.recall, falsePositiveRate: m.falsePositiveRate, precision: m.precision, tp: m.tp, fp: m.fp, fn: m.fn, tn: m.tn, messagesPerSecondPerCore: subset.length / r.seconds / Math.min(2, cpus().length), errors: r.errors });
    log(`${engine.name}: recall ${m.recall.toFixed(3)}, FPR ${m.falsePositiveRate.toFixed(4)} in ${r.seconds.toFixed(0)} s`);
  }
}
const out = rounded({
  generated: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, note: 'shared 2-core machine; other work was running' },
  split: {
    train: 'mail dated before 2021-01-01 (SpamAssassin ham 2002, modern list ham 2019–20, Nazario 2004–05 mboxes and 2015–20 CSV rows)',
    test: 'mail dated 2021-01-01 or later (modern list ham 2021–26, Nazario 2021–22 CSV rows)',
    trainRows: count(split.before), testRows: count(split.after), undated: split.undated, unparsed, every,
    note: 'The Nazario 2015–22 rows are text only (sender, date, subject, body): they reach every engine as the same plain-text RFC 5322 message, without Received or authentication headers, HTML or attachments.',
  },
  fused: held.figures,
  sideBySide: side,
  ...(externalEvery > 1 ? { sideBySideSubset: { messages: subset.length, phishing: subY.filter((y) => y).length, rule: `every ${externalEvery}th scored message`, rows: sideSubset } } : {}),
  skipped,
  throughput: { messagesPerSecondPerCore: perCore, messagesPerSecondWallClock: raws.length / wall, loadAverage: load, messages: raws.length, flagged: phishingVerdicts, note: 'PhishingScorer.scoreRaw on the time-split test messages: e-mail parser + every signal + URL, content and fusion models, one thread; per core = messages per CPU second of the process (the shared machine ran other work: wall clock beside it)' },
  seconds: (Date.now() - t0) / 1000,
});
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
if (every === 1) writeFileSync(join(ROOT, 'bench/results/phishing-timesplit.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ fused: { bands: held.figures.bands, atPhishingVerdict: held.figures.atPhishingVerdict, atSuspiciousOrWorse: held.figures.atSuspiciousOrWorse, recallAtTestFpr001: held.figures.recallAtTestFpr001, verdicts: held.figures.verdicts, bandPrecision: held.figures.bandPrecision, calErr: [held.figures.reliability.rawError, held.figures.reliability.calibratedError] }, sideBySide: side, sideBySideSubset: sideSubset, throughput: perCore }, null, 1)}\n`);
