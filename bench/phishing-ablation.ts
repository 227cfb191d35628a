/**
 * Signal ablation on the held-out e-mail splits: the fused scorer with every signal, then with
 * each named signal left out, on the cross-corpus and time splits (bands from training data
 * only). A signal is kept when it raises recall at the phishing verdict without raising false
 * positives.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/phishing-ablation.js brand.unowned_mention [more ids…]
 * writes bench/results/phishing-ablation.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fusedHoldout, loadFusedRows, type FusedRow } from '../src/eval/datasets/email-fused.js';
import { timeSplit } from '../src/eval/datasets/email-holdout.js';
import { rounded } from './phishing-metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = join(ROOT, '../shared/data/email');
const ids = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const log = (m: string) => process.stderr.write(`[phishing-ablation] ${m}\n`);
if (!existsSync(DATA)) {
  log(`skipped: ${DATA} is absent (the shared public corpora)`);
  process.exit(0);
}
const { rows } = await loadFusedRows(DATA);
const idx = (p: (c: string) => boolean) => rows.flatMap((r, i) => (p(r.corpus) ? [i] : []));
const t = timeSplit(rows, Date.UTC(2021, 0, 1));
const splits = {
  'cross-corpus': [idx((c) => c === 'spamassassin' || c === 'nazario'), idx((c) => c === 'modern-ham' || c === 'nazario-2015-22')] as const,
  'time split': [t.before, t.after] as const,
};
const fired = (id: string) => Object.fromEntries(['spamassassin', 'modern-ham', 'nazario', 'nazario-2015-22'].map((c) => [c, rows.filter((r) => r.corpus === c && r.base.some((s) => s.id === id)).length]));
const run = (without: string | undefined) => {
  const rs: FusedRow[] = without ? rows.map((r) => ({ ...r, base: r.base.filter((s) => s.id !== without) })) : rows;
  return Object.fromEntries(Object.entries(splits).map(([name, [train, test]]) => {
    const f = fusedHoldout(rs, train, test, 1).figures;
    log(`${without ? `without ${without}` : 'all signals'} · ${name}: recall ${f.atPhishingVerdict.recall.toFixed(4)}, FPR ${f.atPhishingVerdict.fpr?.toFixed(5)}, recall@0.1%FPR ${f.recallAtTestFpr001?.toFixed(4)}`);
    return [name, { atPhishingVerdict: f.atPhishingVerdict, atSuspiciousOrWorse: f.atSuspiciousOrWorse, recallAtTestFpr001: f.recallAtTestFpr001, bands: f.bands }];
  }));
};
const out = rounded({
  generated: new Date().toISOString(),
  all: run(undefined),
  without: Object.fromEntries(ids.map((id) => [id, { firedPerCorpus: fired(id), ...run(id) }])),
});
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/phishing-ablation.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
