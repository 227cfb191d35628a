import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { rng } from '../../ml/index.js';
import { runDetector } from '../testing.js';
import { logAnomalyConfig } from './config.js';
import { LogAnomalyDetector } from './detector.js';

const T0 = Date.UTC(2026, 0, 1);
let seq = 0;
function ev(msg: string, t: number): WardEvent {
  return { '@timestamp': new Date(t).toISOString(), event: { id: `s${++seq}`, kind: 'event', module: 'syslog' }, message: msg, host: { name: 'dn1' }, process: { name: 'hdfs' } } as WardEvent;
}
const kind = (a: AlertDraft) => /\(([^)]*)\)$/.exec(a.explanation.summary)?.[1];
const r = rng(3);
const ip = () => `10.251.${Math.floor(r() * 200)}.${Math.floor(r() * 250)}`;

/** HDFS-shaped block lifecycle lines (as in Loghub HDFS), steps of the three replicas interleaved at random. */
function block(b: string, opts: { reads?: number; drop?: number } = {}): string[] {
  const head = [`BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/part-${Math.floor(r() * 999)}. ${b}`, ...[0, 1, 2].map(() => `Receiving block ${b} src: /${ip()}:54106 dest: /${ip()}:50010`)];
  head.sort(() => r() - 0.5);
  const mid: string[] = [];
  for (const i of [0, 1, 2]) mid.push(`Received block ${b} of size 67108864 from /${ip()}`, `PacketResponder ${i} for block ${b} terminating`);
  for (let i = 0; i < 3; i++) mid.splice(Math.floor(r() * mid.length), 0, `BLOCK* NameSystem.addStoredBlock: blockMap updated: ${ip()}:50010 is added to ${b} size 67108864`);
  const reads = Array.from({ length: opts.reads ?? Math.floor(r() * 3) }, () => `${ip()}:50010 Served block ${b} to /${ip()}`);
  const tail = [0, 1, 2].map(() => `Deleting block ${b} file /mnt/hadoop/dfs/data/current/subdir${Math.floor(r() * 60)}/${b}`);
  const all = [...head, ...mid, ...reads, ...tail];
  return opts.drop ? all.slice(0, all.length - opts.drop) : all;
}

function det(over: Record<string, unknown> = {}) {
  return new LogAnomalyDetector(logAnomalyConfig.parse({ warmupLines: 100, warmup: '1h', sessionPattern: '(blk_-?\\d+)', sessionIdle: '30s', sessionTrain: 150, findings: ['session'], maxAlertsPerHour: 100, ...over }), 'logs');
}

let t = T0;
/** Blocks one after another: a line a second, 60 s between blocks (so each closes before the next). */
function lines(blocks: string[][]): WardEvent[] {
  const out: WardEvent[] = [];
  for (const b of blocks) { for (const m of b) out.push(ev(m, (t += 1000))); t += 60_000; }
  return out;
}
const id = () => `blk_${Math.floor(r() * 1e15) - 5e14}`;

describe('logs.anomaly sessions', () => {
  const d = det();
  runDetector(d, lines(Array.from({ length: 300 }, () => block(id()))));

  it('learns normal sessions and stays silent on new normal ones, whatever the interleaving', () => {
    expect(d.counters.sessionsClosed).toBeGreaterThanOrEqual(299);
    expect(runDetector(d, lines(Array.from({ length: 100 }, () => block(id()))))).toEqual([]);
  });

  it('flags a block that stops after being received once, with counts, order and its own lines as evidence', () => {
    const b = id();
    const broken = block(b, { drop: 14 }); // allocated and received, never acknowledged nor stored
    const alerts = runDetector(d, lines([broken, block(id())])); // the next block's first line closes it
    expect(alerts.map(kind)).toEqual(['session']);
    const f = alerts[0]!.explanation.factors;
    const counts = f.filter((x) => x.feature === 'session_template_count');
    expect(counts.length).toBeGreaterThan(0);
    expect(String(counts[0]!.label)).toMatch(/<\*>/); // named by template, not by raw values
    expect(f.find((x) => x.feature === 'session_sequence')).toBeDefined();
    expect(alerts[0]!.explanation.evidence.length).toBe(broken.length);
  });

  it('flags a block whose replica was deleted twice as often as ever before (only known templates)', () => {
    const b = id();
    const odd = [...block(b, { reads: 0 }), ...[0, 1, 2].map(() => `Deleting block ${b} file /mnt/hadoop/dfs/data/current/subdir1/${b}`)];
    const alerts = runDetector(d, lines([odd, block(id())]));
    expect(alerts.map(kind)).toEqual(['session']);
    expect(alerts[0]!.explanation.factors[1]).toMatchObject({ feature: 'session_template_count', observed: 6 });
  });

  it('bounds open sessions (closed early and counted) and keeps training sessions across a restart', () => {
    const small = det({ maxOpenSessions: 10 });
    runDetector(small, Array.from({ length: 50 }, (_, i) => ev(`Receiving block blk_${i} src: /${ip()}:1 dest: /${ip()}:50010`, T0 + i)));
    expect(small.counters.sessionsEvicted).toBe(40);
    const copy = det();
    for (const [k, s] of JSON.parse(JSON.stringify(d.snapshot())) as Array<[string, unknown]>) copy.restore(k, s);
    const b = id();
    expect(runDetector(copy, lines([block(b, { drop: 14 }), block(id())])).map(kind)).toEqual(['session']);
  });
});
