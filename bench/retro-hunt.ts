/**
 * Retro-hunt benchmark → bench/results/retro-hunt.json.
 *
 * Indicators: IPsum's real feed (../shared/data/intel/feeds/ipsum, 120,430 addresses) imported
 * through the real importer into a real intel.db, plus synthetic domains `d<i>.hunt.example`
 * (1 in 10 listed with subdomains) to 200,000. Events (seeded, deterministic): network and DNS
 * events spread over 30 days, written to a real event store (wardwatch.db) with appendEvents;
 * 1 in 1,000 carries a listed IPsum address, 1 in 2,000 a subdomain of a listed domain.
 * Measured: the retro-hunt over all stored events (JSON parse + lookup per event), events/s, and
 * that the expected events were found.
 * Usage: npx tsc -p tsconfig.build.json && node dist/bench/retro-hunt.js   (BENCH_HUNT_EVENTS=1000000)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WardEvent } from '../src/core/event.js';
import { newEventId } from '../src/core/ids.js';
import { retroHunt } from '../src/detect/intel-match/retro-hunt.js';
import { importPath } from '../src/intel/importers/run.js';
import { IntelStore } from '../src/intel/store/intel-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { rng } from './corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, existsSync(resolve(here, '../package.json')) ? '..' : '../..');
const IPSUM = resolve(root, '../shared/data/intel/feeds/ipsum/ipsum.txt');
const N = Number(process.env.BENCH_HUNT_EVENTS ?? 1_000_000);
const DOMAINS = 80_000;
const log = (m: string) => process.stderr.write(`[bench:retro-hunt] ${m}\n`);
if (!existsSync(IPSUM)) throw new Error(`${IPSUM} not found: the shared data set must be beside the project`);

const work = mkdtempSync(join(tmpdir(), 'ww-bench-hunt-'));
try {
  const now = Date.now();
  const intel = IntelStore.open(work);
  const ipsum = readFileSync(IPSUM, 'utf8').split('\n').filter((l) => /^\d/.test(l)).map((l) => l.split('\t')[0]!);
  const domains = join(work, 'domains.txt');
  writeFileSync(domains, Array.from({ length: DOMAINS }, (_, i) => `d${i}.hunt.example`).join('\n'));
  let t = performance.now();
  importPath(intel, IPSUM, { source: 'ipsum', ttlDays: 30, now: now - 1000 });
  importPath(intel, domains, { source: 'bench-domains', ttlDays: 30, now: now - 1000 });
  const importS = (performance.now() - t) / 1000;
  const indicators = intel.stats(now).active;
  log(`${indicators} indicators imported in ${importS.toFixed(1)} s`);

  mkdirSync(join(work, 'events'), { recursive: true });
  const events = SqliteStore.open(join(work, 'events'));
  const r = rng(20);
  let expectIp = 0;
  let expectDns = 0;
  t = performance.now();
  for (let done = 0; done < N;) {
    const batch: WardEvent[] = [];
    for (let i = 0; i < 5000 && done < N; i++, done++) {
      const ts = new Date(now - Math.floor(r() * 29 * 86_400_000)).toISOString();
      const pub = `${11 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
      let ip = pub;
      if (done % 1000 === 0) {
        ip = ipsum[Math.floor(r() * ipsum.length)]!;
        expectIp++;
      }
      const e: Record<string, unknown> = { '@timestamp': ts, event: { id: newEventId(), category: ['network'] }, source: { ip: `10.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}` }, destination: { ip }, host: { name: `ws-${Math.floor(r() * 500)}` } };
      if (done % 3 === 0) {
        const listed = done % 2000 === 3;
        if (listed) expectDns++;
        e.dns = { question: { name: listed ? `cdn.d${Math.floor(r() * DOMAINS)}.hunt.example` : `host${Math.floor(r() * 1e6)}.example.net` } };
      }
      batch.push(e as unknown as WardEvent);
    }
    events.appendEvents(batch);
    if (done % 500_000 === 0) log(`${done} events stored`);
  }
  const storeS = (performance.now() - t) / 1000;
  log(`${N} events stored in ${storeS.toFixed(1)} s; hunting …`);

  const res = retroHunt(events, intel, { days: 30, now, onProgress: (n) => { if (n % 1_000_000 === 0) log(`${n} searched`); } });
  log(`hunt: ${JSON.stringify(res)}`);
  // Subdomain hits count only for domains listed with subdomains (plain-list domains are); every planted event must be found.
  const out = {
    bench: 'retro-hunt', date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg(), node: process.version },
    indicators, events: N, plantedIpHits: expectIp, plantedDnsHits: expectDns,
    importSeconds: +importS.toFixed(2), storeSeconds: +storeS.toFixed(2),
    hunt: { ...res, seconds: +res.seconds.toFixed(2) },
    foundAllPlanted: res.matchedEvents >= expectIp + expectDns,
  };
  mkdirSync(resolve(root, 'bench/results'), { recursive: true });
  writeFileSync(resolve(root, 'bench/results/retro-hunt.json'), `${JSON.stringify(out, null, 2)}\n`);
  log(`written bench/results/retro-hunt.json`);
  events.close();
  intel.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
