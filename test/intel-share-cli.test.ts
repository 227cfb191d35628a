import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../src/core/alert.js';
import type { WardEvent } from '../src/core/event.js';
import { newEventId } from '../src/core/ids.js';
import { correlateAlerts } from '../src/incidents/query.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { cli, tempDir } from './helpers.js';

describe('wardwatch intel share', () => {
  it.each([['propose'], ['list'], ['show'], ['approve'], ['reject']])('intel share %s has --help that mentions --json', (c) => {
    const r = cli(['intel', 'share', c, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--json');
  });

  it('proposes a stripped draft, refuses TLP:RED and approval by the proposer, lists, shows and rejects', () => {
    const tmp = tempDir();
    try {
      const d = join(tmp.dir, 'data');
      const store = SqliteStore.open(d);
      const t = new Date(Date.now() - 3_600_000).toISOString();
      const e = { '@timestamp': t, event: { id: newEventId(), kind: 'event' }, source: { ip: '203.0.113.55' }, destination: { ip: '10.10.3.4' }, user: { name: 'jrivera' }, host: { name: 'ehr01' }, url: { full: 'https://evil.example.net/x?u=jrivera' } } as WardEvent;
      store.appendEvents([e]);
      const alert: Alert = {
        id: 'al_cli_share', time: t, created: t, title: 'Brute force against jrivera on ehr01', severity: 'high', detector: 'auth.bruteforce', rule: 'auth.bruteforce',
        entities: [{ type: 'user', id: 'jrivera' }, { type: 'ip', id: '203.0.113.55' }], techniques: ['T1110.001'], status: 'open', firstSeen: t, lastSeen: t,
        explanation: { summary: '', factors: [], evidence: [e.event.id], evidenceCount: 1, text: '40 failed logons for jrivera from 203.0.113.55' },
      };
      store.insertAlerts([alert]);
      const inc = correlateAlerts([alert]).incidents[0]!.id;
      store.close();
      expect(cli(['intel', 'collection', 'add', 'isac', '--title', 'ISAC', '--data-dir', d]).code).toBe(0);

      const red = cli(['intel', 'share', 'propose', inc, '--tlp', 'red', '--collection', 'isac', '--data-dir', d]);
      expect(red.code).not.toBe(0);
      expect(red.stderr).toContain('TLP:RED never leaves');
      const amber = cli(['intel', 'share', 'propose', inc, '--tlp', 'amber', '--collection', 'isac', '--data-dir', d]);
      expect(amber.stderr).toContain('amberCollections');

      const p = cli(['intel', 'share', 'propose', inc, '--tlp', 'green', '--collection', 'isac', '--note', 'spray from outside', '--data-dir', d, '--json']);
      expect(p.code).toBe(0);
      const draft = JSON.parse(p.stdout) as { id: string; state: string; bundle: { objects: Array<{ type: string; pattern?: string }> }; removed: Array<{ reason: string }> };
      expect(draft.state).toBe('proposed');
      expect(draft.bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual(["[ipv4-addr:value = '203.0.113.55']"]);
      expect(draft.removed.map((r) => r.reason)).toEqual(expect.arrayContaining(['internal-ip', 'staff-user', 'internal-host']));
      expect(p.stdout).not.toContain('jrivera');

      const self = cli(['intel', 'share', 'approve', draft.id, '--data-dir', d]);
      expect(self.code).not.toBe(0);
      expect(self.stderr).toContain('four eyes');

      const list = JSON.parse(cli(['intel', 'share', 'list', '--state', 'proposed', '--data-dir', d, '--json']).stdout) as { items: Array<{ id: string; bundle: { objects: number } }> };
      expect(list.items.map((x) => x.id)).toEqual([draft.id]);
      const shown = cli(['intel', 'share', 'show', draft.id, '--data-dir', d]);
      expect(shown.stdout).toContain('removed before sharing');
      expect(shown.stdout).toContain('staff-user');
      const rej = JSON.parse(cli(['intel', 'share', 'reject', draft.id, '--reason', 'not yet', '--data-dir', d, '--json']).stdout) as { state: string };
      expect(rej.state).toBe('rejected');
      expect(cli(['intel', 'share', 'show', 'shr_0000000000000000', '--data-dir', d]).code).not.toBe(0);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
