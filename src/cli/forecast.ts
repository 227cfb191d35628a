import { Command, Option } from 'commander';
import { describeChange, detectChanges, extractSeries, forecastSeries, seasonalProfile, BUCKET_MS, type AlertCountSource, type CountSeries, type Granularity, type SeasonalProfile, type SeriesForecast, type SeriesSplit } from '../analytics/index.js';
import { technique } from '../api/attack.js';
import { WardError } from '../core/errors.js';
import type { Transform } from '../ml/ets/index.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { AlertSeriesQueries } from '../store/sqlite/series.js';
import { action, loadFor, table, withCommon, type CommonOptions } from './common.js';

interface ForecastOptions extends CommonOptions {
  series?: string;
  by: string;
  horizon: string;
  granularity?: string;
  transform: string;
  top: string;
  backtest: boolean;
}

const SPLITS: SeriesSplit[] = ['all', 'detector', 'severity', 'technique', 'tactic'];

/** One analysed series: forecast, back-test, change points (with their sentence) and profiles. */
export interface ForecastReport extends SeriesForecast {
  changes: Array<ReturnType<typeof detectChanges>[number] & { text: string }>;
  profile: SeasonalProfile;
}

/**
 * Parses `14d`, `48h` or a bare number of buckets into a granularity and a number of buckets.
 *
 * @example
 * parseHorizon('14d') // { granularity: 'day', buckets: 14 }
 */
export function parseHorizon(h: string, granularity?: Granularity): { granularity: Granularity; buckets: number } {
  const m = /^(\d+)([dh]?)$/.exec(h.trim());
  if (!m || Number(m[1]) < 1) throw new WardError('request.invalid', `expected a horizon like 14d or 48h, got "${h}"`, '--horizon');
  const unit: Granularity | undefined = m[2] === 'd' ? 'day' : m[2] === 'h' ? 'hour' : undefined;
  const g = granularity ?? unit ?? 'day';
  const ms = Number(m[1]) * (unit ? BUCKET_MS[unit] : BUCKET_MS[g]);
  const buckets = Math.ceil(ms / BUCKET_MS[g]);
  if (buckets > (g === 'day' ? 366 : 24 * 31)) throw new WardError('request.invalid', `horizon ${h} is too far ahead for ${g}ly data`, '--horizon');
  return { granularity: g, buckets };
}

/**
 * Selects the series (`--series NAME`, else the `--top` largest of the `--by` split), forecasts each
 * and adds change points and profiles.
 *
 * @example
 * runForecast(new AlertSeriesQueries(db), { by: 'detector', horizon: '14d', transform: 'sqrt', top: '5', backtest: true })
 */
export function runForecast(src: AlertCountSource, opts: Omit<ForecastOptions, keyof CommonOptions>, progress?: (line: string) => void, now = Date.now()): ForecastReport[] {
  let split = opts.by as SeriesSplit;
  let key: string | undefined;
  if (opts.series && opts.series !== 'alerts') {
    const i = opts.series.indexOf(':');
    if (i < 0) throw new WardError('request.invalid', `series names look like alerts, detector:NAME, severity:high, technique:T1566 or tactic:"Initial Access"; got "${opts.series}"`, '--series');
    split = opts.series.slice(0, i) as SeriesSplit;
    key = opts.series.slice(i + 1);
  } else if (opts.series === 'alerts') split = 'all';
  if (!SPLITS.includes(split)) throw new WardError('request.invalid', `unknown split "${split}" (use ${SPLITS.join(', ')})`, opts.series ? '--series' : '--by');
  if (opts.granularity !== undefined && opts.granularity !== 'day' && opts.granularity !== 'hour') throw new WardError('request.invalid', 'expected day or hour', '--granularity');
  if (!['sqrt', 'log', 'none'].includes(opts.transform)) throw new WardError('request.invalid', 'expected sqrt, log or none', '--transform');
  const top = Number(opts.top);
  if (!Number.isInteger(top) || top < 1) throw new WardError('request.invalid', 'expected a positive whole number', '--top');
  const { granularity, buckets } = parseHorizon(opts.horizon, opts.granularity as Granularity | undefined);
  const all = extractSeries(src, { split, granularity, now, tacticOf: (t) => technique(t).tactic });
  let chosen: CountSeries[];
  if (key !== undefined) {
    const s = all.find((x) => x.key === key);
    if (!s) throw new WardError('not_found', `no alerts for series "${opts.series}"${all.length ? ` (have: ${all.slice(0, 8).map((x) => x.name).join(', ')})` : ''}`, '--series');
    chosen = [s];
  } else chosen = all.slice(0, top);
  return chosen.map((s, i) => {
    progress?.(`[${i + 1}/${chosen.length}] ${s.name}: fitting and back-testing ${s.values.length} ${granularity}s`);
    const f = forecastSeries(s, { horizon: buckets, transform: opts.transform as Transform, backtest: opts.backtest });
    const label = s.split === 'all' ? 'all' : s.key;
    const changes = detectChanges(s).map((c) => ({ ...c, text: describeChange(c, label, granularity) }));
    return { ...f, changes, profile: seasonalProfile(s) };
  });
}

const f1 = (v: number | null | undefined): string => (typeof v === 'number' ? v.toFixed(1) : '—');
const f2 = (v: number | null | undefined): string => (typeof v === 'number' ? v.toFixed(2) : '—');

/** Human-readable rendering of the reports. */
export function renderForecast(reports: ForecastReport[]): string {
  if (!reports.length) return 'No alerts in the store yet: nothing to forecast.\n';
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.series}  (${r.history.buckets} ${r.granularity}s, ${r.history.from} .. ${r.history.to}, ${r.history.total} alerts)`);
    if (!r.model) { out.push(`  no forecast: ${r.notes.join('; ')}`, ''); continue; }
    out.push(`  model ${r.model} on ${r.transform === 'none' ? 'raw counts' : `${r.transform} counts`}`);
    for (const n of r.notes) out.push(`  note: ${n}`);
    for (const c of r.changes) out.push(`  change: ${c.text}`);
    if (r.backtest) {
      const b = r.backtest;
      out.push(`  back-test (${b.ets.origins} origins): MASE ${f2(b.ets.mase)} (seasonal naive ${f2(b.seasonalNaive.mase)}), sMAPE ${f1(b.ets.smape)} % (${f1(b.seasonalNaive.smape)} %), 95 % interval coverage ${f2(b.ets.coverage95)}`);
    }
    out.push(table(r.points.map((p) => [p.at, f1(p.mean), `${f1(p.lo80)} – ${f1(p.hi80)}`, `${f1(p.lo95)} – ${f1(p.hi95)}`]), ['when', 'forecast', '80 %', '95 %']).replace(/^/gm, '  '), '');
  }
  return `${out.join('\n')}\n`;
}

/**
 * `wardwatch forecast`: forecasts alert volumes with prediction intervals, the back-tested error,
 * change points and seasonal profiles.
 *
 * @example
 * program.addCommand(forecastCommand());
 * // wardwatch forecast --by detector --horizon 14d --json
 */
export function forecastCommand(): Command {
  return withCommon(new Command('forecast'))
    .description('forecast alert volumes (ETS with prediction intervals), with back-tested error, change points and weekly/daily profiles')
    .option('--series <name>', 'one series: alerts, detector:NAME, severity:LEVEL, technique:ID or tactic:NAME')
    .addOption(new Option('--by <split>', 'forecast each series of this split (the --top largest)').choices(SPLITS).default('all'))
    .option('--horizon <h>', 'how far ahead: 14d, 48h, or a number of buckets', '14d')
    .addOption(new Option('--granularity <g>', 'bucket size (default: from the horizon unit)').choices(['day', 'hour']))
    .addOption(new Option('--transform <t>', 'variance-stabilising transform for counts').choices(['sqrt', 'log', 'none']).default('sqrt'))
    .option('--top <n>', 'with --by: how many series, largest first', '5')
    .option('--no-backtest', 'skip the rolling-origin back-test (faster)')
    .addHelpText('after', `
Models: ETS(A,N|A|Ad,N|A) chosen by AICc; seasonal models need two full weeks (daily) or days (hourly).
The back-test refits at origins a season apart over the second half of the history and reports
MASE and sMAPE beside seasonal naive, and how often the 95 % interval held the actual value.
Examples:
  wardwatch forecast --horizon 14d
  wardwatch forecast --by detector --top 3 --json
  wardwatch forecast --series tactic:"Initial Access" --horizon 48h
`)
    .action(action(async (opts: ForecastOptions) => {
      const { dataDir } = loadFor(opts);
      const store = SqliteStore.open(dataDir);
      try {
        const reports = runForecast(new AlertSeriesQueries(store.db), opts, opts.json ? undefined : (l) => process.stderr.write(`${l}\n`));
        if (opts.json) process.stdout.write(`${JSON.stringify({ generated: new Date().toISOString(), series: reports, ...(reports.length ? {} : { note: 'no alerts in the store yet: nothing to forecast' }) })}\n`);
        else process.stdout.write(renderForecast(reports));
      } finally {
        store.close();
      }
    }));
}
