import { minimise } from './nelder-mead.js';

/** Trend component of an additive-error ETS model. */
export type Trend = 'none' | 'additive' | 'damped';

/** Which ETS(A,·,·) model: additive errors, a trend kind, additive seasonality of `period` or none. */
export interface EtsSpec {
  trend: Trend;
  seasonal: boolean;
  /** Season length in observations (7 for days in a week, 24 for hours in a day); ignored when not seasonal. */
  period: number;
}

/** Smoothing parameters; beta/gamma are 0 and phi is 1 where the model has no such component. */
export interface EtsParams { alpha: number; beta: number; gamma: number; phi: number }

/** A fitted ETS(A,·,·) model: parameters, the final state, and fit statistics on the series it saw. */
export interface EtsFit {
  spec: EtsSpec;
  /** Hyndman's name, e.g. `ETS(A,Ad,A)`. */
  name: string;
  params: EtsParams;
  /** State after the last observation: level, trend, seasonal terms indexed by time mod period. */
  state: { level: number; trend: number; season: number[] };
  /** Number of observations fitted. */
  n: number;
  sse: number;
  /** Innovation variance, SSE / (n − k). */
  sigma2: number;
  /** Parameters counted for the information criterion: smoothing parameters, initial states, sigma. */
  k: number;
  logLik: number;
  aicc: number;
  /** One-step-ahead fitted values (same length as the series). */
  fitted: number[];
}

/** Hyndman, Koehler, Ord & Snyder's name for a spec (errors always additive here). */
export function etsName(spec: EtsSpec): string {
  const t = spec.trend === 'none' ? 'N' : spec.trend === 'additive' ? 'A' : 'Ad';
  return `ETS(A,${t},${spec.seasonal ? 'A' : 'N'})`;
}

// Parameter bounds as statsmodels' ETSModel uses them, so the bench compares like with like.
const EPS = 1e-4;
const PHI_LO = 0.8, PHI_HI = 0.98;
const sig = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Heuristic initial states (Hyndman et al. 2008 §2.6.1): classical decomposition of the first cycles. */
function initialStates(y: number[], spec: EtsSpec): { level: number; trend: number; season: number[] } {
  const m = spec.seasonal ? spec.period : 1;
  const season = new Array<number>(m).fill(0);
  if (spec.seasonal) {
    // Seasonal indices: each position's mean deviation from its cycle's mean, over up to 4 full cycles.
    const cycles = Math.min(4, Math.floor(y.length / m));
    for (let c = 0; c < cycles; c++) {
      let mean = 0;
      for (let i = 0; i < m; i++) mean += y[c * m + i]! / m;
      for (let i = 0; i < m; i++) season[i]! += (y[c * m + i]! - mean) / cycles;
    }
  }
  const w = Math.max(m, Math.min(10, y.length));
  const first = avg(y.slice(0, w).map((v, i) => v - season[i % m]!));
  let trend = 0;
  if (spec.trend !== 'none' && y.length >= 2 * w) {
    const second = avg(y.slice(w, 2 * w).map((v, i) => v - season[(w + i) % m]!));
    trend = (second - first) / w;
  }
  return { level: first - trend * (w - 1) / 2, trend, season };
}

const avg = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(a.length, 1);

/** Runs the state-space recursions; returns SSE, final state and fitted values. */
function run(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams, init: { level: number; trend: number; season: number[] }, keepFitted: boolean):
  { sse: number; level: number; trend: number; season: number[]; fitted: number[] } {
  const m = spec.seasonal ? spec.period : 1;
  const s = init.season.slice();
  let l = init.level, b = init.trend, sse = 0;
  const fitted: number[] = [];
  for (let t = 0; t < y.length; t++) {
    const si = t % m;
    const yhat = l + p.phi * b + (spec.seasonal ? s[si]! : 0);
    const e = y[t]! - yhat;
    sse += e * e;
    if (keepFitted) fitted.push(yhat);
    const lPrev = l;
    l = lPrev + p.phi * b + p.alpha * e;
    b = p.phi * b + p.beta * e;
    if (spec.seasonal) s[si] = s[si]! + p.gamma * e;
  }
  return { sse, level: l, trend: b, season: s, fitted };
}

/**
 * Fits an ETS(A,·,·) model by maximum likelihood. With additive Gaussian errors the likelihood with
 * sigma concentrated out is monotone in the SSE, so this minimises the one-step SSE over the
 * smoothing parameters and the initial level and trend (Nelder–Mead on logistic-transformed bounds:
 * 0 < β < α < 1, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98). Seasonal initial states come from the heuristic
 * decomposition and are counted as estimated parameters in the AICc, as Hyndman et al. do.
 *
 * @example
 * const fit = fitEts(dailyCounts, { trend: 'damped', seasonal: true, period: 7 });
 * fit.name // 'ETS(A,Ad,A)'
 */
export function fitEts(y: ArrayLike<number>, spec: EtsSpec): EtsFit {
  const series = Array.from(y);
  const n = series.length;
  const m = spec.seasonal ? spec.period : 1;
  if (spec.seasonal && (m < 2 || n < 2 * m)) throw new RangeError(`a seasonal model of period ${m} needs at least ${2 * m} observations; got ${n}`);
  if (n < 3) throw new RangeError(`an ETS model needs at least 3 observations; got ${n}`);
  const init0 = initialStates(series, spec);
  const scale = Math.max(sd(series), 1e-6);
  const hasTrend = spec.trend !== 'none';
  const damped = spec.trend === 'damped';
  const decode = (x: number[]): { p: EtsParams; init: { level: number; trend: number; season: number[] } } => {
    const alpha = EPS + (1 - 2 * EPS) * sig(x[0]!);
    const beta = hasTrend ? (alpha - EPS) * sig(x[1]!) + EPS / 2 : 0;
    const gamma = spec.seasonal ? (1 - alpha - EPS) * sig(x[2]!) + EPS / 2 : 0;
    const phi = damped ? PHI_LO + (PHI_HI - PHI_LO) * sig(x[3]!) : 1;
    return {
      p: { alpha, beta, gamma, phi },
      init: { level: init0.level + x[4]! * scale, trend: hasTrend ? init0.trend + x[5]! * scale / 10 : 0, season: init0.season },
    };
  };
  const objective = (x: number[]): number => { const d = decode(x); return run(series, spec, d.p, d.init, false).sse; };
  // Start from the textbook defaults (α≈0.3, β≈0.1α, γ≈0.1(1−α), φ≈0.95).
  const start = [logit(0.3), logit(0.1), logit(0.1), logit(0.83), 0, 0];
  const best = minimise(objective, start, { step: 1, maxEvals: 3000, restarts: 2 });
  const d = decode(best.x);
  const r = run(series, spec, d.p, d.init, true);
  const nSmoothing = 1 + (hasTrend ? 1 : 0) + (spec.seasonal ? 1 : 0) + (damped ? 1 : 0);
  const nInit = 1 + (hasTrend ? 1 : 0) + (spec.seasonal ? m - 1 : 0);
  const k = nSmoothing + nInit + 1;
  const sse = Math.max(r.sse, 1e-12 * n * scale * scale);
  const logLik = -0.5 * n * (Math.log((2 * Math.PI * sse) / n) + 1);
  const aicc = n - k - 1 > 0 ? -2 * logLik + 2 * k + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
  return {
    spec: { ...spec, period: m }, name: etsName(spec), params: d.p,
    state: { level: r.level, trend: r.trend, season: r.season },
    n, sse, sigma2: sse / Math.max(n - k, 1), k, logLik, aicc, fitted: r.fitted,
  };
}

function sd(a: number[]): number {
  const mu = avg(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(a.length - 1, 1));
}

/** One step of a forecast on the model's scale: mean and variance of the h-step-ahead error. */
export interface EtsStep { mean: number; variance: number }

/**
 * Point forecasts and forecast variances h = 1..horizon steps past the fitted series. Variances are
 * the analytic class-1 results (Hyndman et al. 2008, Table 6.1): σ²(1 + Σ_{j<h} c_j²) with
 * c_j = α + β·φ_j + γ·[j mod m = 0], φ_j = φ + … + φ^j.
 *
 * @example
 * forecastEts(fit, 14).map((s) => s.mean)
 */
export function forecastEts(fit: EtsFit, horizon: number): EtsStep[] {
  const { alpha, beta, gamma, phi } = fit.params;
  const { level, trend, season } = fit.state;
  const m = fit.spec.seasonal ? fit.spec.period : 1;
  const out: EtsStep[] = [];
  let phiH = 0, sumC2 = 0, phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= phi;
    phiH += phiPow; // φ_h = φ + … + φ^h
    const s = fit.spec.seasonal ? season[(fit.n + h - 1) % m]! : 0;
    out.push({ mean: level + phiH * trend + s, variance: fit.sigma2 * (1 + sumC2) });
    // c_h enters the variance of step h+1.
    const c = alpha + beta * phiH + (fit.spec.seasonal && h % m === 0 ? gamma : 0);
    sumC2 += c * c;
  }
  return out;
}
