import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert, Severity } from '../core/alert.js';
import { respondSettings } from '../core/config.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { ResponseEngine } from './engine.js';
import { parsePlaybook } from './load.js';
import { memoryDriver } from './testing.js';

// Protected: allow-listed addresses and accounts, and life-sustaining / diagnostic assets (addresses, ranges, hosts).
const settings = respondSettings.parse({
  mode: 'enforce',
  allow: { addresses: ['192.0.2.10', '198.51.100.0/24'], accounts: ['oncall-surgeon'] },
  assets: [
    { match: '10.20.0.0/16', criticality: 'life-sustaining' },
    { match: '10.30.5.7', criticality: 'diagnostic' },
    { match: 'pacs-01', criticality: 'diagnostic' },
  ],
  limits: { perActionPerHour: {}, maxTargetsPerHour: 100000 },
});
const protectedIp = fc.oneof(
  fc.constant('192.0.2.10'),
  fc.tuple(fc.nat(255)).map(([a]) => `198.51.100.${a}`),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `10.20.${a}.${b}`),
  fc.constant('10.30.5.7'),
);
const PLAYBOOKS = [
  'name: all-ips\ntrigger: { entityTypes: [ip] }\nsteps: [{ action: block-ip }]\n',
  'name: any-alert\ntrigger: { severity: low }\nsteps: [{ action: block-ip, expiry: 1m }, { action: block-ip, list: other }]\n',
  'name: isolate-all\ntrigger: { severity: low }\nsteps: [{ action: isolate-host, target: host }, { action: isolate-host, target: ip }]\n',
].map((t, i) => parsePlaybook(t, `p${i}.yaml`).playbook!);

describe('protected entities (fuzz)', () => {
  it('random alerts at protected entities never lead to an action against them', async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-fuzz-')), { synchronous: 'normal' });
    const driver = memoryDriver();
    const isolator = memoryDriver('isolate-host');
    const engine = new ResponseEngine({ settings, playbooks: PLAYBOOKS, db: store.db, audit: (e) => store.audit(e), drivers: [driver, isolator] });
    let n = 0;
    try {
      await fc.assert(fc.asyncProperty(
        fc.array(protectedIp, { minLength: 1, maxLength: 6 }),
        fc.constantFrom<Severity>('low', 'medium', 'high', 'critical'),
        fc.constantFrom('auth.bruteforce', 'auth.spray', 'sigma', 'identity.impossible_travel'),
        fc.boolean(),
        async (ips, severity, detector, tick) => {
          const t = new Date().toISOString();
          const alert: Alert = {
            id: `al_fuzz_${n++}`, time: t, created: t, title: 'x', severity, detector, rule: detector,
            entities: [{ type: 'user', id: 'oncall-surgeon' }, { type: 'host', id: 'pacs-01' }, ...ips.map((id) => ({ type: 'ip' as const, id }))],
            explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, status: 'open', firstSeen: t, lastSeen: t,
          };
          const recs = await engine.handle([alert]);
          if (tick) await engine.tick();
          for (const r of recs) expect(['suppressed', 'awaiting-approval']).toContain(r.state);
          expect(driver.calls).toEqual([]);
          expect(isolator.calls).toEqual([]);
        },
      ), { numRuns: 250 });
      const states = new Set(engine.repo.list({ limit: 100000 }).map((r) => r.state));
      expect([...states].every((s) => s === 'suppressed' || s === 'awaiting-approval' || s === 'rejected')).toBe(true);
      expect(engine.repo.list({ limit: 100000 }).length).toBeGreaterThan(100);
    } finally {
      store.close();
    }
  });

  it("a person's manual action on a protected entity never runs either (same gate)", async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-fuzz-manual-')), { synchronous: 'normal' });
    const drivers = [memoryDriver(), memoryDriver('isolate-host'), memoryDriver('disable-account')];
    const engine = new ResponseEngine({ settings, playbooks: [], db: store.db, audit: (e) => store.audit(e), drivers });
    let n = 0;
    try {
      await fc.assert(fc.asyncProperty(
        protectedIp, fc.constantFrom('block-ip', 'isolate-host', 'isolate-host:pacs-01', 'disable-account'),
        async (ip, pick) => {
          const t = new Date().toISOString();
          const alert: Alert = {
            id: `al_fuzzm_${n++}`, time: t, created: t, title: 'x', severity: 'high', detector: 'sigma', rule: 'sigma',
            entities: [{ type: 'user', id: 'oncall-surgeon' }, { type: 'host', id: 'pacs-01' }, { type: 'ip', id: ip }],
            explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, status: 'open', firstSeen: t, lastSeen: t,
          };
          const [action, host] = pick.split(':') as ['block-ip' | 'isolate-host' | 'disable-account', string | undefined];
          const target = host ?? (action === 'disable-account' ? 'oncall-surgeon' : ip);
          const rec = await engine.manual(alert, { action, target }, { actor: 'user:ann', role: 'admin' }).catch((err: Error) => {
            // A target already waiting for approval is not proposed twice.
            expect(err.message).toMatch(/already held/);
            return undefined;
          });
          if (rec) expect(['suppressed', 'awaiting-approval']).toContain(rec.state);
          for (const d of drivers) expect(d.calls).toEqual([]);
        },
      ), { numRuns: 200 });
      expect(engine.repo.list({ limit: 100000 }).every((r) => r.playbook === 'manual' && r.decidedBy === 'user:ann')).toBe(true);
    } finally {
      store.close();
    }
  });
});
