import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, DATA, tempDir } from '../helpers.js';

const MQTT = join(DATA, 'pcap/zeek-traces/mqtt.pcap');
if (!existsSync(MQTT)) console.warn(`pcap ingest test skipped: ${MQTT} absent`);

interface PerFile { path: string; format?: string; status: string; events: number; deadLetters: number; reason?: string }

describe.skipIf(!existsSync(MQTT))('wardwatch ingest of packet captures', () => {
  it('recognises a pcap by its magic, streams it into connection and MQTT events, and dead-letters a truncated copy\'s tail', () => {
    const tmp = tempDir();
    try {
      const cut = join(tmp.dir, 'cut.pcap');
      const whole = readFileSync(MQTT);
      writeFileSync(cut, whole.subarray(0, whole.length - 40));
      const garbage = join(tmp.dir, 'bad.pcap');
      writeFileSync(garbage, Buffer.concat([whole.subarray(0, 24), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]));
      const data = join(tmp.dir, 'data');
      const r = cli(['ingest', '--data-dir', data, '--json', MQTT, cut, garbage]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { events: number; deadLetters: number; perFile: PerFile[] };
      expect(out.perFile.map((f) => [f.format, f.status])).toEqual([['pcap', 'ingested'], ['pcap', 'ingested'], ['pcap', 'ingested']]);
      expect(out.perFile[0]!.events).toBe(10); // 2 connections + 8 MQTT messages
      expect(out.perFile[0]!.deadLetters).toBe(0);
      expect(out.perFile[1]!.deadLetters).toBe(1);
      expect(out.perFile[2]!.deadLetters).toBe(1);
      const ev = cli(['events', '--data-dir', data, '--json']);
      expect(ev.stdout).toContain('paho/34AAE54A75D839566E');
      expect(ev.stdout).toContain('network-sensor.conn');
    } finally {
      tmp.cleanup();
    }
  }, 300_000);
});
