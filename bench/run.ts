/**
 * `npm run bench`: the foundation benchmarks, measured in one run and written to
 * bench/results/foundation.json. See README "Benchmarks" for what each figure means.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, makeEvent, rng } from './corpus.js';
import { benchParsers } from './parsers.js';
import { BENCH_TOKEN, startServer } from './server.js';

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const work = join(tmpdir(), 'wardwatch-bench');
const results: Record<string, unknown> = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node },
  corpusEvents: N,
};
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

// 0. Each parser on its real sample (one core, parse only).
results.parsers = benchParsers();

// 1. The ceiling: JSON.parse of the same corpus.
log(`corpus: ${N} events`);
const corpus = await ensureCorpus(work, N);
{
  const text = readFileSync(corpus.path, 'utf8');
  const t0 = process.hrtime.bigint();
  let n = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    JSON.parse(text.slice(start, nl));
    n++;
    start = nl + 1;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  results.jsonParse = { events: n, seconds: s, eventsPerSecond: n / s, mibPerSecond: corpus.bytes / 1048576 / s };
  log(`JSON.parse: ${Math.round(n / s)} events/s`);
}

// 2. File ingest through the whole pipeline into SQLite, in a child process (peak RSS is its own).
{
  const dir = mkdtempSync(join(tmpdir(), 'ww-bench-file-'));
  const script = fileURLToPath(new URL('./file-ingest.js', import.meta.url));
  log('file ingest: read → parse → detect → SQLite …');
  const out = execFileSync(process.execPath, [script, corpus.path, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
  results.fileIngest = r;
  results.peakRssMiBFor1MEvents = N === 1_000_000 ? r.peakRssMiB : undefined;
  log(`file ingest: ${Math.round(r.eventsPerSecond!)} events/s, peak RSS ${Math.round(r.peakRssMiB!)} MiB, ${r.alerts} alerts`);
  rmSync(dir, { recursive: true, force: true });
}

// 3. HTTP ingest under load (autocannon), 100 events per request.
{
  const dir = mkdtempSync(join(tmpdir(), 'ww-bench-http-'));
  const srv = await startServer(dir);
  const rand = rng(7);
  const t0 = Date.now();
  const body = Array.from({ length: 100 }, (_, i) => JSON.stringify(makeEvent(i, rand, t0 + i))).join('\n');
  log('HTTP ingest: autocannon, 16 connections, 15 s …');
  const r = await autocannon({
    url: `${srv.url}/api/ingest`,
    method: 'POST',
    connections: 16,
    duration: 15,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  await srv.stop();
  results.httpIngest = {
    eventsPerRequest: 100,
    requestsPerSecond: r.requests.average,
    eventsPerSecond: (r['2xx'] * 100) / r.duration,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
    accepted202: r['2xx'],
    refused: r.non2xx,
    errors: r.errors,
  };
  log(`HTTP ingest: ${Math.round((r['2xx'] * 100) / r.duration)} events/s, p99 ${r.latency.p99} ms, ${r.non2xx} refused`);
  rmSync(dir, { recursive: true, force: true });
}

// 4. Event-to-alert latency at a steady 20,000 events/s over HTTP.
{
  const dir = mkdtempSync(join(tmpdir(), 'ww-bench-lat-'));
  const srv = await startServer(dir);
  const rate = 20_000;
  const tickMs = 20;
  const perTick = (rate * tickMs) / 1000;
  const seconds = 20;
  const rand = rng(9);
  let i = 0;
  let sent = 0;
  const started = Date.now();
  log(`event-to-alert latency: ${rate} events/s for ${seconds} s …`);
  // Paced sender: a batch every tick, with up to four requests in flight so one slow answer does
  // not hold the rate down (a real fleet of senders does not wait for each other either).
  let next = started;
  const inflight = new Set<Promise<void>>();
  while (Date.now() - started < seconds * 1000) {
    const now = Date.now();
    const lines: string[] = [];
    for (let k = 0; k < perTick; k++, i++) lines.push(JSON.stringify(makeEvent(i, rand, now)));
    const p: Promise<void> = fetch(`${srv.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    }).then(async (res) => {
      if (res.status === 202) sent += perTick;
      await res.arrayBuffer();
    }).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 4) await Promise.race(inflight);
    next += tickMs;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inflight);
  const elapsed = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const latencies: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${srv.url}/api/alerts?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
    const page = (await res.json()) as { items: Array<{ time: string; created: string }>; next: string | null };
    for (const a of page.items) latencies.push(Date.parse(a.created) - Date.parse(a.time));
    cursor = page.next;
  } while (cursor);
  await srv.stop();
  results.eventToAlertLatency = {
    targetEventsPerSecond: rate,
    achievedEventsPerSecond: sent / elapsed,
    alerts: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
  };
  log(`latency: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms over ${latencies.length} alerts at ${Math.round(sent / elapsed)} events/s`);
  rmSync(dir, { recursive: true, force: true });
}

const fi = results.fileIngest as { eventsPerSecond: number };
const jp = results.jsonParse as { eventsPerSecond: number };
const hi = results.httpIngest as { eventsPerSecond: number };
results.ratios = {
  fileIngestToJsonParse: fi.eventsPerSecond / jp.eventsPerSecond,
  httpIngestToJsonParse: hi.eventsPerSecond / jp.eventsPerSecond,
  httpIngestToFileIngest: hi.eventsPerSecond / fi.eventsPerSecond,
};
const outDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'foundation.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
