/**
 * How much of the compliance catalogue Wardwatch's automated evidence covers, on a real store.
 *
 *   node dist/src/cli/main.js simulate --profile clinic --days 14 --seed 7 --scenarios all --out /tmp/sim
 *   node dist/src/cli/main.js eval --dataset /tmp/sim --keep-data-dir /tmp/sim-data
 *   node dist/bench/compliance-coverage.js /tmp/sim-data 2026-01-05 2026-01-19 [label]
 *
 * Writes bench/results/compliance-coverage-<label>.json: per framework the controls, those mapped to
 * an automated measure (catalogue design) and those measured on this data (a measure could be
 * computed), each measure's status, and the status counts. Nothing is snapshotted into the store.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE, evaluate } from '../src/compliance/index.js';
import { ContextStore, SqliteStore } from '../src/store/sqlite/index.js';

const [dataDir, fromArg, toArg, label = 'run'] = process.argv.slice(2);
if (!dataDir || !fromArg || !toArg) {
  process.stderr.write('usage: node dist/bench/compliance-coverage.js DATA_DIR FROM TO [label]\n');
  process.exit(2);
}
const from = Date.parse(`${fromArg}T00:00:00Z`), to = Date.parse(`${toArg}T00:00:00Z`);
const store = SqliteStore.open(dataDir);
const ctx = existsSync(join(dataDir, 'context.db')) ? ContextStore.open(dataDir) : undefined;
const t0 = performance.now();
const ev = evaluate(store.db, ctx?.db, from, to);
const seconds = (performance.now() - t0) / 1000;
const counts: Record<string, number> = {};
for (const c of ev.controls) counts[c.status] = (counts[c.status] ?? 0) + 1;
const events = store.db.prepare('SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ?').pluck().get(from, to) as number;
const out = {
  label, dataDir, period: { from: fromArg, to: toArg }, events, evaluateSeconds: Math.round(seconds * 100) / 100,
  catalogue: CATALOGUE.length,
  coverage: { ...ev.coverage, mappedShare: ev.coverage.mapped / ev.coverage.controls, measuredShare: ev.coverage.measured / ev.coverage.controls },
  statusCounts: counts,
  measures: ev.measures.map((m) => ({ id: m.id, status: m.status, summary: m.summary })),
};
ctx?.close();
store.close();
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/compliance-coverage-${label}.json`;
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ file, coverage: out.coverage, statusCounts: counts, evaluateSeconds: out.evaluateSeconds })}\n`);
