/**
 * Child process of bench/intel.ts: ingest one NDJSON file through the whole pipeline (parse →
 * store → detect) into DATA_DIR, with the `intel.match` detector or without any detector, and
 * print one JSON line with throughput and peak RSS.
 * A warm-up file is ingested first and not timed: it makes the router and the shard workers
 * build their lookup sets (a one-off at start and after each import), so the timed run is the
 * steady state.
 * Usage: node dist/bench/intel-ingest.js FILE DATA_DIR with|without [WARMUP_FILE]
 */
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { ingestFiles } from '../src/pipeline/file-ingest.js';
import { openRuntime } from '../src/pipeline/runtime.js';

const [file, dataDir, mode, warmup] = process.argv.slice(2);
if (!file || !dataDir || (mode !== 'with' && mode !== 'without')) throw new Error('usage: intel-ingest FILE DATA_DIR with|without');
const loaded = loadConfigObject({ sources: [], detectors: mode === 'with' ? [{ type: 'intel.match', name: 'intel' }] : [] });
const rt = await openRuntime(loaded, { dataDir });
let warm = 0;
if (warmup) {
  const t = performance.now();
  await ingestFiles(rt, [warmup], { format: 'json' });
  warm = (performance.now() - t) / 1000;
}
const s = await ingestFiles(rt, [file], { format: 'json' });
await rt.close();
process.stdout.write(`${JSON.stringify({
  mode, warmupSeconds: warm, events: s.events, alerts: s.alerts, seconds: s.seconds, eventsPerSecond: s.events / s.seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024,
})}\n`);
