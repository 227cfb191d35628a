import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { WardError } from '../core/errors.js';
import { evaluate, renderReport } from '../eval/index.js';
import { action } from './common.js';

interface EvalCliOptions {
  dataset: string;
  detectors?: string;
  workers?: string;
  save?: boolean;
  keepDataDir?: string;
  skipStreams?: string;
  progress: boolean;
  json?: boolean;
}

/**
 * `wardwatch eval`: run the real pipeline over a labelled dataset and score the detectors.
 *
 * @example
 * program.addCommand(evalCommand());
 * // wardwatch eval --dataset sim/clinic --json
 */
export function evalCommand(): Command {
  return new Command('eval')
    .description('replay a labelled dataset through the pipeline and score each detector (precision, recall, F1, false alerts, time to detect)')
    .requiredOption('--dataset <dir>', 'dataset folder made by wardwatch simulate')
    .option('--detectors <list>', 'comma-separated detector types (default: those of a fresh install)')
    .option('-w, --workers <n>', 'detector worker threads (default 0: main thread)')
    .option('--save', 'also write bench/results/eval-<dataset-name>.json')
    .option('--keep-data-dir <dir>', 'keep the store of the run here (default: a temporary folder, removed)')
    .option('--skip-streams <list>', 'comma-separated dataset streams not to replay (e.g. telemetry, when no detector reads it yet)')
    .option('--no-progress', 'do not show the progress bar')
    .option('--json', 'print one JSON object: detectors (name → precision, recall, f1, falseAlertsPerDay, …), scenarios, …')
    .addHelpText('after', `
Examples:
  wardwatch eval --dataset sim/clinic
  wardwatch eval --dataset sim/hospital-30d --json --save

An alert matches a labelled incident when they share an entity (user, IP, host, device, patient) and the
alert falls between 1 minute before the incident's first malicious record and 1 hour after its last; other
alerts are false alerts. Recall counts the incidents in each detector's scope (docs/simulator.md).
`)
    .action(action(async (opts: EvalCliOptions) => {
      let workers: number | undefined;
      if (opts.workers !== undefined) {
        workers = Number(opts.workers);
        if (!Number.isInteger(workers) || workers < 0) throw new WardError('request.invalid', 'expected a whole number', '--workers');
      }
      const showBar = opts.progress && !opts.json && process.stderr.isTTY;
      const bar = showBar
        ? new cliProgress.SingleBar({ format: 'eval [{bar}] {value}/{total} days | {events} events | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
        : undefined;
      let started = false;
      try {
        const report = await evaluate({
          dataset: opts.dataset,
          ...(opts.detectors ? { detectors: opts.detectors.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          ...(workers !== undefined ? { workers } : {}),
          ...(opts.keepDataDir ? { dataDir: opts.keepDataDir } : {}),
          ...(opts.skipStreams ? { skipStreams: opts.skipStreams.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          onProgress: (p) => {
            // Without a terminal (CI, logs), one line a day.
            if (!bar) {
              if (opts.progress) process.stderr.write(`eval: day ${p.day}/${p.days}, ${p.records} records, ${p.events} events\n`);
              return;
            }
            if (!started) { bar.start(p.days, 0, { events: 0 }); started = true; }
            bar.update(p.day, { events: p.events });
          },
        });
        bar?.stop();
        if (opts.save) {
          const dir = join(process.cwd(), 'bench', 'results');
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, `eval-${report.dataset.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
        }
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : renderReport(report));
      } finally {
        bar?.stop();
      }
    }));
}
