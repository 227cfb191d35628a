/** Result of a Nelder–Mead minimisation. */
export interface MinimiseResult {
  x: number[];
  value: number;
  evaluations: number;
}

/**
 * Minimises `f` over R^n by the Nelder–Mead simplex (standard coefficients 1, 2, 0.5, 0.5), with
 * restarts around the best point, since a single simplex can collapse early on ridged likelihoods.
 * Bounded parameters are handled by the caller through a smooth transform (e.g. logistic).
 *
 * @example
 * minimise(([a, b]) => (a! - 1) ** 2 + (b! + 2) ** 2, [0, 0]).x // ≈ [1, -2]
 */
export function minimise(f: (x: number[]) => number, start: number[], opts: { step?: number; tol?: number; maxEvals?: number; restarts?: number } = {}): MinimiseResult {
  const step = opts.step ?? 0.5, tol = opts.tol ?? 1e-8, maxEvals = opts.maxEvals ?? 4000;
  let evaluations = 0;
  const g = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let best = { x: start.slice(), value: g(start) };
  for (let r = 0; r <= (opts.restarts ?? 2); r++) {
    const res = simplex(g, best.x, step / (r + 1), tol, () => evaluations < maxEvals);
    const improved = res.value < best.value - tol * (Math.abs(best.value) + tol);
    if (res.value <= best.value) best = res;
    if (!improved && r > 0) break;
  }
  return { ...best, evaluations };
}

function simplex(g: (x: number[]) => number, x0: number[], step: number, tol: number, budget: () => boolean): { x: number[]; value: number } {
  const n = x0.length;
  const pts: Array<{ x: number[]; v: number }> = [{ x: x0.slice(), v: g(x0) }];
  for (let i = 0; i < n; i++) {
    const x = x0.slice();
    x[i] = x[i]! + step;
    pts.push({ x, v: g(x) });
  }
  const comb = (a: number[], b: number[], t: number): number[] => a.map((ai, i) => ai + t * (b[i]! - ai));
  while (budget()) {
    pts.sort((a, b) => a.v - b.v);
    const lo = pts[0]!, hi = pts[n]!;
    if (Math.abs(hi.v - lo.v) <= tol * (Math.abs(lo.v) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += pts[i]!.x[j]! / n;
    const xr = comb(centroid, hi.x, -1), vr = g(xr);
    if (vr < lo.v) {
      const xe = comb(centroid, hi.x, -2), ve = g(xe);
      pts[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < pts[n - 1]!.v) {
      pts[n] = { x: xr, v: vr };
    } else {
      const xc = vr < hi.v ? comb(centroid, xr, 0.5) : comb(centroid, hi.x, 0.5), vc = g(xc);
      if (vc < Math.min(vr, hi.v)) pts[n] = { x: xc, v: vc };
      else for (let i = 1; i <= n; i++) { const x = comb(lo.x, pts[i]!.x, 0.5); pts[i] = { x, v: g(x) }; }
    }
  }
  pts.sort((a, b) => a.v - b.v);
  return { x: pts[0]!.x, value: pts[0]!.v };
}
