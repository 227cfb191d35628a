import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { respondSettings } from '../core/config.js';
import type { WardEvent } from '../core/event.js';
import { ResponseEngine } from '../respond/engine.js';
import { loadPlaybooks } from '../respond/load.js';
import { bruteforceAlert, memoryDriver } from '../respond/testing.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { DeviceRepo } from './repo.js';
import { DeviceTracker } from './tracker.js';

const stores: SqliteStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.close(); });
const open = () => {
  const s = SqliteStore.open(mkdtempSync(join(tmpdir(), 'devices-')), { synchronous: 'normal' });
  stores.push(s);
  return s;
};
let n = 0;
const telemetry = (ip: string, mac: string, type: string, manufacturer = 'Baxter', model = 'Sigma Spectrum'): WardEvent => ({
  '@timestamp': '2026-03-01T08:00:00.000Z', event: { id: `e${n++}`, dataset: 'device.telemetry', category: ['host'] },
  host: { ip: [ip], mac: [mac] }, device: { type, manufacturer, model: { name: model }, firmware_version: '8.01.01' },
} as WardEvent);

describe('DeviceTracker and DeviceRepo', () => {
  it('writes folded devices in batches, survives a reopen, and keeps a person\'s override over the classifier', () => {
    const store = open();
    const t = DeviceTracker.open(store.db, { flushMs: 60_000 });
    t.observe([telemetry('10.30.0.7', '58:42:e4:00:00:07', 'infusion_pump')]);
    expect(new DeviceRepo(store.db).all()).toEqual([]);
    expect(t.flush()).toBe(1);
    t.close();
    const repo = new DeviceRepo(store.db);
    expect(repo.get('10.30.0.7')?.id).toBe('mac:58:42:e4:00:00:07');
    expect(repo.get('58:42:E4:00:00:07')?.report.model).toBe('Sigma Spectrum');
    expect(repo.criticalityOf('10.30.0.7')).toBe('life-sustaining');
    repo.setOverride('mac:58:42:e4:00:00:07', { criticality: 'operational' }, 'user:bio');
    expect(repo.criticalityOf('10.30.0.7')).toBe('operational');
    // More telemetry re-classifies the device; the override still wins.
    const t2 = DeviceTracker.open(store.db);
    t2.observe([telemetry('10.30.0.7', '58:42:e4:00:00:07', 'infusion_pump')]);
    t2.close();
    expect(repo.criticalityOf('10.30.0.7')).toBe('operational');
    expect(repo.get('10.30.0.7')?.events).toBe(2);
    repo.setOverride('mac:58:42:e4:00:00:07', { criticality: null }, 'user:bio');
    expect(repo.criticalityOf('10.30.0.7')).toBe('life-sustaining');
    expect(repo.criticalityOf('10.99.0.1')).toBeUndefined();
  });

  it('the respond gate asks biomed before acting on an inventoried life-sustaining device (no asset configured)', async () => {
    const store = open();
    const t = DeviceTracker.open(store.db);
    t.observe([telemetry('10.30.0.7', '58:42:e4:00:00:07', 'infusion_pump'), telemetry('10.30.0.8', '00:1b:21:00:00:08', 'printer', 'Lexmark', 'MS821')]);
    t.close();
    const driver = memoryDriver();
    const engine = new ResponseEngine({
      settings: respondSettings.parse({ mode: 'enforce', retryBase: '1s' }),
      playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks,
      db: store.db, audit: (e) => store.audit(e), drivers: [driver], now: () => Date.parse('2026-03-01T09:00:00Z'),
    });
    const recs = await engine.handle([bruteforceAlert('al_1', ['10.30.0.7', '10.30.0.8'])]);
    expect(recs.map((r) => [r.target, r.state])).toEqual([['10.30.0.7', 'awaiting-approval'], ['10.30.0.8', 'done']]);
    expect(recs[0]!.reason).toMatch(/life-sustaining/);
    expect(driver.held.has('10.30.0.7')).toBe(false);
  });
});
