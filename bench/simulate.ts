/**
 * Simulator speed: a month of the hospital profile with every scenario, written to disk.
 *
 *   npm run build && node dist/bench/simulate.js     # writes bench/results/simulate.json
 *
 * Environment: SIM_PROFILE (hospital), SIM_DAYS (30), SIM_SEED (1), SIM_OUT (a folder under the
 * temp dir, kept so `wardwatch eval --dataset` can reuse it), SIM_EVAL=1 to also score it.
 * Reports wall and CPU seconds (the machine may be shared: CPU time is the steadier figure),
 * records per second of each, bytes written and peak RSS.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../src/eval/index.js';
import { simulate, type ProfileName } from '../src/simulate/index.js';

const profile = (process.env.SIM_PROFILE ?? 'hospital') as ProfileName;
const days = Number(process.env.SIM_DAYS ?? 30);
const seed = process.env.SIM_SEED ?? '1';
const out = process.env.SIM_OUT ?? join(tmpdir(), `wardwatch-sim-${profile}-${days}d`);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

rmSync(out, { recursive: true, force: true });
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const r = await simulate({
  profile, days, seed, scenarios: ['all'], out,
  onDay: (p) => log(`day ${p.day + 1}/${p.days}: ${p.records} records`),
});
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const bytes = r.manifest.files.reduce((s, f) => s + f.bytes, 0);
const results: Record<string, unknown> = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node, loadAverage1m: loadavg()[0] },
  profile, days, seed, out,
  world: r.manifest.world,
  records: r.manifest.totalRecords,
  counts: r.manifest.counts,
  incidents: r.manifest.incidents,
  bytesWritten: bytes,
  wallSeconds: Number(wall.toFixed(2)),
  cpuSeconds: Number(cpuSeconds.toFixed(2)),
  recordsPerWallSecond: Math.round(r.manifest.totalRecords / wall),
  recordsPerCpuSecond: Math.round(r.manifest.totalRecords / cpuSeconds),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
};
log(`${r.manifest.totalRecords} records in ${wall.toFixed(1)}s wall / ${cpuSeconds.toFixed(1)}s CPU`);
if (process.env.SIM_EVAL === '1') {
  const e = await evaluate({ dataset: out, onProgress: (p) => log(`eval day ${p.day}/${p.days}: ${p.events} events`) });
  results.eval = { detectors: e.detectors, scenarioSummary: e.scenarioSummary, replay: e.replay, seconds: e.seconds };
}
mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench', 'results', 'simulate.json'), `${JSON.stringify(results, null, 2)}\n`);
log('wrote bench/results/simulate.json');
