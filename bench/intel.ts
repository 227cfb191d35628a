/**
 * Threat-intel matching benchmark → bench/results/intel.json.
 *
 * Indicators (1M, deterministic): IPsum's 120,430 addresses (../shared/data/intel/feeds/ipsum,
 * the real feed of 2026-08-22) + synthetic domains `d<i>.bench-intel.example` and SHA-256 hashes
 * sha256("bench-hash-<i>") to make up 1,000,000. Imported through the real importers into a real
 * intel.db. Events (deterministic, seeded): network/DNS/file events with public and private
 * addresses, DNS names and file hashes; 1 in 1,000 carries a listed IPsum address, 1 in 2,000 a
 * subdomain of a listed domain, 1 in 5,000 a listed hash.
 *
 * Measured: import time; matcher build time and heap of the lookup sets (after GC, needs
 * --expose-gc); match() throughput on one core; whole-pipeline ingest (parse → SQLite → detect)
 * of the same events with the intel.match detector vs with no detector, alternated 2× each.
 * Usage: npm run build && node --expose-gc dist/bench/intel.js   (BENCH_INTEL_EVENTS=200000)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntelMatcher } from '../src/detect/intel-match/matcher.js';
import type { WardEvent } from '../src/core/event.js';
import { importPath } from '../src/intel/importers/run.js';
import { IntelStore } from '../src/intel/store/intel-store.js';
import { rng } from './corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, existsSync(resolve(here, '../package.json')) ? '..' : '../..');
const IPSUM = resolve(root, '../shared/data/intel/feeds/ipsum/ipsum.txt');
const N_EVENTS = Number(process.env.BENCH_INTEL_EVENTS ?? 200_000);
const TOTAL = 1_000_000;
const log = (m: string) => process.stderr.write(`[bench:intel] ${m}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!existsSync(IPSUM)) throw new Error(`${IPSUM} not found: the shared data set must be beside the project`);

// BENCH_INTEL_WORK reuses a previous run's folder (its intel.db): the import is the slow part.
const reuse = process.env.BENCH_INTEL_WORK;
const work = reuse ?? mkdtempSync(join(tmpdir(), 'ww-bench-intel-'));
const intelDir = join(work, 'intel');
const results: Record<string, unknown> = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node, loadAverageAtStart: loadavg()[0] },
  indicators: { ipsum: 'feeds/ipsum/ipsum.txt (120,430 IPv4, real feed of 2026-08-22)', synthetic: 'domains d<i>.bench-intel.example and SHA-256 of "bench-hash-<i>", to 1,000,000 in all' },
};

// 1. Indicator files and import.
const nIpsum = 120_430;
const nDomains = Math.floor((TOTAL - nIpsum) / 2);
const nHashes = TOTAL - nIpsum - nDomains;
const hashOf = (i: number) => createHash('sha256').update(`bench-hash-${i}`).digest('hex');
if (!reuse) writeFileSync(join(work, 'bench-domains.txt'), Array.from({ length: nDomains }, (_, i) => `d${i}.bench-intel.example`).join('\n'));
if (!reuse) writeFileSync(join(work, 'bench-hashes.txt'), Array.from({ length: nHashes }, (_, i) => hashOf(i)).join('\n'));
if (reuse) {
  results.import = JSON.parse(process.env.BENCH_INTEL_IMPORT ?? 'null') ?? 'reused intel.db of a previous run';
} else {
  const store = IntelStore.open(intelDir);
  const t0 = performance.now();
  const reports = [
    ...importPath(store, IPSUM, { source: 'ipsum', ttlDays: 3650 }),
    ...importPath(store, join(work, 'bench-domains.txt'), { ttlDays: 3650 }),
    ...importPath(store, join(work, 'bench-hashes.txt'), { ttlDays: 3650 }),
  ];
  const s = (performance.now() - t0) / 1000;
  const loaded = reports.reduce((a, r) => a + r.loaded, 0);
  results.import = { indicators: loaded, seconds: s, perSecond: loaded / s };
  log(`imported ${loaded} indicators in ${s.toFixed(1)} s`);
  store.close();
}

// 2. Lookup sets: build time and memory.
let matcher: IntelMatcher;
{
  const store = IntelStore.open(intelDir, { readonly: true });
  gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  matcher = IntelMatcher.build(store.keys(Date.now()));
  const s = (performance.now() - t0) / 1000;
  gc?.();
  const after = process.memoryUsage();
  results.sets = {
    indicators: matcher.size, counts: matcher.counts(), buildSeconds: s,
    heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20, rssMiB: (after.rss - before.rss) / 2 ** 20,
    note: gc ? 'heap after GC: the sets hold row numbers; explanations are read from intel.db on a hit' : 'run with --expose-gc for exact figures',
  };
  log(`sets: ${matcher.size} in ${s.toFixed(1)} s, heap +${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(0)} MiB`);
  store.close();
}

// 3. Events (deterministic) and the match() rate on one core.
const ipsumHits = (await import('node:fs')).readFileSync(IPSUM, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]!);
const rand = rng(7);
const t0 = Date.parse('2026-12-07T00:00:00Z');
const events: Array<Record<string, unknown>> = [];
for (let i = 0; i < N_EVENTS; i++) {
  const pub = `${1 + Math.floor(rand() * 222)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
  const priv = `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
  const e: Record<string, unknown> = { '@timestamp': new Date(t0 + i * 20).toISOString(), event: { category: ['network'], action: 'connection' }, source: { ip: priv }, destination: { ip: i % 1000 === 0 ? ipsumHits[i % ipsumHits.length] : pub } };
  if (i % 4 === 0) e.dns = { question: { name: i % 2000 === 0 ? `cdn.d${i % nDomains}.bench-intel.example` : `host${Math.floor(rand() * 1e6)}.example.org` } };
  if (i % 10 === 0) e.file = { hash: { sha256: i % 5000 === 0 ? hashOf(i % nHashes) : createHash('sha256').update(`clean-${i}`).digest('hex') } };
  events.push(e);
}
{
  let hits = 0;
  const evs = events.map((e, i) => ({ ...e, event: { ...(e.event as object), id: `e${i}` } }) as unknown as WardEvent);
  for (let r = 0; r < 2; r++) for (const e of evs) matcher.match(e); // warm up
  const t = performance.now();
  for (const e of evs) if (matcher.match(e).length) hits++;
  const s = (performance.now() - t) / 1000;
  results.match = { events: evs.length, hits, seconds: s, eventsPerSecond: evs.length / s, microsPerEvent: (s * 1e6) / evs.length };
  log(`match(): ${Math.round(evs.length / s)} events/s, ${hits} hits`);
}
const corpus = join(work, 'events.ndjson');
writeFileSync(corpus, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
// Warm-up (untimed, same for both modes): 20,000 more events of the same kind, shifted in time.
const warmup = join(work, 'warmup.ndjson');
writeFileSync(warmup, events.slice(0, 20_000).map((e) => JSON.stringify({ ...e, '@timestamp': new Date(Date.parse(e['@timestamp'] as string) - 86_400_000).toISOString() })).join('\n') + '\n');

// 4. Whole pipeline, with vs without the detector, alternated to spread the machine's load.
const script = join(here, 'intel-ingest.js');
const runs: Array<Record<string, number | string>> = [];
for (let round = 0; round < 2; round++) {
  for (const mode of ['without', 'with'] as const) {
    const dir = join(work, `run-${round}-${mode}`);
    mkdirSync(dir, { recursive: true });
    if (mode === 'with') copyFileSync(IntelStore.file(intelDir), IntelStore.file(dir));
    const out = execFileSync(process.execPath, [script, corpus, dir, mode, warmup], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
    runs.push({ round, ...r, loadAverage: loadavg()[0]! });
    log(`ingest ${mode}: ${Math.round(r.eventsPerSecond as number)} events/s, ${r.alerts} alerts`);
    rmSync(dir, { recursive: true, force: true });
  }
}
const best = (m: string) => Math.max(...runs.filter((r) => r.mode === m).map((r) => r.eventsPerSecond as number));
results.ingest = { events: N_EVENTS, runs, bestWithout: best('without'), bestWith: best('with'), slowdownPercent: (1 - best('with') / best('without')) * 100 };
log(`slowdown: ${(1 - best('with') / best('without')) * 100} %`);

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/intel.json'), `${JSON.stringify(results, null, 2)}\n`);
if (!reuse) rmSync(work, { recursive: true, force: true });
