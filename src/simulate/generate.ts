import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WardError } from '../core/errors.js';
import { runDevices } from './activity/devices.js';
import { runNetworkLife } from './activity/network-life.js';
import { runEncounters } from './activity/encounters.js';
import { runMail } from './activity/mail.js';
import { runRemote } from './activity/remote.js';
import { runServers } from './activity/servers.js';
import { desks, runWorkforce } from './activity/workforce.js';
import { DAY, IdSource, type DayCtx, type Emit, type MailCorpus, type SimState } from './context.js';
import { HAM_TAR, PHISH_MBOX, readMboxGz, readTarGz } from './formats/corpus.js';
import { contextResources } from './formats/fhir-context.js';
import { Incident, type IncidentLabel } from './labels.js';
import { GENERATOR, type Manifest } from './manifest.js';
import { FileOutput, type DayBatch, type Item, type Output } from './output.js';
import { Rng } from './rng.js';
import { resolveScenarios, type PlannedRun } from './scenarios/index.js';
import { STREAMS, type StreamId } from './streams.js';
import { PROFILES, type ProfileName } from './world/profiles.js';
import { buildWorld } from './world/world.js';
import type { World } from './world/types.js';

export interface SimulateOptions {
  profile: ProfileName;
  days: number;
  seed: string;
  /** First simulated day (UTC midnight); default 2026-01-05, a Monday. */
  start?: string;
  /** Scenario names, or `['all']`; empty = normal life only. */
  scenarios?: string[];
  /** 0..1, default 0.7. */
  intensity?: number;
  /** Write files here (with manifest.json and labels.jsonl). */
  out?: string;
  /** More places to send each day (e.g. a live server). */
  outputs?: Output[];
  /** Streams to leave out (e.g. `mail` for speed). */
  skip?: StreamId[];
  syntheaDir?: string;
  /** Read ham and phishing from the shared corpora (default true). */
  corpora?: boolean;
  onDay?(p: { day: number; days: number; records: number }): void;
}

export interface SimulateResult {
  manifest: Manifest;
  labels: IncidentLabel[];
  world: World;
}

/**
 * The server inventory a site gives the network detectors (devices announce their class in telemetry; servers do not).
 *
 * @example
 * networkSite(world)['network.exfiltration']?.assets // [{ ip: '10.10.2.10', class: 'pacs' }, …]
 */
function networkSite(world: { servers: Array<{ ip: string; role: string }> }): Record<string, Record<string, unknown>> {
  const assets = world.servers.map((s) => ({ ip: s.ip, class: s.role === 'pacs' ? 'pacs' : `server_${s.role}` }));
  return Object.fromEntries(['network.new_external_destination', 'network.exfiltration', 'network.lateral_movement'].map((t) => [t, { assets }]));
}

/** Where the FHIR context (patients, practitioners, roles, staff-patient links) is written. */
export const CONTEXT_FILE = 'context/fhir-context.ndjson';

/** The role labels a deployment of this site would list under `rolesExplained`. */
const policyRoles = (w: World): string[] => w.site.policyExplained.map((r) => w.site.roleLabel[r]);

/** Default first day: Monday 5 January 2026. */
export const DEFAULT_START = '2026-01-05';

/**
 * Generate a simulated organisation day by day and stream each day to the outputs: only one
 * day (plus records carried past midnight) is in memory at a time. Deterministic for
 * (profile, seed, days, start, scenarios, intensity): the same options give byte-identical files.
 *
 * @example
 * const { manifest } = await simulate({ profile: 'clinic', days: 2, seed: '42', scenarios: ['bruteforce'], out: '/tmp/sim' });
 */
export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const started = process.hrtime.bigint();
  if (!PROFILES[o.profile]) throw new WardError('request.invalid', `unknown profile "${String(o.profile)}" (clinic, hospital, health-system)`, '--profile');
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 300) throw new WardError('request.invalid', 'expected a whole number of days from 1 to 300', '--days');
  const intensity = o.intensity ?? 0.7;
  if (!(intensity >= 0 && intensity <= 1)) throw new WardError('request.invalid', 'expected a number from 0 to 1', '--intensity');
  const startText = o.start ?? DEFAULT_START;
  const start = Date.parse(`${startText.slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(start)) throw new WardError('request.invalid', `expected a date like ${DEFAULT_START}`, '--start');
  const scenarios = resolveScenarios(o.scenarios ?? []);
  const world = buildWorld({ profile: o.profile, seed: o.seed, start, days: o.days, ...(o.syntheaDir ? { syntheaDir: o.syntheaDir } : {}) });
  const skip = new Set(o.skip ?? []);
  const unknown = [...skip].find((s) => !STREAMS.some((d) => d.id === s));
  if (unknown !== undefined) throw new WardError('request.invalid', `unknown stream "${unknown}" (streams: ${STREAMS.map((d) => d.id).join(', ')})`, '--skip');
  const files = o.out ? new FileOutput(o.out) : undefined;
  const outputs: Output[] = [...(files ? [files] : []), ...(o.outputs ?? [])];
  const corpus: MailCorpus = skip.has('mail') || o.corpora === false ? { ham: [], phish: [] }
    : { ham: await readTarGz(HAM_TAR, 300), phish: readMboxGz(PHISH_MBOX, 200) };

  // Plan every incident up front, each scenario from its own random stream.
  const root = new Rng(`run:${o.seed}`);
  const incidents: Incident[] = [];
  const planned: PlannedRun[] = [];
  for (const def of scenarios) {
    planned.push(...def.plan({
      world, rng: root.fork(`scenario:${def.name}`), days: o.days, intensity,
      incident: (scenario, techniques, description, variant) => {
        const inc = new Incident(`inc-${String(incidents.length + 1).padStart(4, '0')}`, scenario, techniques, description, intensity, variant);
        incidents.push(inc);
        return inc;
      },
    }));
  }

  const state: SimState = { inpatients: [], discharged: [], today: [], visitSeq: 0 };
  const patientsById = new Map(world.patients.map((p) => [p.id, p]));
  const seats = desks(world.workstations);
  const ids = new IdSource(root.fork('ids'));
  const carried = new Map<number, DayBatch>();
  const counts: Record<string, number> = {};
  let total = 0;
  try {
    for (let day = 0; day < o.days; day++) {
      const t0 = start + day * DAY;
      const batch: DayBatch = carried.get(day) ?? new Map();
      carried.delete(day);
      const emit: Emit = (stream, t, line, inc) => {
        if (skip.has(stream)) return;
        const d = Math.max(day, Math.floor((t - start) / DAY));
        if (d >= o.days) return; // past the end of the run
        let b = batch;
        if (d > day) {
          b = carried.get(d) ?? new Map();
          carried.set(d, b);
        }
        let list = b.get(stream);
        if (!list) b.set(stream, (list = []));
        const item: Item = { t, line };
        if (inc) item.inc = inc;
        list.push(item);
      };
      const dateDay = new Date(t0);
      const next2 = new Date(t0 + 2 * DAY);
      const ctx: DayCtx = {
        world, day, t0, dow: (dateDay.getUTCDay() + 6) % 7, monthEnd: next2.getUTCMonth() !== dateDay.getUTCMonth(),
        rng: root.fork(`day:${day}`), emit, state, ids, corpus,
      };
      runEncounters({ ...ctx, rng: ctx.rng.fork('encounters') }, patientsById);
      runWorkforce({ ...ctx, rng: ctx.rng.fork('workforce') }, seats);
      runServers({ ...ctx, rng: ctx.rng.fork('servers') });
      runRemote({ ...ctx, rng: ctx.rng.fork('remote') });
      runDevices({ ...ctx, rng: ctx.rng.fork('devices') });
      runNetworkLife({ ...ctx, rng: ctx.rng.fork('network-life') });
      if (!skip.has('mail')) runMail({ ...ctx, rng: ctx.rng.fork('mail') });
      for (const p of planned) if (p.day === day) p.run({ ...ctx, rng: ctx.rng.fork(`incident:${p.incident.id}`) }, p.incident);
      let records = 0;
      for (const [stream, items] of batch) {
        counts[stream] = (counts[stream] ?? 0) + items.length;
        records += items.length;
      }
      total += records;
      for (const out of outputs) await out.writeDay(day, t0, batch);
      o.onDay?.({ day, days: o.days, records });
    }
  } finally {
    for (const out of outputs) await out.close();
  }
  // The roster and patient index an organisation feeds Wardwatch (FHIR NDJSON; encounters and orders came as HL7).
  const context: string[] = [];
  if (o.out) {
    mkdirSync(join(o.out, 'context'), { recursive: true });
    writeFileSync(join(o.out, CONTEXT_FILE), contextResources(world, start).map((r) => `${JSON.stringify(r)}\n`).join(''));
    context.push(CONTEXT_FILE);
  }
  const labels = incidents.filter((i) => i.events > 0).map((i) => i.toLabel());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const manifest: Manifest = {
    generator: GENERATOR, profile: o.profile, seed: o.seed, days: o.days,
    start: new Date(start).toISOString(), end: new Date(start + o.days * DAY).toISOString(),
    scenarios: scenarios.map((s) => s.name), intensity,
    world: {
      staff: world.staff.length, patients: world.patients.length, syntheaPatients: world.patients.filter((p) => p.origin === 'synthea').length,
      workstations: world.workstations.length, servers: world.servers.length, devices: world.devices.length,
    },
    counts: Object.fromEntries(STREAMS.map((s) => [s.id, counts[s.id] ?? 0])),
    totalRecords: total, incidents: labels.length, files: files?.files ?? [],
    context,
    // What the site's written policy explains by role (a random subset of billing and coding, under the site's own role names).
    site: { 'ehr.access': { rolesExplained: policyRoles(world) }, 'ehr.behaviour': { rolesExplained: policyRoles(world) }, ...networkSite(world) },
    style: world.site,
    parsers: Object.fromEntries(STREAMS.filter((s) => s.parserConfig && !skip.has(s.id)).map((s) => [s.parser, s.parserConfig!])),
    generationSeconds: Number(seconds.toFixed(3)), recordsPerSecond: Math.round(total / Math.max(seconds, 1e-9)),
  };
  if (o.out) {
    writeFileSync(join(o.out, 'labels.jsonl'), labels.map((l) => `${JSON.stringify(l)}\n`).join(''));
    writeFileSync(join(o.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return { manifest, labels, world };
}
