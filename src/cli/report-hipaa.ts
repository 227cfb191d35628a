import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { buildHipaaReport, renderHipaaHtml, type HipaaReport } from '../compliance/index.js';
import { WardError } from '../core/errors.js';
import { ContextStore } from '../store/sqlite/index.js';
import { action, loadFor, openExistingStore, withCommon, type CommonOptions } from './common.js';
import { htmlToPdf } from './pdf.js';

interface HipaaOptions extends CommonOptions { from?: string; to?: string; pdf?: string; html?: string; organisation?: string; snapshot: boolean }

const DAY = 86_400_000;

/**
 * Reads a period bound: `YYYY-MM-DD` (UTC midnight; for `--to`, the end of that day, so the day is
 * included) or a full ISO time (taken as is).
 *
 * @example
 * periodBound('2026-01-18', 'to') // Date.parse('2026-01-19T00:00:00Z')
 */
export function periodBound(v: string, which: 'from' | 'to'): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const t = Date.parse(dateOnly ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(t)) throw new WardError('request.invalid', `expected a date (YYYY-MM-DD) or an ISO time, got "${v}"`, `--${which}`);
  return dateOnly && which === 'to' ? t + DAY : t;
}

/**
 * Evaluates the control catalogues over a data directory for a period, stores the status snapshot
 * (unless `snapshot` is false) and returns the report.
 *
 * @example
 * hipaaReportFor('./data', Date.parse('2026-01-01'), Date.parse('2026-02-01'))
 */
export function hipaaReportFor(dataDir: string, from: number, to: number, o: { snapshot?: boolean } = {}): HipaaReport {
  const store = openExistingStore(dataDir);
  // The roster is optional: without context.db the roster measures say "not measured".
  const ctx = existsSync(join(dataDir, 'context.db')) ? ContextStore.open(dataDir) : undefined;
  try {
    return buildHipaaReport(store.db, ctx?.db, from, to, { snapshot: o.snapshot ?? true, dataDir });
  } finally {
    ctx?.close();
    store.close();
  }
}

/** `wardwatch report hipaa`: HIPAA/CPG/HICP control evidence for auditors, as HTML, PDF or JSON. */
export function hipaaReportCommand(): Command {
  return withCommon(new Command('hipaa'))
    .description('HIPAA Security Rule control evidence for an auditor: status per control (HIPAA, HPH CPGs, 405(d) HICP) from automated evidence and attestations, ranked gaps, charts, SHA-256 of the content (HTML, PDF via headless Chromium, or JSON)')
    .option('--from <date>', 'period start, YYYY-MM-DD or ISO time (default: 30 days before --to)')
    .option('--to <date>', 'period end: a YYYY-MM-DD day is included; an ISO time is exclusive (default: the start of today, UTC)')
    .option('--pdf <file>', 'write the report as PDF (needs Chromium; WARDWATCH_CHROMIUM overrides the path)')
    .option('--html <file>', 'write the report as one self-contained HTML file')
    .option('--organisation <name>', 'name printed under the title')
    .option('--no-snapshot', 'do not record this run in the status history of each control')
    .addHelpText('after', `
Without --pdf, --html or --json a summary is printed. Each run records every control's status (the
history and trend charts read these snapshots) unless --no-snapshot. Evidence lists counts and ids
(event, alert, roster ids), never patient data. Attestations are added in the console or with
POST /api/compliance/attestations.
Examples:
  wardwatch report hipaa --from 2026-01-01 --to 2026-03-31 --pdf hipaa-q1.pdf --html hipaa-q1.html
  wardwatch report hipaa --json > hipaa.json
`)
    .action(action(async (opts: HipaaOptions) => {
      const { dataDir } = loadFor(opts);
      const progress = (l: string): void => { process.stderr.write(`${l}\n`); };
      const to = opts.to ? periodBound(opts.to, 'to') : Math.floor(Date.now() / DAY) * DAY;
      const from = opts.from ? periodBound(opts.from, 'from') : to - 30 * DAY;
      if (from >= to) throw new WardError('request.invalid', '--from must be before --to', '--from');
      progress(`evaluating controls for ${new Date(from).toISOString().slice(0, 10)} .. ${new Date(to - 1).toISOString().slice(0, 10)}`);
      const report = hipaaReportFor(dataDir, from, to, { snapshot: opts.snapshot });
      const written: string[] = [];
      let sha256: string | null = null;
      if (opts.html || opts.pdf) {
        const r = renderHipaaHtml(report, opts.organisation ? { organisation: opts.organisation } : {});
        sha256 = r.sha256;
        if (opts.html) { writeFileSync(opts.html, r.html, { mode: 0o600 }); written.push(opts.html); }
        if (opts.pdf) { progress(`printing ${opts.pdf} with headless Chromium`); htmlToPdf(r.html, opts.pdf); written.push(opts.pdf); }
      }
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, sha256, written })}\n`);
      else {
        const c = report.coverage;
        const lines = [`HIPAA control evidence ${report.period.from.slice(0, 10)} .. ${report.period.to.slice(0, 10)} (Wardwatch ${report.version})`, ''];
        for (const [f, counts] of Object.entries(report.statusCounts)) lines.push(`${f.padEnd(6)} ${Object.entries(counts).filter(([, n]) => n).map(([s, n]) => `${s.replace('_', ' ')} ${n}`).join(', ')}`);
        lines.push('', `automated evidence: ${c.mapped}/${c.controls} controls mapped, ${c.measured}/${c.controls} measured on this period`, '', 'top gaps:');
        for (const g of report.gaps.filter((x) => x.status !== 'not_measured').slice(0, 8)) lines.push(`  ${g.status.padEnd(20)} ${g.citation}  ${g.title}`);
        if (sha256) lines.push('', `content SHA-256 ${sha256}`);
        for (const w of written) lines.push(`wrote ${w}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }));
}
