import { Command } from 'commander';
import type { Severity } from '../core/alert.js';
import { WardError } from '../core/errors.js';
import { detectors } from '../pipeline/builtins.js';
import { action, loadFor, oneOf, openExistingStore, withCommon, type CommonOptions } from './common.js';

interface AlertsOptions extends CommonOptions {
  from?: string;
  to?: string;
  severity?: string;
  detector?: string;
  entity?: string;
  limit: string;
  id?: string;
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

/** `wardwatch alerts`: list alerts (newest first) with their explanations. */
export function alertsCommand(): Command {
  return withCommon(new Command('alerts'))
    .description('list alerts, newest first, with their explanations')
    .option('--from <time>', 'only alerts at or after this ISO time')
    .option('--to <time>', 'only alerts before this ISO time')
    .option('--severity <list>', 'comma-separated: low,medium,high,critical')
    .option('--detector <type>', 'only this detector type, e.g. auth.bruteforce')
    .option('--entity <id>', 'only alerts about this user, host or IP')
    .option('--id <alertId>', 'show one alert with its evidence events')
    .option('-n, --limit <n>', 'how many', '50')
    .addHelpText('after', '\nWith --json, prints one JSON object per line (id, time, title, severity, detector, entities, explanation).\n')
    .action(action(async (opts: AlertsOptions) => {
      const { dataDir } = loadFor(opts);
      const store = openExistingStore(dataDir);
      try {
        if (opts.id) {
          const alert = store.getAlert(opts.id);
          if (!alert) throw new WardError('not_found', `no alert with id ${opts.id}`, '--id');
          const evidence = store.getEvents(alert.explanation.evidence);
          if (opts.json) process.stdout.write(`${JSON.stringify({ ...alert, evidenceEvents: evidence })}\n`);
          else {
            process.stdout.write(`${alert.severity.toUpperCase()}  ${alert.title}\n${alert.time}  ${alert.id}\n\n${alert.explanation.text}\n\nEvidence (${alert.explanation.evidenceCount} events):\n`);
            for (const e of evidence) process.stdout.write(`  ${e['@timestamp']}  ${e.message ?? e.event.action ?? ''}\n`);
          }
          return;
        }
        const severity = opts.severity?.split(',').map((s) => oneOf(s.trim(), SEVERITIES, '--severity'));
        // An unknown detector is a typo, not an empty result: name the registered types.
        if (opts.detector) oneOf(opts.detector, detectors.names(), '--detector');
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new WardError('request.invalid', 'expected a positive whole number', '--limit');
        const page = store.listAlerts({
          ...(opts.from ? { from: opts.from } : {}),
          ...(opts.to ? { to: opts.to } : {}),
          ...(severity ? { severity: severity as Severity[] } : {}),
          ...(opts.detector ? { detector: opts.detector } : {}),
          ...(opts.entity ? { entity: opts.entity } : {}),
          limit: Math.min(limit, 1000),
        });
        if (opts.json) {
          for (const a of page.items) process.stdout.write(`${JSON.stringify(a)}\n`);
          return;
        }
        if (page.items.length === 0) {
          process.stdout.write('No alerts.\n');
          return;
        }
        for (const a of page.items) {
          process.stdout.write(`${a.time}  ${a.severity.toUpperCase().padEnd(8)}  ${a.title}  [${a.detector}]\n    ${a.explanation.text}\n    id ${a.id}\n`);
        }
      } finally {
        store.close();
      }
    }));
}
