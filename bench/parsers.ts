/**
 * Per-parser throughput on the shared samples, scaled up by repetition: MiB/s and records/s on
 * one core (the parse call only, no store). Writes bench/results/parsers.json.
 * Usage: node dist/bench/parsers.js [targetMiB]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ParserDef } from '../src/core/components.js';
import { parsers } from '../src/pipeline/builtins.js';
import { makeEvent, rng } from './corpus.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = resolve(ROOT, '../shared/data');
const TARGET_MIB = Number(process.argv[2] ?? 50);

/** A parser and the real sample it is measured on (relative to ../shared/data, or a corpus writer). */
export interface ParserSample {
  parser: string;
  label: string;
  /** Lines (line framing) or documents of the sample. */
  load(): string[] | undefined;
}

const lines = (rel: string) => () => {
  const p = join(DATA, rel);
  if (!existsSync(p)) return undefined;
  const buf = readFileSync(p);
  const text = (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8');
  return text.split('\n').filter((l) => l.length > 0);
};

export const SAMPLES: ParserSample[] = [
  { parser: 'syslog', label: 'loghub OpenSSH (sshd auth.log)', load: lines('logs/loghub/OpenSSH/OpenSSH_2k.log') },
  { parser: 'syslog', label: 'loghub Linux (PAM, su, ftpd)', load: lines('logs/loghub/Linux/Linux_2k.log') },
  {
    parser: 'suricata',
    label: 'Suricata EVE (documentation examples, repeated)',
    load: () => {
      const p = join(ROOT, 'src/parsers/suricata/fixtures/eve.json');
      return existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter((l) => l.trim().length > 0) : undefined;
    },
  },
  {
    parser: 'zeek',
    label: 'Zeek conn.log TSV (header + the Zeek manual rows, repeated)',
    load: () => {
      const p = join(ROOT, 'src/parsers/zeek/fixtures/conn.log');
      if (!existsSync(p)) return undefined;
      const lines = readFileSync(p, 'utf8').split('\n').filter((l) => l.length > 0 && !l.startsWith('#close'));
      const header = lines.filter((l) => l.startsWith('#'));
      const rows = lines.filter((l) => !l.startsWith('#'));
      return [...header, ...Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length]!)];
    },
  },
  { parser: 'apache-error', label: 'loghub Apache error log', load: lines('logs/loghub/Apache/Apache_2k.log') },
  { parser: 'web-access', label: 'Apache access log with web attacks (web/attack-logs)', load: lines('web/attack-logs/sbousseaden-c2-weblogs/web_attack_and_isp_webshell_localhost_access_log.txt') },
  { parser: 'iis-w3c', label: 'IIS W3C log (Tunna RDP tunnel, web/attack-logs)', load: lines('web/attack-logs/sbousseaden-c2-weblogs/Tunna_rdp_tunnel_IIS.log') },
  {
    parser: 'json',
    label: 'ECS authentication events (bench corpus)',
    load: () => {
      const rand = rng(1);
      const t0 = Date.parse('2026-01-05T00:00:00Z');
      return Array.from({ length: 20_000 }, (_, i) => JSON.stringify(makeEvent(i, rand, t0 + i * 50)));
    },
  },
];

function measure(def: ParserDef<any>, records: string[]): { mibPerSecond: number; recordsPerSecond: number; bytes: number; records: number; events: number; deadLetters: number } {
  const parser = def.build(def.config.parse({}), { dataDir: join(ROOT, 'data') });
  const sampleBytes = records.reduce((s, r) => s + Buffer.byteLength(r) + 1, 0);
  const reps = Math.max(1, Math.ceil((TARGET_MIB * 1048576) / sampleBytes));
  const now = Date.now();
  const run = (n: number) => {
    let events = 0;
    let dead = 0;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < records.length; i++) {
        try {
          events += parser.parse({ data: records[i]!, source: 'bench', offset: i + 1, receivedAt: now, referenceTime: now }).length;
        } catch {
          dead++;
        }
      }
    }
    return { events, dead };
  };
  run(Math.min(reps, 3)); // warm up the JIT
  const t0 = process.hrtime.bigint();
  const { events, dead } = run(reps);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const n = records.length * reps;
  return { mibPerSecond: (sampleBytes * reps) / 1048576 / s, recordsPerSecond: n / s, bytes: sampleBytes * reps, records: n, events, deadLetters: dead };
}

export function benchParsers(samples: ParserSample[] = SAMPLES): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const s of samples) {
    if (!parsers.has(s.parser)) continue;
    const recs = s.load();
    if (!recs || recs.length === 0) {
      rows.push({ parser: s.parser, sample: s.label, skipped: 'sample not found under ../shared/data' });
      continue;
    }
    const r = measure(parsers.get(s.parser), recs);
    rows.push({ parser: s.parser, sample: s.label, ...r });
    process.stderr.write(`[bench] parser ${s.parser.padEnd(16)} ${r.mibPerSecond.toFixed(1).padStart(7)} MiB/s ${Math.round(r.recordsPerSecond).toString().padStart(9)} records/s  (${s.label})\n`);
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const rows = benchParsers();
  const out = join(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'parsers.json'), `${JSON.stringify({ when: new Date().toISOString(), targetMiBPerSample: TARGET_MIB, parsers: rows }, null, 2)}\n`);
}
