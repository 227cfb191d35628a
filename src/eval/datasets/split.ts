import { rng } from '../../ml/index.js';

/** One train/test partition of row indices. */
export interface Fold { train: Int32Array; test: Int32Array }

/** A split: its folds and a sentence saying how they were made (printed in every report). */
export interface Split { kind: 'stratified-cv' | 'chronological' | 'holdout'; description: string; folds: Fold[] }

/**
 * Stratified k-fold cross-validation: rows of each stratum (attack class) are shuffled with a seeded
 * generator and dealt round-robin to the folds, continuing where the previous stratum stopped, so
 * every fold gets its share of each class (a class with fewer rows than folds lands in some folds only).
 *
 * @example
 * stratifiedKFold(table.cls, 5, 1).folds[0].test
 */
export function stratifiedKFold(strata: string[], k: number, seed: number): Split {
  const r = rng(seed);
  const groups = new Map<string, number[]>();
  strata.forEach((s, i) => { let g = groups.get(s); if (!g) groups.set(s, (g = [])); g.push(i); });
  const foldOf = new Int32Array(strata.length);
  let next = 0;
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    for (let i = g.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); const t = g[i]!; g[i] = g[j]!; g[j] = t; }
    for (const i of g) { foldOf[i] = next; next = (next + 1) % k; }
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [], test: number[] = [];
    for (let i = 0; i < strata.length; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push(checked({ train: Int32Array.from(train), test: Int32Array.from(test) }, strata.length));
  }
  return { kind: 'stratified-cv', description: `stratified ${k}-fold cross-validation by attack class (seed ${seed}); every row is scored once, by the models of the fold that did not train on it`, folds };
}

/**
 * Chronological split: rows sorted by time (ties by file order); the first `trainShare` are for
 * training, the rest are scored. Models never see the future.
 *
 * @example
 * chronologicalSplit(table.time!, 0.7)
 */
export function chronologicalSplit(time: ArrayLike<number>, trainShare: number): Split {
  const order = Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
  const cut = Math.round(order.length * trainShare);
  const fold = checked({ train: Int32Array.from(order.slice(0, cut)), test: Int32Array.from(order.slice(cut)) }, time.length);
  return { kind: 'chronological', description: `chronological: the earliest ${Math.round(trainShare * 100)} % of rows by timestamp train, the latest ${Math.round((1 - trainShare) * 100)} % are scored`, folds: [fold] };
}

/**
 * Throws unless train and test are disjoint and in range: the guarantee that no training row is ever scored.
 *
 * @example
 * checked({ train, test }, rows)
 */
export function checked(f: Fold, rows: number): Fold {
  const inTrain = new Uint8Array(rows);
  for (const i of f.train) { if (i < 0 || i >= rows) throw new Error(`split: training row ${i} out of range`); inTrain[i] = 1; }
  for (const i of f.test) {
    if (i < 0 || i >= rows) throw new Error(`split: test row ${i} out of range`);
    if (inTrain[i]) throw new Error(`split: row ${i} is both a training and a test row`);
  }
  return f;
}

/**
 * A seeded sample of `n` row indices (in file order), stratified by class so rare classes keep their share.
 *
 * @example
 * sampleRows(table.cls, 3000, 1)
 */
export function sampleRows(strata: string[], n: number, seed: number): Int32Array {
  if (n >= strata.length) return Int32Array.from({ length: strata.length }, (_, i) => i);
  const r = rng(seed);
  const groups = new Map<string, number[]>();
  strata.forEach((s, i) => { let g = groups.get(s); if (!g) groups.set(s, (g = [])); g.push(i); });
  const picked: number[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    const want = Math.max(1, Math.round((g.length * n) / strata.length));
    for (let i = 0; i < Math.min(want, g.length); i++) { const j = i + Math.floor(r() * (g.length - i)); const t = g[i]!; g[i] = g[j]!; g[j] = t; picked.push(g[i]!); }
  }
  return Int32Array.from(picked.sort((a, b) => a - b));
}
