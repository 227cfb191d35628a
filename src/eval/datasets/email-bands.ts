/**
 * Verdict bands that mean a measured precision, and the reliability curve that shows how far a
 * score can be read as a probability. Pure functions over (score, label) pairs; the e-mail
 * evaluation feeds them training (out-of-fold) scores to choose thresholds and scored mail to
 * check them.
 */

/** Thresholds of the two alerting verdicts (score ≥ threshold). */
export interface Bands {
  suspicious: number;
  phishing: number;
}

/** What the bands must mean on the data they are chosen on. */
export interface BandTargets {
  /** Largest share of ham allowed at or above the phishing threshold (0.001 = 0.1 %). */
  phishingFpr: number;
  /** Smallest precision of the messages at or above the phishing threshold. */
  phishingPrecision: number;
  /** Smallest precision of the messages in [suspicious, phishing). */
  suspiciousPrecision: number;
}

/** The targets the shipped bands are chosen for: phishing ≤ 0.1 % FP and ≥ 95 % precision; suspicious ≥ 50 %. */
export const DEFAULT_BAND_TARGETS: BandTargets = { phishingFpr: 0.001, phishingPrecision: 0.95, suspiciousPrecision: 0.5 };

/**
 * Choose the band thresholds on labelled (training) scores: `phishing` is the lowest score at
 * which at most `phishingFpr` of the ham is at or above it and the precision there is at least
 * `phishingPrecision`; `suspicious` is the lowest score below that whose band
 * [suspicious, phishing) still has at least `suspiciousPrecision` precision (equal to `phishing`
 * when no such band exists). Precision is at the class mix of the data given.
 *
 * @example
 * chooseBands([0.1, 0.6, 0.9, 0.95], [0, 1, 1, 1]) // { suspicious: 0.6, phishing: 0.6 }
 */
export function chooseBands(scores: ArrayLike<number>, ys: ArrayLike<number>, t: BandTargets = DEFAULT_BAND_TARGETS): Bands {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const nHam = idx.filter((i) => !ys[i]).length;
  const allowedFp = Math.floor(nHam * t.phishingFpr);
  // Walk down the scores; a cut is only placed between distinct scores.
  let tp = 0; let fp = 0;
  let phishing = Infinity;
  let at = 0;
  for (let k = 0; k < idx.length;) {
    const s = scores[idx[k]!]!;
    let j = k;
    while (j < idx.length && scores[idx[j]!]! === s) { if (ys[idx[j]!]) tp++; else fp++; j++; }
    if (fp > allowedFp) break;
    if (tp / Math.max(1, tp + fp) >= t.phishingPrecision) { phishing = s; at = j; }
    k = j;
  }
  if (!Number.isFinite(phishing)) phishing = 1 + 1e-9;
  let btp = 0; let bfp = 0;
  let suspicious = phishing;
  for (let k = at; k < idx.length;) {
    const s = scores[idx[k]!]!;
    let j = k;
    while (j < idx.length && scores[idx[j]!]! === s) { if (ys[idx[j]!]) btp++; else bfp++; j++; }
    if (btp / Math.max(1, btp + bfp) >= t.suspiciousPrecision) suspicious = s;
    k = j;
  }
  return { suspicious: Math.min(suspicious, phishing), phishing };
}

/** Counts and rates of one band (or of everything at or above a threshold). */
export interface BandCounts {
  phishing: number;
  ham: number;
  /** Share of the band that is phishing (null when the band is empty). */
  precision: number | null;
}

/**
 * Messages of each class in [from, to).
 *
 * @example
 * bandCounts([0.2, 0.7], [0, 1], 0.5, Infinity) // { phishing: 1, ham: 0, precision: 1 }
 */
export function bandCounts(scores: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number): BandCounts {
  let p = 0; let h = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! < from || scores[i]! >= to) continue;
    if (ys[i]) p++; else h++;
  }
  return { phishing: p, ham: h, precision: p + h ? p / (p + h) : null };
}

/** One bin of a reliability curve. */
export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  /** Mean score of the bin's messages. */
  meanScore: number | null;
  /** Share of them that are phishing. */
  observed: number | null;
}

/**
 * Reliability curve: scores cut into `bins` equal-width bins, each with its mean score and the
 * observed share of phishing (a calibrated score lies on the diagonal).
 *
 * @example
 * reliability([0.05, 0.95], [0, 1], 2) // [{ from: 0, to: 0.5, n: 1, meanScore: 0.05, observed: 0 }, …]
 */
export function reliability(scores: ArrayLike<number>, ys: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const n = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  const pos = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(scores[i]! * bins)));
    n[b]!++;
    sum[b]! += scores[i]!;
    if (ys[i]) pos[b]!++;
  }
  return n.map((c, b) => ({ from: b / bins, to: (b + 1) / bins, n: c, meanScore: c ? sum[b]! / c : null, observed: c ? pos[b]! / c : null }));
}

/**
 * Expected calibration error of a reliability curve (bin-weighted |mean score − observed|).
 *
 * @example
 * calibrationError(reliability(scores, ys))
 */
export function calibrationError(curve: ReliabilityBin[]): number {
  const total = curve.reduce((s, b) => s + b.n, 0);
  return curve.reduce((s, b) => s + (b.n ? (b.n / Math.max(1, total)) * Math.abs(b.meanScore! - b.observed!) : 0), 0);
}

/**
 * Platt scaling: a and b of p = σ(a·z + b) fitted to labels by Newton's method (with the
 * usual smoothed targets), so a score's value can be read as the share of phishing at the
 * class mix of the data it was fitted on.
 *
 * @example
 * const { a, b } = plattFit(logits, ys); const p = 1 / (1 + Math.exp(-(a * z + b)));
 */
export function plattFit(z: ArrayLike<number>, ys: ArrayLike<number>): { a: number; b: number } {
  const nPos = Array.from(ys).filter((y) => y).length;
  const nNeg = ys.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const target = (y: number) => (y ? hi : lo);
  const loss = (a: number, b: number) => {
    let l = 0;
    for (let i = 0; i < z.length; i++) {
      const v = a * z[i]! + b;
      // log(1 + e^v) − t·v, computed without overflow.
      l += (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))) - target(ys[i]!) * v;
    }
    return l;
  };
  let a = 1; let b = 0;
  let cur = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0; let gb = 0; let haa = 1e-9; let hab = 0; let hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * z[i]! + b)));
      const d = p - target(ys[i]!);
      const w = p * (1 - p);
      ga += d * z[i]!; gb += d;
      haa += w * z[i]! * z[i]!; hab += w * z[i]!; hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Damped Newton: halve the step until the loss goes down (plain Newton overshoots on
    // well-separated scores).
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > cur && step > 1e-6) { step /= 2; next = loss(a - step * da, b - step * db); }
    if (next > cur) break;
    a -= step * da; b -= step * db;
    const done = cur - next < 1e-10 * Math.max(1, Math.abs(cur));
    cur = next;
    if (done) break;
  }
  return { a, b };
}
