import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { ingestFiles, type FileOutcome } from '../pipeline/file-ingest.js';
import { loadExportContext, splitFhirExport, type ContextLoadSummary } from '../pipeline/fhir-export.js';
import { openRuntime } from '../pipeline/runtime.js';
import { action, loadFor, withCommon, type CommonOptions } from './common.js';
import { respondOption, startResponder } from './respond-option.js';

interface IngestOptions extends CommonOptions {
  format: string;
  workers?: string;
  progress: boolean;
  strict?: boolean;
  respond?: string;
}

/** One line of the per-file summary: `path  format  ingested 120 events` / `skipped: reason`. */
function fileLine(f: FileOutcome): string {
  const what = f.status === 'ingested'
    ? `ingested ${f.events} events${f.deadLetters ? `, ${f.deadLetters} dead letters` : ''}`
    : `${f.status}: ${f.reason ?? ''}${f.events ? ` (after ${f.events} events)` : ''}`;
  return `  ${f.path}  [${f.format ?? '?'}${f.framing === 'json' ? ', JSON array' : ''}]  ${what}`;
}

/**
 * `wardwatch ingest PATH…`: read files and folders (plain or gzipped) through the pipeline
 * into the store, with a progress bar and a summary.
 */
export function ingestCommand(): Command {
  return withCommon(new Command('ingest'))
    .description('ingest log files and folders (plain or .gz) into the store and run the detectors')
    .argument('<paths...>', 'files or folders to read')
    .addOption(new Option('-f, --format <name>', 'parser name, or auto to recognise each file').default('auto'))
    .option('-w, --workers <n>', 'detector worker threads (default: config, auto = one per core)')
    .option('--no-progress', 'do not show the progress bar')
    .addOption(respondOption())
    .option('--strict', 'treat a file that cannot be recognised (skipped) as an error: non-zero exit')
    .addHelpText('after', '\nA file that cannot be read or recognised is reported (and kept as a file-level dead letter);\n' +
      'the other files are still ingested. The summary lists each file\'s format and status.\n' +
      'Exit status: 1 when a file failed (or, with --strict, was skipped).\n' +
      '\nFHIR exports: files holding Patient, Practitioner, PractitionerRole, Encounter, Organization, Appointment, CareTeam or\n' +
      'ServiceRequest resources (single, Bundle or NDJSON) are loaded into the clinical context first (as wardwatch context load\n' +
      'does); AuditEvents go through the pipeline. With --format set, every file goes to that parser.\n' +
      '\nExamples:\n  wardwatch ingest /var/log/auth.log\n  wardwatch ingest fhir-export/   # Patient.ndjson, PractitionerRole.ndjson, Encounter.ndjson, AuditEvent.ndjson …\n  wardwatch ingest --format syslog --json logs/\n  wardwatch ingest --strict exports/\n')
    .action(action(async (paths: string[], opts: IngestOptions) => {
      const { loaded, dataDir } = loadFor(opts);
      if (opts.workers !== undefined) loaded.config.pipeline.workers = opts.workers === 'auto' ? 'auto' : Number(opts.workers);
      const log = (m: string) => process.stderr.write(`wardwatch: ${m}\n`);
      const rt = await openRuntime(loaded, { dataDir, log });
      let responder: ReturnType<typeof startResponder>;
      try {
        responder = startResponder(rt, opts.respond, log);
      } catch (err) {
        await rt.close();
        throw err;
      }
      const showBar = opts.progress && !opts.json && process.stderr.isTTY;
      const bar = showBar
        ? new cliProgress.SingleBar({
          format: 'ingest [{bar}] {percentage}% | {value}/{total} MiB | {events} events | {eta_formatted} left',
          stream: process.stderr,
        }, cliProgress.Presets.shades_classic)
        : undefined;
      let started = false;
      try {
        // A FHIR export folder in one step: context resources (Patient, Practitioner, PractitionerRole, Encounter, Organization,
        // Appointment, CareTeam, ServiceRequest) go to the context store first, AuditEvents and every other log to the event path.
        let eventPaths = paths;
        let context: ContextLoadSummary | undefined;
        if (opts.format === 'auto') {
          const split = await splitFhirExport(paths);
          if (split.context.length + split.both.length > 0) {
            if (!opts.json) process.stderr.write(`wardwatch: loading FHIR context from ${split.context.length + split.both.length} file(s)…\n`);
            context = await loadExportContext(rt, split);
            eventPaths = [...split.events, ...split.both];
          }
        }
        const summary = eventPaths.length === 0
          ? { files: 0, read: 0, events: 0, alerts: 0, deadLetters: 0, seconds: 0, formats: {}, perFile: [] as FileOutcome[] }
          : await ingestFiles(rt, eventPaths, {
          format: opts.format,
          onProgress: (p) => {
            if (!bar) return;
            const mib = (n: number) => Math.round(n / 1048576);
            if (!started) { bar.start(Math.max(1, mib(p.bytesTotal)), 0, { events: 0 }); started = true; }
            bar.update(Math.min(mib(p.bytesDone), mib(p.bytesTotal)), { events: p.events });
          },
        });
        if (bar && started) { bar.update(bar.getTotal()); bar.stop(); }
        const out = {
          files: summary.files,
          read: summary.read,
          events: summary.events,
          alerts: summary.alerts,
          deadLetters: summary.deadLetters + (context?.failed.length ?? 0),
          seconds: Number(summary.seconds.toFixed(3)),
          eventsPerSecond: Math.round(summary.events / Math.max(summary.seconds, 1e-9)),
          formats: summary.formats,
          skipped: summary.perFile.filter((f) => f.status === 'skipped').length,
          failed: summary.perFile.filter((f) => f.status === 'failed').length + (context?.failed.length ?? 0),
          perFile: summary.perFile,
          ...(context ? { context } : {}),
        };
        const bad = [
          ...(context?.failed ?? []).map((f) => ({ path: f.path, status: 'failed' as const, reason: f.reason })),
          ...summary.perFile.filter((f) => f.status === 'failed' || (opts.strict === true && f.status === 'skipped')),
        ];
        const first = bad[0];
        const problem = first === undefined ? undefined : {
          // The CLI's error shape ({error, message}), so scripts see the failure in the one JSON summary.
          error: first.status === 'failed' ? 'parse.failed' : 'parse.unknown_format',
          message: `${bad.length} file(s) ${opts.strict ? 'skipped or failed (--strict)' : 'failed'}: ${first.path}: ${first.reason ?? first.status}` +
            (bad.length > 1 ? ` (and ${bad.length - 1} more, listed in the summary)` : ''),
        };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(problem ? { ...problem, ...out } : out)}\n`);
        } else {
          if (context) {
            process.stdout.write(`Loaded FHIR context from ${context.files} file(s): ${context.patients} patients, ${context.staff} staff, ${context.relationships} relationships` +
              `${context.skipped ? ` (${context.skipped} resources of other types left to the event path or skipped)` : ''}.\n`);
          }
          process.stdout.write(
            (summary.perFile.length > 1 || out.skipped + out.failed > 0 ? `${summary.perFile.map(fileLine).join('\n')}\n` : '') +
            `Read ${out.read} records from ${out.files} file(s) in ${out.seconds}s: ${out.events} events, ` +
            `${out.alerts} alerts, ${out.deadLetters} dead letters (${out.eventsPerSecond} events/s)` +
            (out.skipped + out.failed > 0 ? `; ${out.skipped} file(s) skipped, ${out.failed} failed` : '') + '.\n' +
            (out.alerts ? 'See them with: wardwatch alerts\n' : '') +
            (out.deadLetters ? 'Unreadable records and files are kept in the dead-letter store (GET /api/dead-letters).\n' : ''),
          );
        }
        if (problem) {
          process.stderr.write(`wardwatch: ${problem.message}\n`);
          process.exitCode = 1;
        }
      } finally {
        if (bar && started) bar.stop();
        await rt.close();
        await responder.stop();
      }
    }));
}
