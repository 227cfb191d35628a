import { Command } from 'commander';
import type { Severity } from '../core/alert.js';
import { WardError } from '../core/errors.js';
import { correlateAlerts, filterIncidents } from '../incidents/index.js';
import { INCIDENT_STATES, IncidentDecisionRepo } from '../store/sqlite/incidents.js';
import { action, loadFor, oneOf, openExistingStore, withCommon, type CommonOptions } from './common.js';

interface IncidentsOptions extends CommonOptions {
  from?: string;
  to?: string;
  severity?: string;
  entity?: string;
  state?: string;
  limit: string;
  risk?: boolean;
}

/** `wardwatch incidents`: alerts correlated into incidents, or entity risk with `--risk`. */
export function incidentsCommand(): Command {
  return withCommon(new Command('incidents'))
    .description('alerts correlated into incidents (linked entities, a timeline, a story), highest severity first; --risk ranks entities by risk')
    .option('--from <time>', 'correlate alerts at or after this ISO time (default: all stored alerts)')
    .option('--to <time>', 'correlate alerts before this ISO time')
    .option('--severity <level>', 'at least this severity: low, medium, high or critical')
    .option('--entity <id>', 'only incidents involving this user, host, IP, device or patient pseudonym')
    .option('--state <list>', `comma-separated analyst states: ${INCIDENT_STATES.join(', ')}`)
    .option('--risk', 'list entities by risk instead, each score explained')
    .option('-n, --limit <n>', 'how many', '50')
    .addHelpText('after', '\nWith --json, prints one JSON object per line: id, title, severity, state, entities, alertIds, tactics, start, end, risk, explanation\n(with --risk: entity, score, alerts, crossedAt, top, explanation).\n')
    .action(action(async (opts: IncidentsOptions) => {
      const { dataDir } = loadFor(opts);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new WardError('request.invalid', 'expected a positive whole number', '--limit');
      const severity = opts.severity ? oneOf(opts.severity, ['low', 'medium', 'high', 'critical'], '--severity') as Severity : undefined;
      const states = opts.state?.split(',').map((s) => oneOf(s.trim(), [...INCIDENT_STATES], '--state'));
      const store = openExistingStore(dataDir);
      try {
        const c = correlateAlerts(store.alertsInOrder({ ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) }), undefined, limit);
        if (opts.risk) {
          if (opts.json) for (const r of c.risk) process.stdout.write(`${JSON.stringify(r)}\n`);
          else if (!c.risk.length) process.stdout.write('No alerts, so no risk.\n');
          else for (const r of c.risk) process.stdout.write(`${String(r.score).padStart(7)}  ${r.entity.type} ${r.entity.id}\n    ${r.explanation}\n`);
          return;
        }
        const decisions = new IncidentDecisionRepo(store.db);
        const stateOf = (id: string) => decisions.get(id)?.state ?? 'open';
        const items = filterIncidents(c.incidents, { ...(severity ? { minSeverity: severity } : {}), ...(opts.entity ? { entity: opts.entity } : {}), ...(states ? { states } : {}), limit }, stateOf);
        if (opts.json) {
          for (const i of items) {
            const { id, title, severity: sev, entities, alertIds, tactics, start, end, risk, explanation, groups, trigger } = i;
            process.stdout.write(`${JSON.stringify({ id, title, severity: sev, state: stateOf(id), entities, alertIds, tactics, start, end, risk, explanation, groups, trigger })}\n`);
          }
          return;
        }
        if (!items.length) {
          process.stdout.write(`No incidents (${c.alerts} alert${c.alerts === 1 ? '' : 's'} correlated).\n`);
          return;
        }
        process.stdout.write(`${c.alerts} alerts → ${c.incidents.length} incidents; showing ${items.length}.\n\n`);
        for (const i of items) {
          process.stdout.write(`${i.severity.toUpperCase().padEnd(8)}  ${i.title}  [${stateOf(i.id)}]\n    ${i.explanation.text}\n    ${i.id}  risk ${i.risk}${i.tactics.length ? `  tactics: ${i.tactics.join(' → ')}` : ''}\n`);
        }
      } finally {
        store.close();
      }
    }));
}
