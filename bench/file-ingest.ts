/**
 * Child process of the bench: ingest one file into a fresh data directory and print one JSON
 * line with the throughput and the peak RSS of the whole process (workers included).
 * Usage: node dist/bench/file-ingest.js FILE DATA_DIR
 */
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { ingestFiles } from '../src/pipeline/file-ingest.js';
import { openRuntime } from '../src/pipeline/runtime.js';

const [file, dataDir] = process.argv.slice(2);
if (!file || !dataDir) throw new Error('usage: file-ingest FILE DATA_DIR');
const loaded = loadConfigObject({ sources: [] });
const rt = await openRuntime(loaded, { dataDir });
const s = await ingestFiles(rt, [file], { format: 'json' });
await rt.close();
process.stdout.write(`${JSON.stringify({
  events: s.events, alerts: s.alerts, deadLetters: s.deadLetters, seconds: s.seconds,
  eventsPerSecond: s.events / s.seconds, mibPerSecond: s.bytes / 1048576 / s.seconds,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
})}\n`);
