import { tabularAdapter } from './adapter.js';
import { readCsv } from './csv.js';
import { columnsFrom } from './table.js';

/**
 * UNSW-NB15 (here: 57,607 rows of the 82k partition, the rest held back). No separate test file is
 * available, so stratified 5-fold CV. `id` is dropped: the file is ordered by class, so the row
 * number predicts the label.
 */
export const unswNb15 = tabularAdapter({
  name: 'unsw-nb15',
  title: 'UNSW-NB15 flows (part of the 82k partition)',
  files: ['network/unsw-nb15/unsw-nb15-train.csv.gz'],
  split: 'cv',
  notes: ['Stratified CV within one partition; Moustafa & Slay trained on one partition and tested on the other, so their accuracies are not directly comparable.'],
  published: ['Moustafa & Slay 2016 (train/test partitions): decision tree accuracy 85.56 % (FAR 15.78 %), logistic regression 83.15 %, naive Bayes 82.07 %; later tree ensembles 87–95 %.'],
  async read([path]) {
    let header: string[] = [];
    const rows: string[][] = [];
    await readCsv(path!, (r, i) => { if (i === 0) header = r.map((h) => h.trim()); else rows.push(r); });
    const drop = new Set(['id', 'attack_cat', 'label']);
    const columns = columnsFrom(header, rows, { keep: (n) => !drop.has(n), categorical: ['proto', 'service', 'state'] });
    const ci = header.indexOf('attack_cat'), li = header.indexOf('label');
    const y = Uint8Array.from(rows, (r) => (Number(r[li]) === 1 ? 1 : 0));
    const cls = rows.map((r, i) => (y[i] ? (r[ci] ?? '').trim() || 'attack' : 'normal'));
    return {
      columns, y, cls,
      dropped: [
        { column: 'id', reason: 'row number; the file is sorted by class, so it leaks the label' },
        { column: 'attack_cat', reason: 'the attack class (target)' },
        { column: 'label', reason: 'the target' },
      ],
    };
  },
});
