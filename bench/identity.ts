/**
 * Identity and EHR-access analytics throughput, baselines on: events per second per core through
 * `ehr.access` and the identity detectors, on one thread, with the clinical context in SQLite as
 * in production.
 *
 *   npm run build && node dist/bench/identity.js    # writes bench/results/identity.json
 *
 * A 3-day hospital (seed 5, EHR snooping, insider download, drug diversion, spraying) is simulated;
 * its roster is loaded; the day's records are parsed once (HL7 relationships go into the context as
 * the runtime does); then each detector is timed over the same event list, in time order. Env:
 * BENCH_DAYS (3).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WardEvent } from '../src/core/event.js';
import { parsers, detectors } from '../src/pipeline/builtins.js';
import { loadContextFiles, relationshipsFromEvents } from '../src/pipeline/context-load.js';
import { clinicalContextFor, rosterFrom } from '../src/pipeline/shard.js';
import { simulate } from '../src/simulate/index.js';
import { ContextStore } from '../src/store/sqlite/index.js';

const days = Number(process.env.BENCH_DAYS ?? 3);
const log = (m: string) => process.stderr.write(`[identity] ${m}\n`);
const dir = mkdtempSync(join(tmpdir(), 'ww-bench-id-'));
const dataDir = join(dir, 'data');
try {
  log(`simulating ${days} hospital days`);
  const sim = await simulate({ profile: 'hospital', days, seed: '5', scenarios: ['ehr-snooping', 'insider-download', 'drug-diversion', 'spray'], out: join(dir, 'sim'), corpora: false, skip: ['telemetry', 'mail', 'zeek-conn', 'zeek-dns', 'zeek-http'] });
  const context = ContextStore.open(dataDir);
  await loadContextFiles(context, dataDir, (sim.manifest.context ?? []).map((f) => join(dir, 'sim', f)));
  const events: WardEvent[] = [];
  for (const f of sim.manifest.files) {
    const def = parsers.get(f.parser);
    const p = def.build(def.config.parse(sim.manifest.parsers[f.parser] ?? {}), { dataDir });
    let line = 0;
    for (const data of readFileSync(join(dir, 'sim', f.path), 'utf8').split('\n')) {
      line++;
      if (!data) continue;
      try {
        const evs = p.parse({ data, source: f.path, offset: line, receivedAt: 0 }).map((e, i) => ({ ...e, event: { ...e.event, id: `${f.path}:${line}:${i}` } }) as WardEvent);
        const rels = relationshipsFromEvents(evs);
        if (rels.length) context.load({ relationships: rels });
        events.push(...evs);
      } catch {
        // headers and the odd unparseable line are not events
      }
    }
  }
  events.sort((a, b) => Date.parse(a['@timestamp']) - Date.parse(b['@timestamp']));
  log(`${events.length} events parsed`);
  const clinicalContext = clinicalContextFor(dataDir);
  const roster = rosterFrom(clinicalContext);
  const types = ['ehr.access', 'ehr.behaviour', 'identity.rare_login_time', 'identity.new_source', 'identity.impossible_travel', 'identity.after_termination', 'identity.dormant_account', 'identity.mfa_fatigue'];
  const results: Record<string, { accepted: number; alerts: number; seconds: number; eventsPerSecond: number; acceptedPerSecond: number }> = {};
  for (const type of types) {
    const def = detectors.get(type);
    const det = def.build(def.config.parse(type.startsWith('ehr.') ? { rolesExplained: ['billing', 'him_coder'] } : {}), { dataDir, name: type, clinicalContext, roster } as Parameters<typeof def.build>[1]);
    let accepted = 0;
    let alerts = 0;
    const t0 = process.hrtime.bigint();
    for (const e of events) {
      if (!det.accepts(e)) continue;
      const k = det.key(e);
      if (k === undefined) continue;
      accepted++;
      det.process(e, k, () => { alerts++; });
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    results[type] = { accepted, alerts, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(events.length / seconds), acceptedPerSecond: Math.round(accepted / seconds) };
    log(`${type}: ${accepted} accepted, ${alerts} alerts, ${results[type]!.acceptedPerSecond} accepted events/s`);
  }
  const total = Object.values(results).reduce((s, r) => s + r.seconds, 0);
  const out = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node, loadAverage1m: loadavg()[0] },
    dataset: { profile: 'hospital', days, seed: '5', events: events.length, staff: sim.manifest.world.staff },
    note: 'one thread; detector work only (events parsed beforehand); the clinical context is the production SQLite store',
    detectors: results,
    allTogether: { seconds: Number(total.toFixed(3)), eventsPerSecondPerCore: Math.round(events.length / total) },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/identity.json', `${JSON.stringify(out, null, 2)}\n`);
  log(`all together: ${out.allTogether.eventsPerSecondPerCore} events/s on one core → bench/results/identity.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
