import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  BreachRepo, breachClock, buildPack, loadStateLaws, openBreachCase, packCsv, type BreachCase,
} from '../compliance/breach/index.js';
import { parseDuration } from '../core/duration.js';
import { WardError } from '../core/errors.js';
import { correlateAlerts } from '../incidents/index.js';
import { ContextStore } from '../store/sqlite/context-store.js';
import { IncidentDecisionRepo } from '../store/sqlite/incidents.js';
import { action, loadFor, openExistingStore, withCommon, type CommonOptions } from './common.js';
import { localActor } from './local-audit.js';

const DAY = 86_400_000;

function line(c: BreachCase, daysLeft: number, threshold: string): string {
  return `${c.id}  ${c.state.padEnd(12)} ${String(c.count.patients.length).padStart(6)} patients  ${String(daysLeft).padStart(4)} days left  ${threshold === 'media_and_hhs_now' ? '≥500: HHS + media now' : '<500: annual HHS log'}  ${c.title}`;
}

/** Open the store and the configured state-law table for a breach sub-command. */
function openFor(opts: CommonOptions) {
  const { loaded, dataDir } = loadFor(opts);
  const store = openExistingStore(dataDir);
  const laws = loadStateLaws(loaded.config.privacy.breach.stateLaws);
  return { loaded, dataDir, store, repo: new BreachRepo(store.db), clock: (c: BreachCase) => breachClock(c.discovered, c.count.patients.length, c.residents, laws) };
}

/**
 * `wardwatch breach list | show ID | open INCIDENT | pack ID`: HIPAA breach cases from the command
 * line (pseudonyms only; identities come only through the API, to a privacy officer). Each step
 * is audited as the local system user.
 */
export function breachCommand(): Command {
  const cmd = new Command('breach').description('HIPAA breach cases: affected patients, four-factor assessment, 60-day clock, notification pack');
  cmd.addCommand(withCommon(new Command('list'))
    .description('breach cases, newest first, with their clocks')
    .addHelpText('after', '\nWith --json, one JSON object per line: id, incidentId, title, state, discovered, affected, daysLeft, threshold.\n')
    .action(action(async (opts: CommonOptions) => {
      const { store, repo, clock } = openFor(opts);
      try {
        const cases = repo.list();
        if (!cases.length && !opts.json) process.stdout.write('No breach cases. Open one with: wardwatch breach open INCIDENT_ID\n');
        for (const c of cases) {
          const k = clock(c);
          process.stdout.write(opts.json
            ? `${JSON.stringify({ id: c.id, incidentId: c.incidentId, title: c.title, state: c.state, discovered: c.discovered, affected: c.count.patients.length, daysLeft: k.daysLeft, threshold: k.threshold })}\n`
            : `${line(c, k.daysLeft, k.threshold)}\n`);
        }
      } finally { store.close(); }
    })));

  cmd.addCommand(withCommon(new Command('show'))
    .description('one breach case: scope, count, the four factors, every deadline')
    .argument('<id>', 'breach case id (br_…)')
    .addHelpText('after', '\nWith --json, the case as stored plus its clock (the GET /api/breaches/:id shape).\n')
    .action(action(async (id: string, opts: CommonOptions) => {
      const { store, repo, clock } = openFor(opts);
      try {
        const c = repo.get(id);
        if (!c) throw new WardError('not_found', `no breach case ${id} (wardwatch breach list)`, 'id');
        const k = clock(c);
        store.audit({ time: new Date().toISOString(), actor: localActor(), action: 'breach_view', target: `breach:${id}`, detail: { via: 'cli' } });
        if (opts.json) { process.stdout.write(`${JSON.stringify({ ...c, clock: k })}\n`); return; }
        const f = c.assessment;
        process.stdout.write(`${line(c, k.daysLeft, k.threshold)}\nincident ${c.incidentId}; discovered ${c.discovered}; actors ${c.scope.users.join(', ')}\n` +
          `${c.count.patients.length} patients, ${c.count.accesses} accesses (${Object.entries(c.count.byAction).map(([a, n]) => `${a} ${n}`).join(', ')})${c.count.window ? `; session ${c.count.window.from} → ${c.count.window.to}` : ''}\n\n` +
          `1. Nature and extent: ${f.natureAndExtent.finding}\n2. Unauthorized person: ${f.unauthorizedPerson.finding}\n3. Acquired or viewed: ${f.acquiredOrViewed.finding}\n4. Mitigation: ${f.mitigation.finding}\nConclusion: ${f.conclusion}\n\nDeadlines:\n` +
          k.deadlines.map((d) => `  ${d.due.slice(0, 10)}  ${String(d.daysLeft).padStart(4)} d  ${d.who} — ${d.basis}${d.uncertain ? ' (see uncertain)' : ''}`).join('\n') + '\n');
      } finally { store.close(); }
    })));

  cmd.addCommand(withCommon(new Command('open'))
    .description('open a breach case for an incident (counts affected patients from the stored EHR access events)')
    .argument('<incident>', 'incident id (inc_…, from wardwatch incidents)')
    .option('--discovered <time>', 'ISO time the breach was discovered (default: the incident\'s first alert)')
    .option('--from <time>', 'correlate alerts from this ISO time (default: all stored alerts)')
    .addHelpText('after', '\nWith --json, the case as stored plus its clock. Opening an incident that has a live case shows that case.\n')
    .action(action(async (incidentId: string, opts: CommonOptions & { discovered?: string; from?: string }) => {
      const { loaded, dataDir, store, repo, clock } = openFor(opts);
      const context = ContextStore.open(dataDir, { readonly: true });
      try {
        if (opts.discovered && !Number.isFinite(Date.parse(opts.discovered))) throw new WardError('request.invalid', 'expected an ISO time', '--discovered');
        const since = opts.from ?? new Date(Date.now() - 3650 * DAY).toISOString();
        const inc = correlateAlerts(store.alertsInOrder({ from: since })).incidents.find((i) => i.id === incidentId);
        if (!inc) throw new WardError('not_found', `no incident ${incidentId} (wardwatch incidents lists them)`, 'incident');
        const d = new IncidentDecisionRepo(store.db).get(incidentId);
        const r = openBreachCase(store, repo, { ...inc, ...(d ? { state: d.state, verdict: d.verdict } : {}) }, localActor(), {
          ...(opts.discovered ? { discovered: new Date(opts.discovered).toISOString() } : {}),
          sessionGapMs: parseDuration(loaded.config.privacy.breach.sessionGap, 'privacy.breach.sessionGap'),
          context,
        });
        const k = clock(r.case);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...r.case, clock: k, created: r.created })}\n`);
        else process.stdout.write(`${r.created ? 'Opened' : 'Already open'}: ${line(r.case, k.daysLeft, k.threshold)}\n`);
      } finally { context.close(); store.close(); }
    })));

  cmd.addCommand(withCommon(new Command('pack'))
    .description('the notification data pack: JSON (case, clock, four factors, patients) or CSV of affected pseudonyms')
    .argument('<id>', 'breach case id (br_…)')
    .option('--csv', 'the patient list as CSV instead of the JSON pack')
    .option('--out <file>', 'write to this file (created 0600) instead of standard output')
    .addHelpText('after', '\nPseudonyms only: a pack with identities is made through POST /api/breaches/:id/pack/reidentify by a privacy officer.\nWith --json (the default format) the pack is one JSON object.\n')
    .action(action(async (id: string, opts: CommonOptions & { csv?: boolean; out?: string }) => {
      const { store, repo, clock } = openFor(opts);
      try {
        const c = repo.get(id);
        if (!c) throw new WardError('not_found', `no breach case ${id} (wardwatch breach list)`, 'id');
        const pack = buildPack(c, clock(c), localActor());
        store.audit({ time: pack.generated, actor: localActor(), action: 'breach_pack', target: `breach:${id}`, detail: { format: opts.csv ? 'csv' : 'json', patients: pack.affected, via: 'cli', ...(opts.out ? { out: opts.out } : {}) } });
        const text = opts.csv ? packCsv(pack) : `${JSON.stringify(pack, null, opts.json ? undefined : 2)}\n`;
        if (opts.out) {
          writeFileSync(opts.out, text, { mode: 0o600 });
          process.stderr.write(`wrote ${opts.out}: ${pack.affected} patients\n`);
        } else process.stdout.write(text);
      } finally { store.close(); }
    })));
  return cmd;
}
