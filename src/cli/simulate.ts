import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { WardError } from '../core/errors.js';
import { DEFAULT_START, LiveOutput, PROFILE_NAMES, SCENARIOS, simulate, simulateSyntheaHospital, type Output, type ProfileName, type StreamId } from '../simulate/index.js';
import { action } from './common.js';

interface SimulateOptions {
  profile: string;
  days: string;
  seed: string;
  start?: string;
  scenarios: string;
  intensity: string;
  out?: string;
  to?: string;
  token?: string;
  rate?: string;
  speedup?: string;
  skip?: string;
  progress: boolean;
  json?: boolean;
  generator: string;
  syntheaDir?: string;
}

function positive(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new WardError('request.invalid', 'expected a positive number', name);
  return n;
}

/** `--generator synthea`: the Synthea-driven hospital, to files only. */
async function runSynthea(opts: SimulateOptions, days: number, intensity: number): Promise<void> {
  if (!opts.out) throw new WardError('request.invalid', 'the synthea generator writes files: give --out DIR', '--out');
  if (opts.to) throw new WardError('request.invalid', 'the synthea generator does not stream live; use --out DIR', '--to');
  const showBar = opts.progress && !opts.json && process.stderr.isTTY;
  const bar = showBar
    ? new cliProgress.SingleBar({ format: 'simulate synthea [{bar}] {value}/{total} days | {records} AuditEvents', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(Number.isFinite(days) ? days : 1, 0, { records: 0 });
  let records = 0;
  try {
    const r = await simulateSyntheaHospital({
      seed: opts.seed, days, intensity, out: opts.out,
      ...(opts.start ? { start: opts.start === 'today' ? new Date().toISOString().slice(0, 10) : opts.start } : {}),
      ...(opts.syntheaDir ? { syntheaDir: opts.syntheaDir } : {}),
      onDay: (p) => { records += p.records; bar?.update(p.day + 1, { records }); },
    });
    bar?.stop();
    const m = r.manifest;
    const summary = { out: opts.out, generator: m.generator, seed: m.seed, days: m.days, start: m.start, records: m.totalRecords, staff: m.world.staff, patients: m.world.patients, incidents: m.incidents, context: m.context, seconds: m.generationSeconds };
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(`Simulated ${m.days} day(s) of the Synthea-based hospital (seed ${m.seed}): ${m.world.staff} staff, ${m.world.patients} patients, ${m.totalRecords} AuditEvents, ${m.incidents} labelled privacy violation(s).\nWritten to ${opts.out} (context/*.ndjson, days/…/fhir-audit.ndjson, manifest.json, labels.jsonl). Score it with: wardwatch eval --dataset ${opts.out}\n`);
  } finally {
    bar?.stop();
  }
}

/**
 * `wardwatch simulate`: generate a hospital's telemetry with labelled attacks into files, or
 * stream it live into a running server.
 *
 * @example
 * program.addCommand(simulateCommand());
 * // wardwatch simulate --profile clinic --days 2 --seed 42 --scenarios bruteforce,spray --out /tmp/sim
 */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description('generate a simulated hospital (logs in real formats + labelled attacks), to files or live to a server')
    .addOption(new Option('-p, --profile <name>', 'size of the organisation').choices([...PROFILE_NAMES]).default('clinic'))
    .option('--days <n>', 'days to simulate (1-300)', '1')
    .option('--seed <s>', 'random seed: the same seed gives the same files', '1')
    .option('--start <date>', `first day, YYYY-MM-DD or "today" (default ${DEFAULT_START})`)
    .option('--scenarios <list>', `attacks to plant, comma-separated: ${[...SCENARIOS.keys()].join(', ')}; all (the default) or none for normal life only`, 'all')
    .option('--intensity <x>', 'how loud the attacks are, 0..1', '0.7')
    .option('-o, --out <dir>', 'write the dataset here (days/…, manifest.json, labels.jsonl)')
    .option('--to <url>', 'stream live to a running server, e.g. http://127.0.0.1:8080')
    .option('--token <t>', 'API token for --to (default $WARDWATCH_TOKEN)')
    .option('--rate <n>', 'with --to: at most N events per second')
    .option('--speedup <x>', 'with --to: play simulated time X times faster than real time')
    .option('--skip <streams>', 'streams to leave out, e.g. mail,telemetry')
    .addOption(new Option('--generator <name>', 'sim: the built-in organisation; synthea: a hospital driven by the Synthea records (EHR privacy only: FHIR context + AuditEvents)').choices(['sim', 'synthea']).default('sim'))
    .option('--synthea-dir <dir>', 'with --generator synthea: the Synthea CSV folder (default ../shared/data/healthcare/synthea-sample-csv)')
    .option('--no-progress', 'do not show the progress bar')
    .option('--json', 'machine-readable JSON summary')
    .addHelpText('after', `
Examples:
  wardwatch simulate --profile clinic --days 2 --seed 42 --scenarios bruteforce,spray --out sim/clinic
  wardwatch simulate --profile hospital --days 30 --scenarios all --out sim/hospital-30d
  wardwatch simulate --profile hospital --days 1 --start today --scenarios all --to http://127.0.0.1:8080 --token $TOKEN --speedup 600
  wardwatch simulate --generator synthea --days 10 --seed 4 --out sim/synthea-hospital

--generator synthea builds a different hospital from the Synthea records (real encounters decide who sees
whom; staff Synthea does not list are added) and writes FHIR R4 context (context/<Type>.ndjson) and FHIR
AuditEvents with labelled privacy violations (co-worker, neighbour, family, VIP, bulk snooping, ex-employee).

With --to every stream goes live (syslog, Windows, VPN, Zeek, HL7, FHIR, the EHR CSV, telemetry, e-mail);
the server needs the dataset's parser settings (manifest.json "parsers": EHR CSV columns, HL7 authorities)
under parsers: in its config, and the clinical context is loaded with: wardwatch context load DIR/context
(give --out DIR as well). npm run demo does all of this.

The dataset folder holds days/YYYY-MM-DD/<stream files>, manifest.json and labels.jsonl (one labelled
incident per line); score detectors on it with: wardwatch eval --dataset DIR
`)
    .action(action(async (opts: SimulateOptions) => {
      const days = Number(opts.days);
      const intensity = Number(opts.intensity);
      if (opts.generator === 'synthea') {
        await runSynthea(opts, days, intensity);
        return;
      }
      if (!opts.out && !opts.to) throw new WardError('request.invalid', 'give --out DIR, --to URL, or both', '--out');
      const outputs: Output[] = [];
      let live: LiveOutput | undefined;
      if (opts.to) {
        const token = opts.token ?? process.env.WARDWATCH_TOKEN;
        if (!token) throw new WardError('request.invalid', 'a token is needed to stream to a server (--token or $WARDWATCH_TOKEN)', '--token');
        const rate = positive(opts.rate, '--rate');
        const speedup = positive(opts.speedup, '--speedup');
        live = new LiveOutput({
          url: opts.to, token, ...(rate ? { rate } : {}), ...(speedup ? { speedup } : {}),
          log: (m) => process.stderr.write(`wardwatch: ${m}\n`),
        });
        outputs.push(live);
      }
      const start = opts.start === 'today' ? new Date().toISOString().slice(0, 10) : opts.start;
      const showBar = opts.progress && !opts.json && process.stderr.isTTY;
      const bar = showBar
        ? new cliProgress.SingleBar({ format: 'simulate [{bar}] {value}/{total} days | {records} records | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
        : undefined;
      bar?.start(Number.isFinite(days) ? days : 1, 0, { records: 0 });
      let records = 0;
      try {
        const r = await simulate({
          profile: opts.profile as ProfileName, days, seed: opts.seed, intensity,
          ...(start ? { start } : {}),
          scenarios: opts.scenarios.trim() === 'none' ? [] : opts.scenarios.split(',').map((s) => s.trim()).filter(Boolean),
          ...(opts.out ? { out: opts.out } : {}),
          ...(opts.skip ? { skip: opts.skip.split(',').map((s) => s.trim()) as StreamId[] } : {}),
          outputs,
          onDay: (p) => { records += p.records; bar?.update(p.day + 1, { records }); },
        });
        bar?.stop();
        const m = r.manifest;
        const summary = {
          out: opts.out ?? null, profile: m.profile, seed: m.seed, days: m.days, start: m.start,
          records: m.totalRecords, counts: m.counts, incidents: m.incidents, scenarios: m.scenarios,
          seconds: m.generationSeconds, recordsPerSecond: m.recordsPerSecond,
          ...(live ? { live: { sent: live.sent, accepted: live.accepted } } : {}),
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          return;
        }
        const lines = Object.entries(m.counts).filter(([, n]) => n > 0).map(([k, n]) => `  ${k.padEnd(10)} ${n}`);
        process.stdout.write(
          `Simulated ${m.days} day(s) of the ${m.profile} profile (seed ${m.seed}): ${m.totalRecords} records in ${m.generationSeconds}s ` +
          `(${m.recordsPerSecond} records/s), ${m.incidents} labelled incident(s).\n${lines.join('\n')}\n` +
          (opts.out ? `Written to ${opts.out} (manifest.json, labels.jsonl). Score it with: wardwatch eval --dataset ${opts.out}\n` : '') +
          (live ? `Sent ${live.sent} records to ${opts.to} (${live.accepted} events stored).\n` : ''),
        );
      } finally {
        bar?.stop();
      }
    }));
}
