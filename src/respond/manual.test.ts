import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { respondSettings, type RespondSettings } from '../core/config.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { ResponseEngine } from './engine.js';
import { loadPlaybooks } from './load.js';
import { manualTargets } from './manual.js';
import { bruteforceAlert, memoryDriver } from './testing.js';

const stores: SqliteStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.close(); });

function setup(settings: Partial<RespondSettings> = {}) {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'manual-')), { synchronous: 'normal' });
  stores.push(store);
  const firewall = memoryDriver();
  const ldap = memoryDriver('disable-account');
  const engine = new ResponseEngine({
    settings: respondSettings.parse({ mode: 'enforce', ...settings }),
    playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks, db: store.db, audit: (e) => store.audit(e), drivers: [firewall, ldap],
  });
  return { store, engine, firewall, ldap };
}
const ann = { actor: 'user:ann', role: 'analyst' };

describe('manual actions from the alert page', () => {
  it('refuses a manual block of an allow-listed address, with the reason on record', async () => {
    const { store, engine, firewall } = setup({ allow: { addresses: ['198.51.100.0/24'], accounts: [] } });
    const rec = await engine.manual(bruteforceAlert('al_1', ['198.51.100.7']), { action: 'block-ip', target: '198.51.100.7' }, ann, 'looks hostile');
    expect(rec).toMatchObject({ state: 'suppressed', playbook: 'manual', decidedBy: 'user:ann', alertId: 'al_1' });
    expect(rec.reason).toMatch(/allow-listed/);
    expect(firewall.calls).toHaveLength(0);
    const audit = store.listAudit(10).filter((a) => a.action.startsWith('respond.')).reverse();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['respond.proposed', 'user:ann'], ['respond.suppressed', 'policy']]);
    expect(audit[0]!.detail).toMatchObject({ alertId: 'al_1', playbook: 'manual', note: 'looks hostile' });
  });

  it('records an allowed block as dry-run in dry-run mode, decided by the person, playbook manual', async () => {
    const { engine, firewall } = setup({ mode: 'dry-run' });
    const rec = await engine.manual(bruteforceAlert('al_1', ['203.0.113.9']), { action: 'block-ip', expiry: '1h' }, ann, 'scanner');
    expect(rec).toMatchObject({ state: 'dry-run', playbook: 'manual', decidedBy: 'user:ann', alertId: 'al_1', target: '203.0.113.9', expiryMs: 3_600_000 });
    expect(rec.params).toMatchObject({ note: 'scanner', list: 'default' });
    expect(firewall.calls).toHaveLength(0);
  });

  it('runs an allowed action in enforce mode and shares one history with the playbooks', async () => {
    const { engine, firewall } = setup();
    const done = await engine.manual(bruteforceAlert('al_1', ['203.0.113.9']), { action: 'disable-account' }, ann);
    expect(done).toMatchObject({ state: 'done', action: 'disable-account', target: 'root', decidedBy: 'user:ann' });
    // The playbook now finds nothing new to do for a target a person already blocked.
    const mine = await engine.manual(bruteforceAlert('al_2', ['203.0.113.10']), { action: 'block-ip' }, ann);
    expect(mine.state).toBe('done');
    expect(await engine.handle([bruteforceAlert('al_2', ['203.0.113.10'])])).toEqual([]);
    await expect(engine.manual(bruteforceAlert('al_3', ['203.0.113.10']), { action: 'block-ip' }, ann)).rejects.toThrow(/already held/);
    expect(firewall.calls).toHaveLength(1);
    expect(engine.repo.list({ limit: 10 }).map((a) => a.playbook)).toEqual(['manual', 'manual']);
  });

  it('asks biomed before touching a life-sustaining device, honours the kill switch, refuses a foreign target', async () => {
    const { engine, firewall } = setup({ assets: [{ match: '10.20.0.0/16', criticality: 'life-sustaining' }] });
    const alert = bruteforceAlert('al_1', ['10.20.3.4', '203.0.113.9']);
    expect(engine.preview('block-ip', '10.20.3.4')).toMatchObject({ state: 'awaiting-approval', role: 'biomed' });
    const rec = await engine.manual(alert, { action: 'block-ip', target: '10.20.3.4' }, ann);
    expect(rec).toMatchObject({ state: 'awaiting-approval', approverRole: 'biomed' });
    await expect(engine.manual(alert, { action: 'block-ip', target: '192.0.2.1' }, ann)).rejects.toThrow(/not an entity of alert al_1/);
    engine.setKillSwitch(true, ann);
    expect(engine.preview('block-ip', '203.0.113.9')).toMatchObject({ state: 'suppressed', reason: 'kill switch is on' });
    expect(await engine.manual(alert, { action: 'block-ip', target: '203.0.113.9' }, ann)).toMatchObject({ state: 'suppressed', reason: 'kill switch is on' });
    expect(firewall.calls).toHaveLength(0);
    expect(manualTargets(alert, 'isolate-host').map((t) => t.id)).toEqual(['10.20.3.4', '203.0.113.9']);
  });
});
