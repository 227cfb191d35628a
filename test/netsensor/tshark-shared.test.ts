import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA } from '../helpers.js';
import { appKeys } from './app-keys.js';
import { agreement, flowCounts, haveTshark, sense, tsharkAll, type Agreement } from './compare.js';

const ZEEK = join(DATA, 'pcap/zeek-traces');
const IOT = join(DATA, 'pcap/iotsec-medical-devices/iotsec_medical_kardiamobile_withings-wifi.pcap.tar.gz');
const have = haveTshark && existsSync(ZEEK);
if (!haveTshark) console.warn('netsensor tshark comparison skipped: tshark not installed (apt-get install tshark)');
else if (!existsSync(ZEEK)) console.warn(`netsensor tshark comparison skipped: ${ZEEK} absent`);

const dir = mkdtempSync(join(tmpdir(), 'ww-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The iotsec pcaps (classic pcap) concatenated into one file per link type (Ethernet and raw IP
 * both occur), each cut at its last whole record (one upstream file is truncated).
 */
function mergeIot(): string[] {
  execFileSync('tar', ['xzf', IOT, '-C', dir]);
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.pcap')) files.push(join(d, e.name));
    }
  };
  walk(dir);
  files.sort();
  const outs = new Map<number, { path: string; fd: number }>();
  for (const f of files) {
    const b = readFileSync(f);
    if (b.length < 24 || b.readUInt32LE(0) !== 0xa1b2c3d4) continue;
    const link = b.readUInt32LE(20);
    let out = outs.get(link);
    if (out === undefined) {
      const path = join(dir, `iot-merged-link${link}.pcap`);
      out = { path, fd: openSync(path, 'w') };
      writeSync(out.fd, b.subarray(0, 24));
      outs.set(link, out);
    }
    let o = 24;
    while (o + 16 <= b.length && o + 16 + b.readUInt32LE(o + 8) <= b.length) o += 16 + b.readUInt32LE(o + 8);
    writeSync(out.fd, b.subarray(24, o));
  }
  for (const o of outs.values()) closeSync(o.fd);
  return [...outs.values()].map((o) => o.path);
}

describe.skipIf(!have)('decoding agrees with tshark on the shared captures', () => {
  it('flows (packets and payload bytes per 5-tuple) and DNS, DHCP, TLS, MQTT fields', () => {
    const files = [...readdirSync(ZEEK).filter((f) => f.endsWith('.pcap')).map((f) => join(ZEEK, f)), ...(existsSync(IOT) ? mergeIot() : [])];
    const totals: Record<string, Agreement & { files: number }> = {};
    const add = (k: string, a: Agreement) => {
      const t = (totals[k] ??= { ours: 0, tshark: 0, agree: 0, onlyOurs: [], onlyTshark: [], files: 0 });
      t.ours += a.ours; t.tshark += a.tshark; t.agree += a.agree; t.files++;
      t.onlyOurs.push(...a.onlyOurs); t.onlyTshark.push(...a.onlyTshark);
    };
    for (const f of files) {
      const { recs } = sense(f);
      const rows = tsharkAll(f);
      const fc = flowCounts(rows, recs);
      add('flows', agreement(fc.ours, fc.theirs));
      for (const [k, v] of Object.entries(appKeys(rows, recs))) add(k, agreement(v.ours, v.theirs));
    }
    const table = Object.entries(totals).map(([k, t]) => `${k.padEnd(34)} ours=${t.ours} tshark=${t.tshark} agree=${t.agree}${t.onlyOurs.length + t.onlyTshark.length ? ` e.g. ours ${JSON.stringify(t.onlyOurs.slice(0, 2))} tshark ${JSON.stringify(t.onlyTshark.slice(0, 2))}` : ''}`);
    console.log(`netsensor vs tshark on ${files.length} captures:\n${table.join('\n')}`);
    expect(totals.flows!.tshark).toBeGreaterThan(50);
    for (const [k, t] of Object.entries(totals)) {
      expect(t.agree / Math.max(t.ours, t.tshark), k).toBeGreaterThanOrEqual(0.95);
    }
    expect(Object.keys(totals)).toEqual(expect.arrayContaining(['flows', 'dns query+rcode+answer count', 'dhcp mac+host+vendor+type', 'tls client hello sni+ja3', 'mqtt connect client id', 'mqtt publish topic']));
  }, 120_000);
});
