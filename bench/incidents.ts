/**
 * Alerts → incidents on simulated hospital months the correlation was not tuned on.
 *
 *   node dist/src/cli/main.js simulate --profile hospital --days 30 --seed 11 -o sims/h30-11
 *   node dist/src/cli/main.js eval --dataset sims/h30-11 --keep-data-dir sims/store-11 --skip-streams telemetry
 *   node dist/bench/incidents.js sims/h30-11=sims/store-11 [more pairs]   # writes bench/results/incidents.json
 *
 * For each dataset (its labels) and the store of its eval run (its alerts): alerts, incidents,
 * compression, incidents per day per 1,000 staff, labelled attacks covered by an incident and
 * how many incidents each is split over, false incidents (no labelled attack in them), and
 * incidents that mix unrelated users. Two users are related when a labelled attack near the
 * incident names both; an incident mixes unrelated users when its actors and targets (users)
 * fall into two or more such groups.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../src/core/alert.js';
import { loadDataset } from '../src/eval/dataset.js';
import { matchAlert } from '../src/eval/match.js';
import { correlateAlerts, rolesOf, suppressing, type Incident, type Suppression } from '../src/incidents/index.js';
import type { IncidentLabel } from '../src/simulate/labels.js';
import { SqliteStore } from '../src/store/sqlite/index.js';

interface Row {
  dataset: string;
  seed: string;
  days: number;
  staff: number;
  alerts: number;
  incidents: number;
  compression: number;
  incidentsPerDayPer1000Staff: number;
  labelledAttacks: number;
  attacksInAnIncident: number;
  incidentsPerAttack: number;
  falseIncidents: number;
  falseIncidentsPerDay: number;
  mixedIncidents: number;
  mixedExamples: string[];
  correlateSeconds: number;
  feedback: Feedback;
}

/** Analyst verdicts on the first alerts, as suppressions, and what they did to the alerts after. */
interface Feedback {
  verdicts: number;
  falsePositiveVerdicts: number;
  suppressions: number;
  /** Alerts after the last verdict: false ones before and after suppression, true ones kept. */
  falseAlertsAfter: number;
  falseAlertsAfterSuppressed: number;
  trueAlertsAfter: number;
  trueAlertsAfterSuppressed: number;
  attacksDetectedAfter: number;
  attacksDetectedAfterSuppressed: number;
}

function measure(dsDir: string, storeDir: string): Row {
  const ds = loadDataset(dsDir);
  const labels: IncidentLabel[] = ds.labels;
  const store = SqliteStore.open(storeDir);
  try {
    const alerts: Alert[] = [...store.alertsInOrder()];
    const t0 = performance.now();
    const c = correlateAlerts(alerts);
    const correlateSeconds = (performance.now() - t0) / 1000;
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const matched = new Map<string, IncidentLabel[]>();
    for (const a of alerts) matched.set(a.id, matchAlert(a, labels));
    const covered = new Map<string, number>();
    let falseIncidents = 0;
    let mixed = 0;
    const mixedExamples: string[] = [];
    for (const inc of c.incidents) {
      const labelIds = new Set<string>();
      for (const id of inc.alertIds) for (const l of matched.get(id) ?? []) labelIds.add(l.id);
      if (!labelIds.size) falseIncidents++;
      for (const l of labelIds) covered.set(l, (covered.get(l) ?? 0) + 1);
      const groups = userGroups(inc, byId, labels);
      if (groups.size > 1) {
        mixed++;
        if (mixedExamples.length < 5) mixedExamples.push(`${inc.id}: ${[...groups].slice(0, 4).join(' | ')}`);
      }
    }
    const days = Math.max(1, (Date.parse(ds.manifest.end) - Date.parse(ds.manifest.start)) / 86_400_000);
    const staff = (ds.manifest.world as { staff?: number } | undefined)?.staff ?? 0;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      dataset: dsDir, seed: String(ds.manifest.seed), days, staff,
      alerts: alerts.length, incidents: c.incidents.length,
      compression: r2(alerts.length / Math.max(1, c.incidents.length)),
      incidentsPerDayPer1000Staff: staff ? r2(c.incidents.length / days / (staff / 1000)) : NaN,
      labelledAttacks: labels.length,
      attacksInAnIncident: covered.size,
      incidentsPerAttack: r2([...covered.values()].reduce((s, n) => s + n, 0) / Math.max(1, covered.size)),
      falseIncidents, falseIncidentsPerDay: r2(falseIncidents / days),
      mixedIncidents: mixed, mixedExamples,
      correlateSeconds: r2(correlateSeconds),
      feedback: feedback(alerts, matched),
    };
  } finally {
    store.close();
  }
}

/**
 * The first 50 alerts (at most half of them) get the analyst's verdict from the labels; each
 * false one becomes the product's default suppression from a verdict (`entity-rule`: this rule
 * for this alert's actors, 30 days, from the moment of the verdict). Alerts after the last
 * verdict are then counted with and without the suppressions, through the product's matcher.
 */
function feedback(alerts: Alert[], matched: Map<string, IncidentLabel[]>): Feedback {
  const n = Math.min(50, Math.floor(alerts.length / 2));
  const judged = alerts.slice(0, n);
  const list: Suppression[] = [];
  for (const a of judged) {
    if (matched.get(a.id)?.length) continue;
    const created = a.time;
    const expires = new Date(Date.parse(a.time) + 30 * 86_400_000).toISOString();
    for (const e of rolesOf(a).filter((x) => x.role === 'actor').slice(0, 5)) {
      list.push({ id: `s${list.length}`, detector: a.detector, rule: a.rule, entity: { type: e.type, id: e.id }, reason: 'bench verdict', createdBy: 'bench', created, expires });
    }
  }
  const after = alerts.slice(n);
  const kept = after.filter((a) => !suppressing(a, list.filter((x) => x.created <= a.time)));
  const isTrue = (a: Alert) => (matched.get(a.id)?.length ?? 0) > 0;
  const attacks = (xs: Alert[]) => new Set(xs.flatMap((a) => (matched.get(a.id) ?? []).map((l) => l.id))).size;
  return {
    verdicts: n,
    falsePositiveVerdicts: judged.filter((a) => !isTrue(a)).length,
    suppressions: list.length,
    falseAlertsAfter: after.filter((a) => !isTrue(a)).length,
    falseAlertsAfterSuppressed: kept.filter((a) => !isTrue(a)).length,
    trueAlertsAfter: after.filter(isTrue).length,
    trueAlertsAfterSuppressed: kept.filter(isTrue).length,
    attacksDetectedAfter: attacks(after),
    attacksDetectedAfterSuppressed: attacks(kept),
  };
}

/**
 * The groups of related users an incident's actors and targets fall into (see the header): users
 * are joined when one labelled attack near the incident names both; a user no attack names is a
 * group alone.
 */
function userGroups(inc: Incident, byId: Map<string, Alert>, labels: IncidentLabel[]): Set<string> {
  const start = Date.parse(inc.start) - 86_400_000;
  const end = Date.parse(inc.end) + 86_400_000;
  const near = labels.filter((l) => Date.parse(l.start) <= end && Date.parse(l.end) >= start);
  const users = new Set<string>();
  for (const id of inc.alertIds) {
    const a = byId.get(id);
    if (!a) continue;
    for (const e of rolesOf(a)) if (e.type === 'user' && e.role !== 'related') users.add(e.id.toLowerCase());
  }
  const parent = new Map([...users].map((u) => [u, u]));
  const find = (u: string): string => {
    let r = u;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const l of near) {
    const named = l.entities.filter((e) => e.type === 'user').map((e) => e.id.toLowerCase()).filter((u) => users.has(u));
    for (const u of named.slice(1)) parent.set(find(u), find(named[0]!));
  }
  const groups = new Map<string, string[]>();
  for (const u of users) groups.set(find(u), [...(groups.get(find(u)) ?? []), u]);
  return new Set([...groups.values()].map((g) => g.slice(0, 3).join('+') + (g.length > 3 ? `+${g.length - 3} more` : '')));
}

const pairs = process.argv.slice(2).map((p) => p.split('=') as [string, string]);
if (!pairs.length || pairs.some((p) => p.length !== 2)) {
  process.stderr.write('usage: node dist/bench/incidents.js DATASET_DIR=STORE_DIR [...]\n');
  process.exit(2);
}
const rows = pairs.map(([d, s]) => {
  process.stderr.write(`[incidents] ${d}\n`);
  return measure(d, s);
});
const out = { bench: 'incidents', date: new Date().toISOString(), machine: { cpus: cpus().length, loadavg: loadavg() }, rows };
mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench/results/incidents.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
