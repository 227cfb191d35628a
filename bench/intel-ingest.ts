/**
 * Child process of bench/intel.ts: ingest one NDJSON file through the whole pipeline (parse →
 * store → detect) into DATA_DIR, with the `intel.match` detector or without any detector, and
 * print one JSON line with throughput and peak RSS.
 * Usage: node dist/bench/intel-ingest.js FILE DATA_DIR with|without
 */
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { ingestFiles } from '../src/pipeline/file-ingest.js';
import { openRuntime } from '../src/pipeline/runtime.js';

const [file, dataDir, mode] = process.argv.slice(2);
if (!file || !dataDir || (mode !== 'with' && mode !== 'without')) throw new Error('usage: intel-ingest FILE DATA_DIR with|without');
const loaded = loadConfigObject({ sources: [], detectors: mode === 'with' ? [{ type: 'intel.match', name: 'intel' }] : [] });
const rt = await openRuntime(loaded, { dataDir });
const s = await ingestFiles(rt, [file], { format: 'json' });
await rt.close();
process.stdout.write(`${JSON.stringify({
  mode, events: s.events, alerts: s.alerts, seconds: s.seconds, eventsPerSecond: s.events / s.seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024,
})}\n`);
