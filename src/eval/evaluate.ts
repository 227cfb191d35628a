import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../core/alert.js';
import type { ComponentEntry } from '../core/config.js';
import { parsers } from '../pipeline/builtins.js';
import { loadConfigObject } from '../pipeline/config-loader.js';
import { openRuntime } from '../pipeline/runtime.js';
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
  onProgress?: (p: ReplayProgress) => void;
}

/** What `wardwatch eval --json` prints. */
export interface EvalReport extends Scores {
  dataset: { name: string; dir: string; profile: string; seed: string; days: number; users: number; incidents: number };
  replay: ReplaySummary;
  seconds: number;
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
  if (o.detectors?.length) raw.detectors = o.detectors.map((type): ComponentEntry => ({ type }));
  const loaded = loadConfigObject(raw);
  const rt = await openRuntime(loaded, { dataDir });
  let replay: ReplaySummary;
  let alerts: Alert[];
  try {
    replay = await replayDataset(rt, ds, o.onProgress ? { onProgress: o.onProgress } : {});
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
    replay,
    seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)),
  };
}
