import type { RiskPriors } from './risk-priors.js';
import { poisson, uniform } from './rng.js';

/** Alerts observed for one scenario in one department over a window. */
export interface Observation { scenario: string; department: string; alerts: number; evidence: string[] }
/** A department and its headcount (the unit training and per-head costs scale with). */
export interface Department { name: string; headcount: number }

/** Summary of a Monte-Carlo distribution in US dollars a year. */
export interface Dist { mean: number; p5: number; p50: number; p95: number }

/** Inputs shared by {@link riskModel} and {@link adviseSpend}. */
export interface RiskInput {
  priors: RiskPriors;
  departments: Department[];
  observations: Observation[];
  /** Length of the observation window in days (alerts are annualised from it). */
  windowDays: number;
  iterations?: number;
  seed?: number;
}

/** Annualised loss exposure per scenario × department, as Monte-Carlo draws (one array per cell). */
interface Draws { cells: Array<{ scenario: string; department: string; ale: Float64Array }>; iterations: number }

const Z90 = 1.6448536269514722;

/**
 * FAIR-style simulation: for each iteration and each scenario × department, loss-event frequency =
 * (observed alerts a year × attempts per alert + unseen attempts per head a year × headcount) ×
 * success per attempt; the number of loss events is Poisson with that rate and each event's loss
 * is lognormal (from the prior's 90 % interval). Scenario parameters are drawn once per iteration
 * and shared by the departments (their uncertainty is common, not independent).
 */
function simulate(input: RiskInput): Draws {
  const it = input.iterations ?? 4000;
  const u = uniform(input.seed ?? 1);
  const normal = (g: () => number): number => Math.sqrt(-2 * Math.log(g() + 1e-300)) * Math.cos(2 * Math.PI * g());
  const logn = (r: { low: number; high: number }, g = u): number => Math.exp((Math.log(r.low) + Math.log(r.high)) / 2 + ((Math.log(r.high) - Math.log(r.low)) / (2 * Z90)) * normal(g));
  const unif = (r: { low: number; high: number }): number => r.low + (r.high - r.low) * u();
  const cells: Array<Draws['cells'][number] & { u: () => number }> = [];
  const obs = new Map(input.observations.map((o) => [`${o.scenario}\u0000${o.department}`, o.alerts]));
  for (const sc of Object.keys(input.priors.scenarios)) for (const d of input.departments) cells.push({ scenario: sc, department: d.name, ale: new Float64Array(it), u: uniform(hash(`${input.seed ?? 1}/${sc}/${d.name}`)) });
  const head = new Map(input.departments.map((d) => [d.name, d.headcount]));
  for (let i = 0; i < it; i++) {
    for (const [name, p] of Object.entries(input.priors.scenarios)) {
      const apa = logn(p.attemptsPerAlert), unseen = logn(p.unseenAttemptsPerHeadYear), success = unif(p.successPerAttempt);
      for (const c of cells) {
        if (c.scenario !== name) continue;
        const alertsYear = ((obs.get(`${name}\u0000${c.department}`) ?? 0) * 365) / input.windowDays;
        const lef = (alertsYear * apa + unseen * (head.get(c.department) ?? 0)) * success;
        // Each cell draws its events from its own stream, so one department's alerts never
        // reshuffle another's draws (common random numbers across scenarios of the input).
        let n = poisson(lef, c.u), loss = 0;
        while (n-- > 0) loss += logn(p.lossPerEvent, c.u);
        c.ale[i] = loss;
      }
    }
  }
  return { cells: cells.map(({ scenario, department, ale }) => ({ scenario, department, ale })), iterations: it };
}

/** FNV-1a of a string, for per-cell seeds. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function dist(a: Float64Array): Dist {
  const s = Float64Array.from(a).sort();
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { mean: s.reduce((x, v) => x + v, 0) / Math.max(s.length, 1), p5: q(0.05), p50: q(0.5), p95: q(0.95) };
}

/**
 * Annualised loss exposure per scenario and department, and in total, as Monte-Carlo ranges.
 *
 * @example
 * riskModel({ priors: DEFAULT_PRIORS, departments, observations, windowDays: 90 }).total.p95
 */
export function riskModel(input: RiskInput): { cells: Array<{ scenario: string; department: string; ale: Dist }>; scenarios: Array<{ scenario: string; label: string; ale: Dist }>; total: Dist; iterations: number } {
  const d = simulate(input);
  const total = new Float64Array(d.iterations);
  // Per-scenario totals are summed per iteration (a sum of percentiles is not a percentile).
  const per = new Map<string, Float64Array>();
  for (const c of d.cells) {
    let s = per.get(c.scenario);
    if (!s) per.set(c.scenario, (s = new Float64Array(d.iterations)));
    for (let i = 0; i < d.iterations; i++) { total[i]! += c.ale[i]!; s[i]! += c.ale[i]!; }
  }
  return {
    cells: d.cells.map((c) => ({ scenario: c.scenario, department: c.department, ale: dist(c.ale) })),
    scenarios: [...per].map(([scenario, a]) => ({ scenario, label: input.priors.scenarios[scenario]?.label ?? scenario, ale: dist(a) })),
    total: dist(total), iterations: d.iterations,
  };
}

/** One ranked piece of spend advice. */
export interface Advice {
  control: string;
  label: string;
  department: string | null;
  annualCost: number;
  /** Reduction in annualised loss exposure it buys, USD a year (Monte-Carlo range). */
  reduction: Dist;
  /** Mean reduction per dollar spent a year; the ranking key. */
  perDollar: number;
  /** The observations behind it: alerts in its scope and example alert ids. */
  evidence: { alerts: number; alertIds: string[] };
  source: string;
}

/**
 * Ranks candidate controls by expected reduction in annualised loss exposure per dollar a year.
 * A control's reduction in an iteration is its effectiveness (drawn from its range) times the
 * exposure of the cells it covers — frequency and magnitude cuts are both proportional, so the same
 * draws price every control (common random numbers keep the ranking stable).
 *
 * @example
 * adviseSpend({ priors: DEFAULT_PRIORS, departments, observations, windowDays: 90 })[0]!.label
 */
export function adviseSpend(input: RiskInput): Advice[] {
  const d = simulate(input);
  const u = uniform((input.seed ?? 1) + 7);
  const out: Advice[] = [];
  for (const c of input.priors.controls) {
    const scopes = c.perDepartment ? input.departments.map((x) => [x]) : [input.departments];
    for (const scope of scopes) {
      // Training "for unknown" with nobody in it cannot be bought: skip the roster's empty catch-all.
      if (c.perDepartment && scope[0]!.headcount === 0 && scope[0]!.name === 'unknown') continue;
      const names = new Set(scope.map((x) => x.name));
      const covered = d.cells.filter((x) => (c.scenario === '*' || x.scenario === c.scenario) && names.has(x.department));
      const red = new Float64Array(d.iterations);
      for (let i = 0; i < d.iterations; i++) {
        const eff = c.effectiveness.low + (c.effectiveness.high - c.effectiveness.low) * u();
        for (const x of covered) red[i]! += eff * x.ale[i]!;
      }
      const annualCost = c.annualCost.fixed + c.annualCost.perHead * scope.reduce((a, x) => a + x.headcount, 0);
      const obs = input.observations.filter((o) => (c.scenario === '*' || o.scenario === c.scenario) && names.has(o.department));
      const reduction = dist(red);
      out.push({
        control: c.perDepartment ? `${c.id}:${scope[0]!.name}` : c.id, label: c.perDepartment ? `${c.label} for ${scope[0]!.name}` : c.label,
        department: c.perDepartment ? scope[0]!.name : null, annualCost, reduction,
        perDollar: annualCost > 0 ? reduction.mean / annualCost : Number.POSITIVE_INFINITY,
        evidence: { alerts: obs.reduce((a, o) => a + o.alerts, 0), alertIds: obs.flatMap((o) => o.evidence).slice(0, 5) },
        source: c.source,
      });
    }
  }
  return out.sort((a, b) => b.perDollar - a.perDollar);
}

/**
 * The department an alert is about: the first of its people the roster places — user and account
 * entities before e-mail addresses, because a phishing alert names the (outside) sender as `email`
 * and the recipients as `user`. `unknown` when nobody is placed.
 *
 * @example
 * departmentOfAlert({ entities: [{ type: 'email', id: 'x@evil.example' }, { type: 'user', id: 'rad1@h.org' }] }, lookup) // 'radiology'
 */
export function departmentOfAlert(a: { entities: Array<{ type: string; id: string }> }, departmentOf: (user: string) => string | undefined): string {
  for (const type of ['user', 'account', 'email']) {
    for (const e of a.entities) {
      if (e.type !== type) continue;
      const d = departmentOf(e.id);
      if (d) return d;
    }
  }
  return 'unknown';
}

/**
 * Groups alerts into observations by scenario (detector prefix → scenario from the priors) and the
 * department of the user they name (`departmentOf`, e.g. from the staff roster; else `unknown`).
 *
 * @example
 * observationsFromAlerts(alerts, (u) => roster.get(u)?.department, DEFAULT_PRIORS)
 */
export function observationsFromAlerts(alerts: Array<{ id: string; detector: string; entities: Array<{ type: string; id: string }> }>, departmentOf: (user: string) => string | undefined, priors: RiskPriors): Observation[] {
  const prefixes = Object.entries(priors.detectorScenario).sort((a, b) => b[0].length - a[0].length);
  const acc = new Map<string, Observation>();
  for (const a of alerts) {
    const scenario = prefixes.find(([p]) => a.detector === p || a.detector.startsWith(p))?.[1];
    if (!scenario) continue;
    const department = departmentOfAlert(a, departmentOf);
    const key = `${scenario}\u0000${department}`;
    let o = acc.get(key);
    if (!o) acc.set(key, (o = { scenario, department, alerts: 0, evidence: [] }));
    o.alerts++;
    if (o.evidence.length < 5) o.evidence.push(a.id);
  }
  return [...acc.values()];
}
