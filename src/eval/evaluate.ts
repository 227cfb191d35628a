import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../core/alert.js';
import type { ComponentEntry } from '../core/config.js';
import { parsers } from '../pipeline/builtins.js';
import { loadContextFiles } from '../pipeline/context-load.js';
import { DEFAULT_DETECTORS, loadConfigObject } from '../pipeline/config-loader.js';
import { openRuntime } from '../pipeline/runtime.js';
import { ehrCoverage, type EhrCoverage } from './coverage.js';
import { loadDataset, type Dataset } from './dataset.js';
import { score, type Scores } from './metrics.js';
import { replayDataset, type ReplayProgress, type ReplaySummary } from './replay.js';

export interface EvalOptions {
  /** Dataset folder (made by `wardwatch simulate`). */
  dataset: string;
  /** Detector types to run (default: the defaults of a fresh install). */
  detectors?: string[];
  /** Detector worker threads (default 0: the main thread, which is deterministic and enough here). */
  workers?: number;
  /** Keep the pipeline's data directory here instead of a temporary one. */
  dataDir?: string;
  /** Dataset streams not to replay (reported under `replay.skipped`). */
  skipStreams?: string[];
  onProgress?: (p: ReplayProgress) => void;
  /** Settings per detector type laid over the dataset's site settings (e.g. `{ 'ehr.access': { templates: [...] } }`). */
  detectorConfig?: Record<string, Record<string, unknown>>;
}

/** What `wardwatch eval --json` prints. */
export interface EvalReport extends Scores {
  dataset: { name: string; dir: string; profile: string; seed: string; days: number; users: number; incidents: number };
  /** What was loaded from the dataset's context files (patients, staff, relationships). */
  context?: { files: number; patients: number; staff: number; relationships: number; skipped: number };
  /** Share of legitimate EHR accesses a relationship or role rule explains (when `ehr.access` runs). */
  ehrCoverage?: EhrCoverage;
  replay: ReplaySummary;
  seconds: number;
}

/**
 * Which detectors run: the requested types, else a fresh install's defaults plus the
 * roster-dependent identity detectors when the dataset brings a roster; each with the dataset's
 * site settings (e.g. the roles whose work spans every patient) for its type.
 */
function detectorEntries(ds: Dataset, requested?: string[], overrides: Record<string, Record<string, unknown>> = {}): ComponentEntry[] {
  const withRoster = ds.manifest.context?.length ? [{ type: 'identity.rare_login_time' }, { type: 'identity.new_source' }] : [];
  const base: ComponentEntry[] = requested?.length ? requested.map((type) => ({ type })) : [...DEFAULT_DETECTORS, ...withRoster];
  const site = ds.manifest.site ?? {};
  return base.map((e) => ({ ...e, ...(site[e.type] ?? {}), ...(overrides[e.type] ?? {}) }));
}

/** Every stored alert (the store pages newest first). */
function allAlerts(rt: Awaited<ReturnType<typeof openRuntime>>): Alert[] {
  const out: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = rt.store.listAlerts({ limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/**
 * Run the real pipeline (store, parsers, enrichers, detectors) over a labelled dataset in a
 * fresh data directory, then score the alerts against the labels.
 *
 * @example
 * const r = await evaluate({ dataset: '/tmp/sim' });
 * r.detectors['auth.bruteforce']?.recall
 */
export async function evaluate(o: EvalOptions): Promise<EvalReport> {
  const started = process.hrtime.bigint();
  const ds: Dataset = loadDataset(o.dataset);
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'wardwatch-eval-'));
  const raw: Record<string, unknown> = {
    dataDir, sources: [],
    store: { synchronous: 'normal', retentionDays: 36_500 },
    pipeline: { workers: o.workers ?? 0 },
    // The dataset says how to read its files (e.g. the EHR CSV column mapping); parsers not registered are skipped anyway.
    parsers: Object.fromEntries(Object.entries(ds.manifest.parsers ?? {}).filter(([name]) => parsers.has(name))),
  };
  raw.detectors = detectorEntries(ds, o.detectors, o.detectorConfig);
  const loaded = loadConfigObject(raw);
  const rt = await openRuntime(loaded, { dataDir });
  let replay: ReplaySummary;
  let alerts: Alert[];
  let context: EvalReport['context'];
  let coverage: EhrCoverage | undefined;
  try {
    // The organisation's roster and patient index, as a site would load them before go-live.
    const files = (ds.manifest.context ?? []).map((f) => join(ds.dir, f));
    if (files.length) context = await loadContextFiles(rt.context, dataDir, files);
    replay = await replayDataset(rt, ds, { ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.skipStreams ? { skipStreams: o.skipStreams } : {}) });
    if (loaded.detectors.some((d) => d.type === 'ehr.access')) coverage = ehrCoverage(rt, ds, rt.context);
    alerts = allAlerts(rt);
  } finally {
    await rt.close();
    if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  const detectorNames = loaded.detectors.map((d) => d.type);
  const scores = score(alerts, ds.labels, { days: ds.manifest.days, users: ds.manifest.world.staff, detectors: detectorNames });
  return {
    dataset: {
      name: ds.name, dir: ds.dir, profile: ds.manifest.profile, seed: ds.manifest.seed, days: ds.manifest.days,
      users: ds.manifest.world.staff, incidents: ds.labels.length,
    },
    ...scores,
    ...(context ? { context } : {}),
    ...(coverage ? { ehrCoverage: coverage } : {}),
    replay,
    seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)),
  };
}
