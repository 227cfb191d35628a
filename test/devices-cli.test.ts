import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA, cli, tempDir } from './helpers.js';

/**
 * `wardwatch devices` end to end on the built CLI: Zeek DHCP and conn logs plus device telemetry are
 * ingested; the inventory ties the DHCP lease's MAC to the address, names the vendor from the MAC,
 * classifies a pump, a PACS and a modality, lists one JSON object per line with the documented fields,
 * filters, and (with the shared CISA data) matches advisories after `intel update`.
 */
const CSAF = join(DATA, 'intel/cisa-icsma-csaf/csaf_files');
const KEV = join(DATA, 'intel/cisa-kev/known_exploited_vulnerabilities.json');

describe('wardwatch devices', () => {
  const tmp = tempDir('ww-devices-cli-');
  const data = join(tmp.dir, 'data');
  const logs = join(tmp.dir, 'logs');
  const t0 = 1767600000; // 2026-01-05
  beforeAll(() => {
    mkdirSync(logs, { recursive: true });
    const zeek: object[] = [
      // The pump's DHCP lease: Baxter's MAC prefix 58:42:e4 on 10.30.0.7, its host name.
      { _path: 'dhcp', ts: t0, uids: ['C0'], mac: '58:42:e4:00:11:22', assigned_addr: '10.30.0.7', host_name: 'PUMP-ICU-07', msg_types: ['REQUEST', 'ACK'] },
      // Five modalities store to the PACS on 104.
      ...[1, 2, 3, 4, 5].map((i) => ({ _path: 'conn', ts: t0 + i, uid: `C${i}`, 'id.orig_h': `10.31.0.${i}`, 'id.orig_p': 40000 + i, 'id.resp_h': '10.10.2.10', 'id.resp_p': 104, proto: 'tcp', conn_state: 'SF', orig_bytes: 5_000_000, resp_bytes: 2000 })),
      // The pump publishes to the broker in clear.
      { _path: 'conn', ts: t0 + 10, uid: 'C10', 'id.orig_h': '10.30.0.7', 'id.orig_p': 50000, 'id.resp_h': '10.10.3.10', 'id.resp_p': 1883, proto: 'tcp', conn_state: 'SF', orig_bytes: 300, resp_bytes: 20 },
      // …and reaches out to the internet.
      { _path: 'conn', ts: t0 + 11, uid: 'C11', 'id.orig_h': '10.30.0.7', 'id.orig_p': 50001, 'id.resp_h': '198.51.100.44', 'id.resp_p': 443, proto: 'tcp', conn_state: 'SF', orig_bytes: 3000, resp_bytes: 900 },
    ];
    writeFileSync(join(logs, 'zeek.json'), `${zeek.map((z) => JSON.stringify(z)).join('\n')}\n`);
    const telemetry = { ts: '2026-01-05T08:00:00Z', topic: 'hospital/ICU/infusion_pump/DEV-1/telemetry', device: { id: 'DEV-1', type: 'infusion_pump', manufacturer: 'Baxter', model: 'Sigma Spectrum', firmware: '8.00.01', ip: '10.30.0.7' }, metrics: { battery_pct: 80 } };
    writeFileSync(join(logs, 'device-telemetry.ndjson'), `${JSON.stringify(telemetry)}\n`);
    writeFileSync(join(tmp.dir, 'config.yaml'), 'detectors: []\n');
    const z = cli(['ingest', join(logs, 'zeek.json'), '--format', 'zeek', '--config', join(tmp.dir, 'config.yaml'), '--data-dir', data, '--no-progress', '--respond', 'off']);
    expect(z.code, z.stderr).toBe(0);
    const d = cli(['ingest', join(logs, 'device-telemetry.ndjson'), '--format', 'device-telemetry', '--config', join(tmp.dir, 'config.yaml'), '--data-dir', data, '--no-progress', '--respond', 'off']);
    expect(d.code, d.stderr).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  const list = (...args: string[]) => {
    const r = cli(['devices', '--json', '--data-dir', data, ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
  };

  it('lists every device with the documented fields; the pump is keyed by its MAC with vendor, type and criticality', () => {
    const all = list();
    for (const d of all) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['id', 'mac', 'vendor', 'ips', 'hostnames', 'type', 'typeConfidence', 'criticality', 'protocols', 'firstSeen', 'lastSeen', 'risk', 'riskReasons', 'vulnerabilities']));
    }
    const pump = all.find((d) => d.ips.includes('10.30.0.7'))!;
    expect(pump).toMatchObject({ id: 'mac:58:42:e4:00:11:22', mac: '58:42:e4:00:11:22', type: 'infusion_pump', criticality: 'life-sustaining', hostnames: ['pump-icu-07'] });
    expect(pump.vendor).toMatch(/Baxter/);
    expect(pump.riskReasons.join(' ')).toMatch(/internet/);
    expect(all.find((d) => d.ips.includes('10.10.2.10'))).toMatchObject({ type: 'pacs', criticality: 'diagnostic' });
    expect(all.find((d) => d.ips.includes('10.31.0.3'))).toMatchObject({ type: 'imaging_modality' });
  }, 120_000);

  it('filters by type, criticality and risk, and refuses unknown values naming the valid ones', () => {
    expect(list('--type', 'pacs').map((d) => d.ips[0])).toEqual(['10.10.2.10']);
    expect(list('--criticality', 'life-sustaining').map((d) => d.type)).toEqual(['infusion_pump']);
    expect(list('--min-risk', '100')).toEqual([]);
    const bad = cli(['devices', '--type', 'toaster', '--data-dir', data]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/infusion_pump/);
    expect(cli(['devices', '--help']).stdout).toMatch(/--min-risk/);
  }, 240_000);

  it('an override set from the CLI sticks and is shown as such', () => {
    const r = cli(['devices', '--id', '10.10.2.10', '--set-criticality', 'life-sustaining', '--json', '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ criticality: 'life-sustaining', criticalitySource: 'override', type: 'pacs' });
    expect(list('--type', 'pacs')[0]).toMatchObject({ criticality: 'life-sustaining' });
    cli(['devices', '--id', '10.10.2.10', '--set-criticality', 'auto', '--data-dir', data]);
    expect(list('--type', 'pacs')[0]).toMatchObject({ criticality: 'diagnostic' });
  }, 240_000);

  it.skipIf(!existsSync(CSAF))('after intel update with the shared CISA data, the Sigma Spectrum pump has matched advisories', () => {
    const u = cli(['intel', 'update', '--kev', KEV, '--csaf', CSAF, '--json', '--no-hunt', '--data-dir', data]);
    expect(u.code, u.stderr).toBe(0);
    expect(JSON.parse(u.stdout).vulns.map((v: { outcome: string }) => v.outcome)).toEqual(['updated', 'updated']);
    const pump = list('--type', 'infusion_pump')[0]!;
    const strong = pump.vulnerabilities.filter((v: { confidence: string }) => v.confidence !== 'possible');
    expect(strong.length).toBeGreaterThan(0);
    expect(strong.every((v: { id: string }) => v.id.startsWith('ICSMA-'))).toBe(true);
    expect(pump.riskReasons.join(' ')).toMatch(/advisor/);
  }, 240_000);
});
