import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { adviseSpend, DEFAULT_PRIORS, observationsFromAlerts, riskModel, riskPriorsSchema, type Advice, type RiskPriors } from '../analytics/index.js';
import { rosterOf } from '../analytics/board/index.js';
import type { Alert } from '../core/alert.js';
import { WardError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { ContextStore, SqliteStore } from '../store/sqlite/index.js';
import { action, loadFor, table, withCommon, type CommonOptions } from './common.js';

interface AdviseOptions extends CommonOptions { days: string; priors?: string; iterations: string; staff?: string }

/** Reads and validates a priors file (YAML or JSON), naming the bad key. */
export function loadPriors(file: string | undefined): RiskPriors {
  if (!file) return DEFAULT_PRIORS;
  let raw: unknown;
  try { raw = parseYaml(readFileSync(file, 'utf8')); } catch (err) { throw new WardError('request.invalid', `cannot read priors: ${(err as Error).message}`, file); }
  const r = riskPriorsSchema.safeParse(raw);
  if (!r.success) { const i = r.error.issues[0]!; throw new WardError('request.invalid', `${i.path.join('.')}: ${i.message}`, file); }
  return r.data;
}

/** Alerts with `ts` in the last `days` days before the newest alert (paged through the store interface). */
function recentAlerts(store: Store, days: number): { alerts: Alert[]; from: string; to: string } {
  const newest = store.listAlerts({ limit: 1 }).items[0];
  if (!newest) return { alerts: [], from: '', to: '' };
  const to = new Date(Date.parse(newest.time) + 1).toISOString(), from = new Date(Date.parse(to) - days * 86_400_000).toISOString();
  const alerts: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = store.listAlerts({ from, to, limit: 1000, ...(cursor ? { cursor } : {}) });
    alerts.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return { alerts, from, to };
}

/**
 * `wardwatch advise`: FAIR-style annualised loss exposure from the last N days of alerts and a
 * ranked list of controls by risk reduction per dollar, with the evidence behind each.
 *
 * @example
 * program.addCommand(adviseCommand()); // wardwatch advise --days 90 --json
 */
export function adviseCommand(): Command {
  return withCommon(new Command('advise'))
    .description('estimate annual loss exposure (Monte-Carlo, FAIR-style) from observed alerts and rank security spending by risk reduction per dollar')
    .option('--days <n>', 'alerts from this many days before the newest one', '90')
    .option('--priors <file>', 'YAML/JSON priors replacing the defaults (scenarios, losses, controls, costs; see docs/analytics.md)')
    .option('--iterations <n>', 'Monte-Carlo iterations', '5000')
    .option('--staff <n>', 'headcount to assume when no staff roster is loaded')
    .addHelpText('after', '\nDepartments and headcounts come from the staff roster (wardwatch context load). Every figure is a range from\nstated priors (docs/analytics.md), not a measured loss.\n')
    .action(action(async (opts: AdviseOptions) => {
      const days = Number(opts.days), iterations = Number(opts.iterations);
      if (!Number.isInteger(days) || days < 7) throw new WardError('request.invalid', 'expected a whole number of days, at least 7', '--days');
      if (!Number.isInteger(iterations) || iterations < 100 || iterations > 200_000) throw new WardError('request.invalid', 'expected 100..200000', '--iterations');
      const priors = loadPriors(opts.priors);
      const { dataDir } = loadFor(opts);
      const store = SqliteStore.open(dataDir);
      const ctx = ContextStore.open(dataDir);
      try {
        const { alerts, from, to } = recentAlerts(store, days);
        const staff = Number(opts.staff ?? 0);
        const { departments, departmentOf, notes } = rosterOf(ctx, Number.isFinite(staff) ? staff : 0);
        const observations = observationsFromAlerts(alerts, departmentOf, priors);
        const input = { priors, departments, observations, windowDays: days, iterations };
        const risk = riskModel(input);
        const advice = adviseSpend(input);
        if (opts.json) process.stdout.write(`${JSON.stringify({ window: { from, to, days, alerts: alerts.length }, currency: priors.currency, risk, advice, notes })}\n`);
        else process.stdout.write(render(risk.total, advice, notes, alerts.length, days));
      } finally {
        ctx.close();
        store.close();
      }
    }));
}

const usd = (v: number): string => (v >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `$${(v / 1e3).toFixed(0)}k` : `$${v.toFixed(0)}`);

function render(total: { p5: number; p50: number; p95: number }, advice: Advice[], notes: string[], alerts: number, days: number): string {
  const lines = [`${alerts} alerts in the last ${days} days.`, `Annualised loss exposure: ${usd(total.p50)} median (90 % range ${usd(total.p5)} – ${usd(total.p95)}).`, ...notes.map((n) => `note: ${n}`), ''];
  lines.push(table(advice.map((a, i) => [String(i + 1), a.label, usd(a.annualCost), `${usd(a.reduction.mean)} (${usd(a.reduction.p5)} – ${usd(a.reduction.p95)})`, a.perDollar.toFixed(1), String(a.evidence.alerts)]),
    ['#', 'control', 'cost/yr', 'risk reduction/yr (90 %)', 'per $', 'alerts']));
  return `${lines.join('\n')}\n`;
}
