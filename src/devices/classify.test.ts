import { describe, expect, it } from 'vitest';
import { classify, criticalityOf } from './classify.js';
import { newRecord } from './inventory.js';
import { vendorOfMac } from './oui.js';
import type { DeviceRecord } from './types.js';

const rec = (patch: Partial<DeviceRecord>): DeviceRecord => ({ ...newRecord('ip:10.0.0.1', '2026-01-01T00:00:00.000Z'), ...patch });
const peers = (n: number, port: number, dir: 'in' | 'out') => Array.from({ length: n }, (_, i) => ({ ip: `10.1.0.${i + 1}`, port, dir, count: 3, last: '2026-01-01T00:00:00.000Z' }));

describe('vendorOfMac', () => {
  it('names the IEEE assignee of a MAC prefix and nothing for a randomised MAC', () => {
    expect(vendorOfMac('00:0f:14:01:02:03')).toMatch(/Mindray/);
    expect(vendorOfMac('58:42:e4:01:02:03')).toMatch(/Baxter/);
    expect(vendorOfMac('02:0f:14:01:02:03')).toBeUndefined();
    expect(vendorOfMac(undefined)).toBeUndefined();
  });
});

describe('classify', () => {
  it('a pump by its MAC vendor alone is an infusion pump, with modest confidence and the evidence', () => {
    const c = classify(rec({ mac: '58:42:e4:01:02:03' }), vendorOfMac('58:42:e4:01:02:03'));
    expect(c.type).toBe('infusion_pump');
    expect(c.confidence).toBeGreaterThan(0.4);
    expect(c.confidence).toBeLessThan(0.8);
    expect(c.evidence[0]).toMatch(/MAC vendor "Baxter/);
  });

  it('product name and self-reported class settle it with high confidence', () => {
    const c = classify(rec({ report: { manufacturer: 'Philips', model: 'IntelliVue MX450' } }), undefined);
    expect(c.type).toBe('patient_monitor');
    expect(c.confidence).toBeGreaterThan(0.9);
  });

  it('an archive that receives DICOM from many devices is a PACS; a sender is a modality', () => {
    expect(classify(rec({ servedPorts: [104], peers: peers(6, 104, 'in'), dicomRoles: ['scp-store'] }), undefined).type).toBe('pacs');
    expect(classify(rec({ peers: peers(1, 104, 'out'), dicomRoles: ['scu-store'] }), undefined).type).toBe('imaging_modality');
  });

  it('JetDirect makes a printer; office traffic and a browser make a workstation; nothing makes unknown', () => {
    expect(classify(rec({ servedPorts: [9100], peers: peers(1, 9100, 'in') }), undefined).type).toBe('printer');
    const ws = rec({ userAgents: ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)'], peers: [...peers(1, 88, 'out'), ...peers(1, 445, 'out'), ...peers(1, 443, 'out')] });
    expect(classify(ws, undefined).type).toBe('workstation');
    expect(classify(rec({}), undefined)).toEqual({ type: 'unknown', confidence: 0, evidence: [] });
  });

  it('conflicting evidence lowers confidence', () => {
    const clean = classify(rec({ hostnames: ['pump-icu-4'] }), undefined);
    const mixed = classify(rec({ hostnames: ['pump-icu-4'], servedPorts: [9100], peers: peers(1, 9100, 'in') }), undefined);
    expect(mixed.confidence).toBeLessThan(clean.confidence);
  });

  it('criticality follows type', () => {
    expect(criticalityOf('infusion_pump')).toBe('life-sustaining');
    expect(criticalityOf('ventilator')).toBe('life-sustaining');
    expect(criticalityOf('pacs')).toBe('diagnostic');
    expect(criticalityOf('printer')).toBe('operational');
  });
});
