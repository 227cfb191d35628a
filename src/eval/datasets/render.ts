import type { PublicEvalReport } from './report.js';

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

function table(rows: string[][], headers: string[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * A public-dataset evaluation as text: the split, dropped columns, per-model scores, per-class recall.
 *
 * @example
 * process.stdout.write(renderPublicReport(await DATASETS['nsl-kdd'].evaluate(ctx)));
 */
export function renderPublicReport(r: PublicEvalReport): string {
  const d = r.dataset;
  const det = Object.entries(r.detectors).map(([name, s]) => [
    name, f3(s.precision), f3(s.recall), f3(s.f1), f3(s.accuracy), f3(s.fpr), f3(s.auc), s.falseAlertsPerDay === null ? '—' : s.falseAlertsPerDay.toFixed(1),
    s.fitSeconds === undefined ? '—' : `${s.fitSeconds.toFixed(2)}s`, s.scoreRowsPerSecond === undefined ? '—' : String(Math.round(s.scoreRowsPerSecond)),
  ]);
  const names = Object.keys(r.detectors);
  const sc = r.scenarios.map((s) => [s.name, String(s.rows), ...names.map((n) => f3(s.recallByDetector[n])), String(s.missed)]);
  return [
    `Dataset ${d.name}: ${d.title} — ${d.rows} rows, ${d.scoredRows} scored, ${d.features} features.`,
    d.sample ? `Sample: ${d.sample}.` : '',
    `Split: ${d.split}.`,
    d.dropped.length ? `Dropped: ${d.dropped.map((x) => `${x.column} (${x.reason})`).join('; ')}.` : '',
    ...d.notes.map((n) => `Note: ${n}`),
    '',
    table(det, ['detector', 'precision', 'recall', 'F1', 'accuracy', 'FPR', 'AUC', 'false/day', 'fit', 'rows/s']),
    '',
    table(sc, ['class', 'rows', ...names.map((n) => `recall ${n}`), `missed (${names[0] ?? '—'})`]),
    '',
    ...(r.holdouts?.length ? [
      'Held out (trained on one part, scoring another; threshold from training ham only):',
      table(r.holdouts.map((h) => [h.name, h.train, h.test, f3(h.recallAtTrainThreshold), f3(h.fprAtTrainThreshold), f3(h.recallAtTestFpr001), f3(h.auc)]),
        ['split', 'trained on', 'scored', 'recall @ train thr', 'FPR @ train thr', 'recall @ 0.1 % FPR', 'AUC']),
      '',
      ...(r.holdouts.some((h) => h.fused) ? [
        'Fused scorer on the same splits (bands chosen on the training part\'s out-of-fold scores: phishing ≤ 0.1 % FP and ≥ 95 % precision, suspicious ≥ 50 % precision):',
        table(r.holdouts.flatMap((h) => (h.fused ? [[h.name, f3(h.fused.atPhishingVerdict.recall), f3(h.fused.atPhishingVerdict.precision), f3(h.fused.atPhishingVerdict.fpr), f3(h.fused.atSuspiciousOrWorse.recall), f3(h.fused.atSuspiciousOrWorse.fpr), f3(h.fused.recallAtTestFpr001), f3(h.fused.bandPrecision.scored.suspicious.precision), f3(h.fused.reliability.calibratedError)]] : [])),
          ['split', 'recall @ phishing', 'precision @ phishing', 'FPR @ phishing', 'recall @ suspicious+', 'FPR @ suspicious+', 'recall @ 0.1 % FPR', 'suspicious band precision', 'calibration error']),
        '',
      ] : []),
    ] : []),
    ...r.published.map((p) => `Published: ${p}`),
    `(${r.seconds.toFixed(1)}s)`,
    '',
  ].filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}
