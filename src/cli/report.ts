import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { alertsBetween, buildBoardReport, parseQuarter, previousQuarter, quarterAt, renderBoardHtml, rosterOf, usd, type BoardReport } from '../analytics/board/index.js';
import { technique } from '../api/attack.js';
import { WardError } from '../core/errors.js';
import { ContextStore } from '../store/sqlite/index.js';
import { AlertSeriesQueries } from '../store/sqlite/series.js';
import { loadPriors } from './advise.js';
import { action, loadFor, openExistingStore, withCommon, type CommonOptions } from './common.js';
import { htmlToPdf } from './pdf.js';
import { hipaaReportCommand } from './report-hipaa.js';

interface BoardOptions extends CommonOptions { quarter?: string; pdf?: string; html?: string; priors?: string; iterations: string; staff?: string; organisation?: string }

/**
 * Gathers the quarter's alerts, the roster and the priors from a data directory and builds the report.
 *
 * @example
 * boardReportFor('./data', { quarter: '2026Q4', iterations: '4000' })
 */
export function boardReportFor(dataDir: string, opts: Pick<BoardOptions, 'quarter' | 'priors' | 'iterations' | 'staff'>, now = Date.now(), progress?: (l: string) => void): BoardReport {
  const q = opts.quarter ? parseQuarter(opts.quarter) : quarterAt(now);
  if (!q) throw new WardError('request.invalid', `expected a quarter like 2026Q4, got "${opts.quarter}"`, '--quarter');
  if (q.from >= Math.floor(now / 86_400_000) * 86_400_000) throw new WardError('request.invalid', `${q.label} has not started yet (it starts ${new Date(q.from).toISOString().slice(0, 10)})`, '--quarter');
  const iterations = Number(opts.iterations);
  if (!Number.isInteger(iterations) || iterations < 100 || iterations > 200_000) throw new WardError('request.invalid', 'expected 100..200000', '--iterations');
  const staff = Number(opts.staff ?? 0);
  if (!Number.isInteger(staff) || staff < 0) throw new WardError('request.invalid', 'expected a whole number of staff', '--staff');
  const priors = loadPriors(opts.priors);
  const store = openExistingStore(dataDir);
  const ctx = ContextStore.open(dataDir);
  try {
    progress?.(`reading ${q.label} and ${previousQuarter(q).label} alerts`);
    const list = (x: Parameters<typeof store.listAlerts>[0]) => store.listAlerts(x);
    const alerts = alertsBetween(list, q.from, q.to), previousAlerts = alertsBetween(list, previousQuarter(q).from, q.from);
    const roster = rosterOf(ctx, staff);
    progress?.(`forecasting, back-testing and simulating ${iterations} years of losses`);
    return buildBoardReport({
      quarter: q, now, alerts, previousAlerts, series: new AlertSeriesQueries(store.db), tacticOf: (t) => technique(t).tactic,
      departments: roster.departments, departmentOf: roster.departmentOf, priors, iterations, notes: roster.notes,
    });
  } finally {
    ctx.close();
    store.close();
  }
}

/**
 * `wardwatch report board`: the quarterly board report — a one-page plain-language summary, trends
 * with charts, the forecast, loss-exposure ranges and ranked spend advice — as HTML, PDF or JSON.
 *
 * @example
 * program.addCommand(reportCommand()); // wardwatch report board --quarter 2026Q4 --pdf board.pdf
 */
export function reportCommand(): Command {
  const board = withCommon(new Command('board'))
    .description('quarterly board report: plain-language summary, trends, forecast, risk ranges and spend advice (HTML, PDF via headless Chromium, or JSON)')
    .option('--quarter <q>', 'calendar quarter (UTC), e.g. 2026Q4; default: the current one, to the last whole day')
    .option('--pdf <file>', 'write the report as PDF (needs Chromium; WARDWATCH_CHROMIUM overrides the path)')
    .option('--html <file>', 'write the report as one self-contained HTML file')
    .option('--priors <file>', 'YAML/JSON risk priors replacing the defaults (see docs/analytics.md)')
    .option('--iterations <n>', 'Monte-Carlo iterations', '4000')
    .option('--staff <n>', 'headcount to assume when no staff roster is loaded')
    .option('--organisation <name>', 'name printed under the title')
    .addHelpText('after', `
Without --pdf or --html the summary is printed. Figures are counts and categories only (no patient or
staff identities). A quarter still in progress is reported to the last whole day and compared per day.
Examples:
  wardwatch report board --quarter 2026Q4 --pdf board-2026Q4.pdf
  wardwatch report board --quarter 2026Q4 --html board.html --json > board.json
`)
    .action(action(async (opts: BoardOptions) => {
      const { dataDir } = loadFor(opts);
      const progress = (l: string): void => { process.stderr.write(`${l}\n`); };
      const report = boardReportFor(dataDir, opts, Date.now(), progress);
      const written: string[] = [];
      if (opts.html || opts.pdf) {
        const html = renderBoardHtml(report, opts.organisation ? { organisation: opts.organisation } : {});
        if (opts.html) { writeFileSync(opts.html, html, { mode: 0o600 }); written.push(opts.html); }
        if (opts.pdf) { progress(`printing ${opts.pdf} with headless Chromium`); htmlToPdf(html, opts.pdf); written.push(opts.pdf); }
      }
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, written })}\n`);
      else {
        const lines = [`Board report ${report.quarter} (${report.period.from} .. ${report.period.through})`, '', ...report.summary, ''];
        lines.push(`Loss exposure a year: ${usd(report.risk.total.p50)} (90 % ${usd(report.risk.total.p5)} – ${usd(report.risk.total.p95)})`);
        for (const n of report.notes) lines.push(`note: ${n}`);
        for (const w of written) lines.push(`wrote ${w}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }));
  return new Command('report').description('reports for people outside the SOC').addCommand(board).addCommand(hipaaReportCommand());
}
