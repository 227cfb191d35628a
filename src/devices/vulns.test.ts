import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newRecord } from './inventory.js';
import { riskOf } from './risk.js';
import type { DeviceRecord } from './types.js';
import { compareVersions, loadCatalogue, matchVulns, vendorKey } from './vulns.js';

const SHARED = '../shared/data/intel';
const dir = mkdtempSync(join(tmpdir(), 'ww-vulns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rec = (patch: Partial<DeviceRecord>): DeviceRecord => ({ ...newRecord('ip:10.0.0.1', '2026-01-01T00:00:00.000Z'), ...patch });

/** A minimal CSAF 2.0 advisory: one vendor, one product, a version range. */
function advisory(id: string, vendor: string, product: string, range: string, cve: string): string {
  return JSON.stringify({
    document: { title: `${product} advisory`, tracking: { id } },
    product_tree: { branches: [{ category: 'vendor', name: vendor, branches: [{ category: 'product_name', name: product, branches: [{ category: 'product_version_range', name: range, product: { name: `${product} ${range}`, product_id: 'P1' } }] }] }] },
    vulnerabilities: [{ cve, product_status: { known_affected: ['P1'] } }],
  });
}

describe('vulnerability matching', () => {
  writeFileSync(join(dir, 'a.json'), advisory('ICSMA-99-001-01', 'Becton, Dickinson and Company (BD)', 'Alaris 8015 PC Unit', '<= 9.33', 'CVE-2099-0001'));
  writeFileSync(join(dir, 'broken.json'), '{"not": "csaf"}');
  writeFileSync(join(dir, 'kev.json'), JSON.stringify({ vulnerabilities: [{ cveID: 'CVE-2099-0001', vendorProject: 'BD', product: 'Alaris', vulnerabilityName: 'x' }] }));
  const cat = loadCatalogue({ kev: join(dir, 'kev.json'), csaf: dir });

  it('loads good advisories and lists bad files as problems', () => {
    expect(cat.loaded.advisories).toBe(1);
    expect(cat.loaded.problems.some((p) => p.includes('broken.json'))).toBe(true);
  });

  it('vendor, product and an affected firmware → confirmed (and KEV-listed); unaffected firmware → not reported', () => {
    const hit = matchVulns(rec({ report: { manufacturer: 'BD', model: 'Alaris 8015', firmware: '9.12' } }), undefined, cat);
    expect(hit.find((v) => v.id === 'ICSMA-99-001-01')).toMatchObject({ confidence: 'confirmed', knownExploited: true });
    const fixed = matchVulns(rec({ report: { manufacturer: 'BD', model: 'Alaris 8015', firmware: '12.1.2' } }), undefined, cat);
    expect(fixed.find((v) => v.id === 'ICSMA-99-001-01')).toBeUndefined();
  });

  it('the same product family (first word of the product) → probable, whatever the firmware', () => {
    const m = matchVulns(rec({ report: { manufacturer: 'BD', model: 'Alaris 8100 LVP', firmware: '1.0' } }), undefined, cat);
    expect(m.find((v) => v.id === 'ICSMA-99-001-01')?.confidence).toBe('probable');
  });

  it('no firmware → probable; vendor only (from the MAC registry) → possible', () => {
    expect(matchVulns(rec({ report: { manufacturer: 'Becton Dickinson', model: 'Alaris 8015' } }), undefined, cat)[0]?.confidence).toBe('probable');
    expect(matchVulns(rec({}), 'ALARIS MEDICAL SYSTEMS, INC.', cat).find((v) => v.source === 'icsma-csaf')?.confidence).toBe('possible');
  });

  it('compares dotted versions numerically and reduces vendor spellings to one key', () => {
    expect(compareVersions('9.33', '9.4')).toBe(1);
    expect(compareVersions('12.1.2', '12.1.2')).toBe(0);
    expect(vendorKey('Dräger')).toBe(vendorKey('Draeger Medical Systems, Inc.'));
    expect(vendorKey('Philips Medical Systems')).toBe('philips');
  });

  it.skipIf(!existsSync(`${SHARED}/cisa-icsma-csaf`))('on the shared CISA data: a Baxter Sigma Spectrum pump matches its advisories', () => {
    const real = loadCatalogue({ kev: `${SHARED}/cisa-kev/known_exploited_vulnerabilities.json`, csaf: `${SHARED}/cisa-icsma-csaf/csaf_files` });
    expect(real.loaded.advisories).toBeGreaterThan(100);
    expect(real.kevCves.size).toBeGreaterThan(1000);
    const m = matchVulns(rec({ report: { manufacturer: 'Baxter', model: 'Sigma Spectrum', firmware: '8.00.01' } }), undefined, real);
    expect(m.filter((v) => v.confidence !== 'possible').length).toBeGreaterThan(0);
  });
});

describe('riskOf', () => {
  it('scores exposure and weights it by criticality, with reasons', () => {
    const r = rec({ exposure: { internetPeers: ['203.0.113.5'], cleartextPhi: ['hl7'], smbv1: false, defaultUsers: ['admin'], tlsPhi: [] } });
    const pump = riskOf(r, 'life-sustaining', []);
    const printer = riskOf(r, 'operational', []);
    expect(pump.score).toBeGreaterThan(printer.score);
    expect(pump.reasons.join(' | ')).toMatch(/default account.*admin/);
    expect(pump.reasons.join(' | ')).toMatch(/HL7 in clear/);
    expect(riskOf(rec({}), 'life-sustaining', [])).toEqual({ score: 0, reasons: [] });
    expect(riskOf({ ...r, exposure: { ...r.exposure, smbv1: true } }, 'operational', []).score).toBeLessThanOrEqual(100);
  });
});
