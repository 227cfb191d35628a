import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tabularAdapter } from './adapter.js';
import { CsvParser, readCsv } from './csv.js';
import { columnsFrom } from './table.js';

function csvText(path: string): string[][] {
  const p = new CsvParser();
  const text = path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8');
  return [...p.push(text), ...p.end()];
}

/**
 * NSL-KDD KDDTrain+_20Percent (25,192 connections, 41 features). Only the official 20 % training
 * subset is here (KDDTest+ is held back), so the split is stratified 5-fold CV on it: numbers are
 * not comparable with papers' KDDTest+ accuracy, which tests on attack types absent from training.
 */
export const nslKdd = tabularAdapter({
  name: 'nsl-kdd',
  title: 'NSL-KDD KDDTrain+ 20 % (network connections)',
  files: ['network/nsl-kdd/KDDTrain+_20Percent.txt.gz', 'network/nsl-kdd/Field_Names.csv', 'network/nsl-kdd/attack_category_map.csv'],
  split: 'cv',
  notes: [
    'Stratified CV within KDDTrain+_20Percent; published accuracies are on KDDTest+ (unseen attack types), a much harder test, so ours are not comparable to them.',
    'Classes are the standard 5-class map (dos, probe, r2l, u2r) of attack_category_map.csv.',
  ],
  published: ['KDDTest+ accuracy (trained on full KDDTrain+): J48 81.05 %, Random Forest 80.67 %, NB-Tree 82.02 % (Tavallaee et al. 2009); RNN-IDS 83.28 % (Yin et al. 2017); best reported ≈ 89 %.'],
  async read([data, fields, categories]) {
    const names = csvText(fields!).map((r) => r[0]!.trim());
    const kinds = csvText(fields!).map((r) => (r[1] ?? '').trim());
    const category = new Map(csvText(categories!).slice(1).map((r) => [r[0]!.trim(), r[1]!.trim()] as const));
    const rows: string[][] = [];
    await readCsv(data!, (r) => { rows.push(r); });
    const header = [...names, 'label', 'difficulty'];
    const columns = columnsFrom(header, rows, {
      keep: (n) => n !== 'label' && n !== 'difficulty',
      categorical: names.filter((_, i) => kinds[i] === 'symbolic'),
    });
    const li = names.length;
    const cls = rows.map((r) => { const l = r[li]!.trim(); return l === 'normal' ? 'normal' : category.get(l) ?? l; });
    return {
      columns, cls, y: Uint8Array.from(cls, (c) => (c === 'normal' ? 0 : 1)),
      dropped: [
        { column: 'label', reason: 'the target (attack name → 5-class category)' },
        { column: 'difficulty', reason: 'how many of the dataset authors\' 21 learners got the row right — an annotation, not traffic' },
      ],
    };
  },
});
