import type { Alert, Severity } from '../../core/alert.js';
import { describeChange, detectChanges } from '../changepoint.js';
import { forecastSeries, type SeriesForecast } from '../forecast.js';
import { adviseSpend, departmentOfAlert, observationsFromAlerts, riskModel, type Advice, type Department, type Dist } from '../risk.js';
import type { RiskPriors } from '../risk-priors.js';
import { extractSeries, type AlertCountSource } from '../series.js';
import { previousQuarter, quarterOf, type Quarter } from './quarter.js';

const DAY = 86_400_000;
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

/** The fields of an alert the board report reads; titles and explanations never enter it (they can name people). */
export type BoardAlert = Pick<Alert, 'id' | 'time' | 'severity' | 'detector' | 'techniques' | 'entities'>;

/** What {@link buildBoardReport} needs; the CLI and the API fill it from the stores. */
export interface BoardInput {
  quarter: Quarter;
  /** Wall clock: a quarter still in progress is reported up to the last whole day. */
  now: number;
  /** Alerts of the quarter and of the one before (any order). */
  alerts: BoardAlert[];
  previousAlerts: BoardAlert[];
  /** Daily counts for the forecast and change points (the whole history up to the end of the period). */
  series: AlertCountSource;
  tacticOf: (technique: string) => string;
  departments: Department[];
  departmentOf: (user: string) => string | undefined;
  priors: RiskPriors;
  iterations?: number;
  seed?: number;
  /** Caveats from whoever gathered the input (no roster, …). */
  notes?: string[];
}

/** A count this quarter beside the previous one, per day so a quarter in progress compares fairly. */
export interface Compared { key: string; count: number; previous: number; perDay: number; previousPerDay: number | null }

/** The board report as data; `renderBoardHtml` turns it into pages, `--json` prints it as is. */
export interface BoardReport {
  quarter: string;
  generated: string;
  period: { from: string; to: string; through: string; days: number; daysCovered: number; complete: boolean };
  previous: { quarter: string; from: string; to: string; daysCovered: number };
  alerts: {
    total: number; perDay: number; previousTotal: number; previousPerDay: number | null;
    /** perDay / previousPerDay − 1, or null without a previous quarter to compare with. */
    change: number | null;
    bySeverity: Record<Severity, { count: number; previous: number }>;
  };
  byTactic: Compared[];
  byDetector: Compared[];
  byDepartment: Array<{ key: string; count: number }>;
  /** Alerts per day from the start of the previous quarter (or of monitoring) to the end of the period. */
  daily: { start: string; values: number[] };
  changes: Array<{ series: string; since: string; before: number; after: number; ratio: number; text: string }>;
  /** Daily forecast to the end of the next quarter, from the whole daily history. */
  forecast: Pick<SeriesForecast, 'model' | 'points' | 'backtest' | 'notes' | 'history'> & {
    /** Expected alerts (sum of the daily means) for the rest of this quarter and for the next. */
    restOfQuarter: number | null; nextQuarter: { quarter: string; expected: number; perDayLo80: number; perDayHi80: number } | null;
  };
  risk: { total: Dist; scenarios: Array<{ scenario: string; label: string; ale: Dist }>; iterations: number; windowDays: number };
  advice: Advice[];
  sources: Array<{ what: string; source: string }>;
  summary: string[];
  notes: string[];
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Builds the quarterly board report: volumes against the previous quarter by severity, ATT&CK
 * tactic, detector and department; the changes that explain them; the forecast to the end of the
 * next quarter with its back-tested error; annualised loss exposure as Monte-Carlo ranges; and the
 * ranked spend advice — plus a plain-language summary. Aggregates only: no alert titles, entity
 * names or patient identifiers are copied in.
 *
 * @example
 * buildBoardReport({ quarter: parseQuarter('2026Q4')!, now: Date.now(), alerts, previousAlerts, series, tacticOf, departments, departmentOf, priors: DEFAULT_PRIORS })
 */
export function buildBoardReport(input: BoardInput): BoardReport {
  const q = input.quarter, prev = previousQuarter(q), next = quarterOf(q.year, q.q + 1);
  const today = Math.floor(input.now / DAY) * DAY;
  if (today <= q.from) throw new RangeError(`${q.label} has no whole day yet (it starts ${iso(q.from)})`);
  const end = Math.min(q.to, today);
  const span = input.series.span();
  const first = span ? Math.floor(span.first / DAY) * DAY : end;
  const start = Math.max(q.from, first);
  const daysCovered = Math.max(1, Math.round((end - start) / DAY));
  const prevStart = Math.max(prev.from, first);
  const prevDays = Math.max(0, Math.round((prev.to - prevStart) / DAY));
  const notes = [...(input.notes ?? [])];
  if (end < q.to) notes.push(`${q.label} is still in progress: figures cover ${iso(start)} to ${iso(end - DAY)} (${daysCovered} of ${q.days} days), compared per day with ${prev.label}`);
  if (start > q.from) notes.push(`monitoring began on ${iso(start)}: the quarter before that is not covered`);
  if (prevDays > 0 && prevStart > prev.from) notes.push(`${prev.label} is covered only from ${iso(prevStart)} (${prevDays} days)`);

  const cur = input.alerts.filter((a) => { const t = Date.parse(a.time); return t >= start && t < end; });
  const old = input.previousAlerts.filter((a) => { const t = Date.parse(a.time); return t >= prevStart && t < prev.to; });
  const perDay = cur.length / daysCovered, previousPerDay = prevDays > 0 ? old.length / prevDays : null;
  const compare = (key: (a: BoardAlert) => string[]): Compared[] => {
    const c = countBy(cur, key), p = countBy(old, key);
    return [...new Set([...c.keys(), ...p.keys()])].map((k) => ({
      key: k, count: c.get(k) ?? 0, previous: p.get(k) ?? 0, perDay: (c.get(k) ?? 0) / daysCovered, previousPerDay: prevDays > 0 ? (p.get(k) ?? 0) / prevDays : null,
    })).sort((a, b) => b.count - a.count || b.previous - a.previous || a.key.localeCompare(b.key));
  };
  const tactics = (a: BoardAlert): string[] => {
    const t = [...new Set((a.techniques ?? []).map(input.tacticOf))];
    return t.length ? t : ['(no ATT&CK technique)'];
  };
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { count: cur.filter((a) => a.severity === s).length, previous: old.filter((a) => a.severity === s).length }])) as BoardReport['alerts']['bySeverity'];
  // Daily counts over both quarters, for the chart.
  const chartStart = Math.min(prevStart, start), chartDays = Math.round((end - chartStart) / DAY);
  const daily = new Array<number>(chartDays).fill(0);
  for (const a of [...old, ...cur]) { const i = Math.floor((Date.parse(a.time) - chartStart) / DAY); if (i >= 0 && i < chartDays) daily[i]!++; }

  // Forecast and change points read the whole daily history up to the end of the period.
  const all = extractSeries(input.series, { split: 'all', granularity: 'day', to: end, now: input.now })[0];
  const detectors = extractSeries(input.series, { split: 'detector', granularity: 'day', to: end, now: input.now }).slice(0, 6);
  const changes: BoardReport['changes'] = [];
  for (const s of all ? [all, ...detectors] : []) {
    for (const c of detectChanges(s)) {
      const at = s.start + c.index * DAY;
      if (at >= prevStart && at < end) changes.push({ series: s.split === 'all' ? 'all alerts' : s.key, since: c.since, before: c.before, after: c.after, ratio: c.ratio, text: describeChange(c, s.split === 'all' ? 'all' : s.key, 'day') });
    }
  }
  const horizon = Math.round((next.to - end) / DAY);
  const f = all ? forecastSeries(all, { horizon }) : undefined;
  const restDays = Math.round((q.to - end) / DAY);
  const nextPts = f?.points.slice(restDays) ?? [];
  const forecast: BoardReport['forecast'] = {
    model: f?.model ?? null, points: f?.points ?? [], backtest: f?.backtest ?? null, notes: f?.notes ?? ['no alerts in the store'],
    history: f?.history ?? { from: '', to: '', buckets: 0, total: 0 },
    restOfQuarter: f?.model && restDays > 0 ? sum(f.points.slice(0, restDays).map((p) => p.mean)) : null,
    nextQuarter: f?.model && nextPts.length ? { quarter: next.label, expected: sum(nextPts.map((p) => p.mean)), perDayLo80: mean(nextPts.map((p) => p.lo80)), perDayHi80: mean(nextPts.map((p) => p.hi80)) } : null,
  };

  const observations = observationsFromAlerts(cur, input.departmentOf, input.priors);
  const riskIn = { priors: input.priors, departments: input.departments, observations, windowDays: daysCovered, iterations: input.iterations ?? 4000, seed: input.seed ?? 1 };
  const r = riskModel(riskIn);
  const advice = adviseSpend(riskIn);
  const report: BoardReport = {
    quarter: q.label, generated: new Date(input.now).toISOString(),
    period: { from: iso(q.from), to: iso(q.to - DAY), through: iso(end - DAY), days: q.days, daysCovered, complete: end >= q.to },
    previous: { quarter: prev.label, from: iso(prev.from), to: iso(prev.to - DAY), daysCovered: prevDays },
    alerts: { total: cur.length, perDay, previousTotal: old.length, previousPerDay, change: previousPerDay ? perDay / previousPerDay - 1 : null, bySeverity },
    byTactic: compare(tactics).slice(0, 8),
    byDetector: compare((a) => [a.detector]).slice(0, 8),
    byDepartment: [...countBy(cur, (a) => [departmentOfAlert(a, input.departmentOf)])].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
    daily: { start: iso(chartStart), values: daily },
    changes,
    forecast,
    risk: { total: r.total, scenarios: r.scenarios.sort((a, b) => b.ale.mean - a.ale.mean), iterations: r.iterations, windowDays: daysCovered },
    advice,
    sources: [
      ...Object.values(input.priors.scenarios).map((s) => ({ what: s.label, source: s.source })),
      ...input.priors.controls.map((c) => ({ what: c.label, source: c.source })),
    ],
    summary: [],
    notes,
  };
  report.summary = summarise(report);
  return report;
}

function countBy(alerts: BoardAlert[], key: (a: BoardAlert) => string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of alerts) for (const k of key(a)) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);
const mean = (a: number[]): number => (a.length ? sum(a) / a.length : 0);

/**
 * Money in words a board reads: $1.2M, $350k, $900.
 *
 * @example
 * usd(1_234_567) // '$1.2M'
 */
export const usd = (v: number): string => (v >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `$${(v / 1e3).toFixed(0)}k` : `$${v.toFixed(0)}`);
const pct = (v: number): string => `${Math.abs(v * 100).toFixed(0)} %`;
const num = (v: number): string => (v >= 10 ? v.toFixed(0) : v.toFixed(1));

/** The one-page plain-language summary, sentence by sentence, from the report's figures. */
export function summarise(r: BoardReport): string[] {
  const out: string[] = [];
  const a = r.alerts;
  const when = r.period.complete ? `In ${r.quarter}` : `So far in ${r.quarter} (to ${r.period.through})`;
  const hc = a.bySeverity.critical.count + a.bySeverity.high.count;
  let vol = `${when} Wardwatch raised ${a.total.toLocaleString('en-US')} alerts, about ${num(a.perDay)} a day; ${hc} were high or critical.`;
  if (a.change !== null && a.previousPerDay !== null) {
    vol += Math.abs(a.change) < 0.05 ? ` That is about the same rate as ${r.previous.quarter}.`
      : ` That is ${pct(a.change)} ${a.change > 0 ? 'more' : 'fewer'} per day than in ${r.previous.quarter} (${num(a.previousPerDay)} a day).`;
  }
  out.push(vol);
  const top = r.byTactic.filter((t) => t.count > 0).slice(0, 2);
  if (top.length) out.push(`Most alerts were ${top.map((t) => `${t.key.toLowerCase()} (${t.count})`).join(' and ')}.`);
  // The largest changes this quarter, by how far the rate moved either way.
  const inQuarter = r.changes.filter((c) => c.since >= r.period.from).sort((x, y) => Math.abs(Math.log(y.ratio || 1e-9)) - Math.abs(Math.log(x.ratio || 1e-9)));
  if (inQuarter.length) out.push(`What changed: ${inQuarter.slice(0, 3).map((c) => c.text).join('; ')}.`);
  const dept = r.byDepartment.filter((d) => d.key !== 'unknown')[0];
  if (dept) out.push(`The department named in the most alerts was ${dept.key} (${dept.count}).`);
  const f = r.forecast;
  if (f.nextQuarter) {
    const e = f.backtest?.ets.mae, naive = f.backtest?.seasonalNaive.mae;
    const vs = typeof e === 'number' && typeof naive === 'number' && naive > 0
      ? `; tested on this history, its daily errors were ${e <= naive ? `${pct(1 - e / naive)} smaller` : `${pct(e / naive - 1)} larger`} than simply repeating the week before`
      : '';
    out.push(`We expect about ${Math.round(f.nextQuarter.expected).toLocaleString('en-US')} alerts in ${f.nextQuarter.quarter} (a typical day between ${num(f.nextQuarter.perDayLo80)} and ${num(f.nextQuarter.perDayHi80)}, 80 % range)${vs}.`);
  } else out.push(`There is not yet enough history for a reliable forecast (${f.notes[0] ?? 'no model'}).`);
  out.push(`Estimated yearly loss exposure from phishing, account takeover and EHR misuse: ${usd(r.risk.total.p50)} as a middle estimate, ${usd(r.risk.total.p5)} to ${usd(r.risk.total.p95)} as a 90 % range. These are estimates from stated assumptions, for comparing options, not accounting figures.`);
  const best = r.advice.slice(0, 3);
  if (best.length) {
    out.push(`Best value for the next security dollar: ${best.map((x, i) => `${i + 1}. ${x.label} (${usd(x.annualCost)} a year, cuts expected loss by about ${usd(x.reduction.mean)})`).join('; ')}.`);
  }
  return out;
}
