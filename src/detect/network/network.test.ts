import { describe, expect, it } from 'vitest';
import type { Detector, DetectorDef } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import * as net from './index.js';
import { conn, DAY, dnsQuery, HOUR, MIN, run, smbFile, T0, telemetry } from './testing.js';

function build<C>(def: DetectorDef<C>, cfg: Record<string, unknown> = {}): Detector {
  return def.build(def.config.parse(cfg), { dataDir: '/nonexistent', name: def.type });
}

/** Two weeks of a pump's ordinary life: telemetry announcing its class, hourly MQTT to the broker, a daily vendor check. */
function pumpLife(ip: string, days = 14): WardEvent[] {
  const out: WardEvent[] = [];
  for (let d = 0; d < days; d++) {
    out.push(telemetry(T0 + d * DAY, 'PUMP-1', 'infusion_pump', ip, { flow_rate_ml_h: 80 + (d % 5) }));
    for (let h = 0; h < 24; h++) out.push(conn(T0 + d * DAY + h * HOUR + 7 * MIN, ip, '10.10.3.10', 8883, { service: 'mqtt', up: 40_000 }));
    out.push(conn(T0 + d * DAY + 3 * HOUR, ip, '165.225.10.40', 443, { service: 'ssl', up: 9_000, down: 40_000 }));
  }
  return out;
}

describe('network.new_external_destination', () => {
  it('reports a pump opening a repeated channel to an address neither it nor its class used, with the baseline', () => {
    const det = build(net.newExternalDestinationDetector);
    const t = T0 + 14 * DAY + 10 * HOUR;
    const attack = Array.from({ length: 6 }, (_, i) => conn(t + i * MIN, '10.30.0.5', '203.0.113.66', 8443, { service: 'ssl' }));
    const alerts = run(det, [...pumpLife('10.30.0.5'), ...attack]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.entities).toEqual(expect.arrayContaining([{ type: 'ip', id: '10.30.0.5' }, { type: 'ip', id: '203.0.113.66' }]));
    expect(alerts[0]!.severity).toBe('high');
    expect(alerts[0]!.explanation.text).toMatch(/infusion_pump/);
    expect(alerts[0]!.explanation.factors.find((f) => f.feature === 'new_destination')?.baseline?.description).toMatch(/1 external address/);
  });

  it('stays quiet on a single vendor download, on workstations, and in the learning period', () => {
    const det = build(net.newExternalDestinationDetector);
    const t = T0 + 14 * DAY;
    const once = conn(t, '10.30.0.5', '198.51.100.7', 443, { service: 'ssl', up: 12_000, down: 80_000_000 });
    const ws = Array.from({ length: 10 }, (_, i) => conn(t + i * MIN, '10.20.0.9', '198.51.100.8', 443));
    expect(run(det, [...pumpLife('10.30.0.5'), once, ...ws])).toEqual([]);
    const early = Array.from({ length: 10 }, (_, i) => conn(T0 + DAY + i * MIN, '10.30.0.6', '203.0.113.9', 443));
    expect(run(build(net.newExternalDestinationDetector), [telemetry(T0, 'P2', 'infusion_pump', '10.30.0.6'), ...early])).toEqual([]);
  });
});

describe('network.beaconing', () => {
  it('scores a jittered one-minute beacon and explains the interval', () => {
    const evs = Array.from({ length: 40 }, (_, i) => conn(T0 + i * 60_000 + ((i * 7919) % 9_000), '10.30.0.5', '203.0.113.66', 8443, { up: 300 + (i % 7) * 10 }));
    const alerts = run(build(net.beaconingDetector), evs);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toMatch(/Beaconing from 10\.30\.0\.5 to 203\.0\.113\.66/);
    expect(Number(alerts[0]!.explanation.factors[0]!.observed)).toBeGreaterThanOrEqual(0.8);
  });

  it('ignores irregular browsing and internal peers', () => {
    let t = T0;
    let seed = 11;
    const evs: WardEvent[] = [];
    for (let i = 0; i < 60; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      t += Math.round(-Math.log(1 - seed / 2 ** 31) * 20 * 60_000) + 5_000;
      evs.push(conn(t, '10.20.0.9', '104.18.22.81', 443, { up: 800 + ((i * 131) % 30_000) }));
      evs.push(conn(T0 + i * 60_000, '10.30.0.5', '10.10.3.10', 8883, { up: 300 }));
    }
    expect(run(build(net.beaconingDetector), evs)).toEqual([]);
  });
});

describe('network.exfiltration and network.dicom_destination', () => {
  const pacsLife = (): WardEvent[] => {
    const out: WardEvent[] = [];
    for (let d = 0; d < 5; d++) out.push(conn(T0 + d * DAY, '10.10.2.10', '93.184.221.240', 443, { up: 2_000 }));
    return out;
  };

  it('reports hundreds of MB sent off-site against the host and class quantiles', () => {
    const det = build(net.exfiltrationDetector, { assets: [{ ip: '10.10.2.10', class: 'pacs' }] });
    const t = T0 + 5 * DAY;
    const exfil = Array.from({ length: 3 }, (_, i) => conn(t + i * MIN, '10.10.2.10', '203.0.113.50', 11112, { service: 'dicom', up: 40_000_000 }));
    const alerts = run(det, [...pacsLife(), ...exfil]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toMatch(/pacs/);
    expect(alerts[0]!.explanation.factors[0]!.baseline?.kind).toBe('self');
  });

  it('reports DICOM off-site at once, and a new AE title after learning, but not registered peers', () => {
    const det = build(net.dicomDestinationDetector, { registeredPeers: ['198.51.100.0/24'], registeredAeTitles: ['PACS01'] });
    const learn = conn(T0, '10.30.0.9', '10.10.2.10', 104, { service: 'dicom', dicom: { called_ae_title: 'PACS01' } });
    const tele = conn(T0 + DAY, '10.10.2.10', '198.51.100.20', 104, { service: 'dicom' });
    const off = conn(T0 + DAY, '10.10.2.10', '203.0.113.50', 104, { service: 'dicom', up: 90_000_000 });
    const rogue = conn(T0 + 9 * DAY, '10.30.0.9', '10.10.2.10', 104, { service: 'dicom', dicom: { called_ae_title: 'EXFIL_AE' } });
    const alerts = run(det, [learn, tele, off, rogue]);
    expect(alerts.map((a) => a.title)).toEqual([
      expect.stringMatching(/to 203\.0\.113\.50: off-site/),
      expect.stringMatching(/unregistered AE title "EXFIL_AE"/),
    ]);
  });
});

describe('network.scan, lateral movement and HL7 senders', () => {
  it('reports a horizontal scan of refused connections but not a few failures', () => {
    const scan = Array.from({ length: 30 }, (_, i) => conn(T0 + i * 1000, '10.20.0.9', `10.20.1.${i + 2}`, 445, { failed: true }));
    expect(run(build(net.scanDetector), scan)).toHaveLength(1);
    expect(run(build(net.scanDetector), scan.slice(0, 10))).toEqual([]);
  });

  it('reports SMB from a pump as critical after learning; its usual broker stays quiet', () => {
    const det = build(net.lateralMovementDetector);
    const life: WardEvent[] = [telemetry(T0, 'PUMP-1', 'infusion_pump', '10.30.0.5')];
    for (let d = 0; d < 10; d++) for (let h = 0; h < 24; h += 4) life.push(conn(T0 + d * DAY + h * HOUR, '10.30.0.5', '10.10.3.10', 8883));
    const smb = conn(T0 + 10 * DAY, '10.30.0.5', '10.10.6.10', 445, { service: 'smb' });
    const alerts = run(det, [...life, smb]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe('critical');
    expect(alerts[0]!.techniques).toContain('T1021.002');
  });

  it('reports HL7 from a sender the engine never had', () => {
    const det = build(net.hl7UnknownSenderDetector);
    const known = Array.from({ length: 10 }, (_, d) => conn(T0 + d * DAY, '10.30.0.7', '10.10.3.10', 2575, { service: 'hl7' }));
    const rogue = conn(T0 + 10 * DAY, '10.20.0.66', '10.10.3.10', 2575);
    const alerts = run(det, [...known, rogue]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toMatch(/10\.20\.0\.66/);
  });
});

describe('network.dns_tunnel', () => {
  it('reports many high-entropy subdomains of one domain; ordinary lookups stay quiet', () => {
    const hex = (i: number) => (i * 2654435761 >>> 0).toString(16).padStart(8, '0') + (i * 40503 >>> 0).toString(36) + 'q9x7z2w4';
    const tunnel = Array.from({ length: 160 }, (_, i) => dnsQuery(T0 + i * 5000, '10.20.0.9', `${hex(i)}${hex(i + 999)}.t.evil-example.com`));
    const normal = Array.from({ length: 300 }, (_, i) => dnsQuery(T0 + i * 5000, '10.20.0.8', ['www.google.com', 'mail.google.com', 'outlook.office365.com'][i % 3]!));
    const alerts = run(build(net.dnsTunnelDetector), [...tunnel, ...normal]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toMatch(/evil-example\.com/);
  });
});

describe('network.dos', () => {
  it('reports a flood from many sources far above the service baseline, once per attack', () => {
    const evs: WardEvent[] = [];
    for (let m = 0; m < 3 * 24 * 60; m += 3) evs.push(conn(T0 + m * MIN, `198.51.100.${m % 200}`, '10.10.1.20', 443));
    const start = T0 + 3 * DAY;
    for (let m = 0; m < 5; m++) for (let c = 0; c < 400; c++) evs.push(conn(start + m * MIN + c * 100, `203.0.${c % 250}.${m + 1}`, '10.10.1.20', 443, { failed: c % 2 === 0 }));
    const alerts = run(build(net.dosDetector), evs);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation.factors.find((f) => f.feature === 'unanswered_share')?.observed).toBe(50);
  });
});

describe('network.ransomware_smb', () => {
  it('reports a ransom note and a burst of renames; ordinary saves stay quiet', () => {
    const normal = Array.from({ length: 40 }, (_, i) => smbFile(T0 + i * 30 * MIN, '10.20.0.9', '10.10.6.10', 'SMB::FILE_WRITE', `shared\\doc-${i}.docx`));
    expect(run(build(net.ransomwareSmbDetector), normal)).toEqual([]);
    const burst = Array.from({ length: 120 }, (_, i) => smbFile(T0 + DAY + i * 1000, '10.20.0.9', '10.10.6.10', 'SMB::FILE_RENAME', `shared\\f${i}.xlsx.locked`, `shared\\f${i}.xlsx`));
    const a = run(build(net.ransomwareSmbDetector), [...normal, ...burst]);
    expect(a).toHaveLength(1);
    expect(a[0]!.explanation.factors.find((f) => f.feature === 'smb_renames')?.observed).toBe(100);
    const note = run(build(net.ransomwareSmbDetector), [smbFile(T0, '10.20.0.9', '10.10.6.10', 'SMB::FILE_WRITE', 'shared\\HR\\HOW_TO_DECRYPT_FILES.txt')]);
    expect(note[0]?.title).toMatch(/ransom-note file HOW_TO_DECRYPT_FILES\.txt/);
  });
});

describe('device.telemetry_tampering', () => {
  it('reports a remote config change outside the maintenance window and a reading far from the device baseline', () => {
    const evs: WardEvent[] = [];
    for (let i = 0; i < 96; i++) evs.push(telemetry(T0 + i * 15 * MIN, 'PUMP-1', 'infusion_pump', '10.30.0.5', { flow_rate_ml_h: 80 + ((i * 37) % 21) - 10 }));
    evs.push(telemetry(T0 + DAY + 3 * HOUR, 'PUMP-1', 'infusion_pump', '10.30.0.5', undefined, 'firmware_update'));
    const t = T0 + DAY + 14 * HOUR;
    evs.push(telemetry(t, 'PUMP-1', 'infusion_pump', '10.30.0.5', { flow_rate_ml_h: 999, max_rate_limit_ml_h: 1200 }, 'config_change'));
    const alerts = run(build(net.telemetryTamperingDetector), evs);
    expect(alerts.map((a) => a.title)).toEqual([
      expect.stringMatching(/config change on infusion_pump PUMP-1 outside maintenance windows/),
      expect.stringMatching(/far outside its baseline: flow_rate_ml_h 999/),
    ]);
    expect(alerts[0]!.entities).toEqual(expect.arrayContaining([{ type: 'device', id: 'PUMP-1' }, { type: 'ip', id: '10.30.0.5' }]));
  });

  it('keeps its baseline across a snapshot', () => {
    const a = build(net.telemetryTamperingDetector);
    run(a, Array.from({ length: 96 }, (_, i) => telemetry(T0 + i * 15 * MIN, 'M1', 'patient_monitor', '10.30.0.8', { heart_rate_bpm: 70 + (i % 9) })));
    const b = build(net.telemetryTamperingDetector);
    for (const [k, s] of JSON.parse(JSON.stringify(a.snapshot())) as Array<[string, unknown]>) b.restore(k, s);
    const out = run(b, [telemetry(T0 + DAY, 'M1', 'patient_monitor', '10.30.0.8', { heart_rate_bpm: 0, spo2_pct: 98 })]);
    expect(out.map((x) => x.title)).toEqual([expect.stringMatching(/heart rate 0 while SpO2 reads 98 %/), expect.stringMatching(/far outside its baseline/)]);
  });
});
