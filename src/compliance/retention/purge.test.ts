import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { purge, retentionDays } from './purge.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const ago = (d: number) => new Date(NOW - d * DAY).toISOString();
const ev = (t: string): WardEvent => ({ '@timestamp': t, event: { id: newEventId(), kind: 'event', category: ['authentication'] }, user: { name: 'ann' } } as WardEvent);
const alert = (id: string, t: string): Alert => ({
  id, time: t, created: t, title: 'x', severity: 'low', detector: 'auth.bruteforce', rule: 'auth.bruteforce', entities: [{ type: 'user', id: 'ann' }],
  status: 'open', firstSeen: t, lastSeen: t, explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' },
});

describe('purge per data class', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-purge-'));
    dirs.push(dir);
    const s = SqliteStore.open(dir);
    s.appendEvents([ev(ago(100)), ev(ago(40)), ev(ago(10)), ev(ago(1))], ['v1.old-raw', 'v1.raw40', 'v1.raw10', 'v1.raw1']);
    s.insertAlerts([alert('al_old', ago(400)), alert('al_new', ago(5))]);
    s.appendDeadLetters([{ source: 's', parser: 'syslog', reason: 'x', data: 'old', receivedAt: NOW - 50 * DAY }, { source: 's', parser: 'syslog', reason: 'x', data: 'new', receivedAt: NOW - DAY }]);
    s.audit({ time: ago(3000), actor: 'a', action: 'read' });
    s.audit({ time: ago(2), actor: 'a', action: 'read' });
    return s;
  };
  const days = retentionDays({ rawRecords: 7, alerts: 365, audit: 2190, deadLetters: 30, every: '1h' }, 30);

  it('measures without deleting on a dry run, then deletes exactly that, with counts and time ranges per class', () => {
    const s = open();
    const dry = purge(s.db, days, { dryRun: true, now: NOW });
    const by = Object.fromEntries(dry.classes.map((c) => [c.class, c]));
    expect(by.events).toMatchObject({ count: 2, from: ago(100), to: ago(40), retentionDays: 30 });
    expect(by.rawRecords).toMatchObject({ count: 3, from: ago(100), to: ago(10) });
    expect(by.alerts).toMatchObject({ count: 1, from: ago(400), to: ago(400) });
    expect(by.audit).toMatchObject({ count: 1, from: ago(3000) });
    expect(by.deadLetters!.count).toBe(1);
    expect(s.counts()).toMatchObject({ events: 4, alerts: 2, deadLetters: 2 });

    const real = purge(s.db, days, { now: NOW });
    expect(real.classes.map((c) => c.count)).toEqual(dry.classes.map((c, i) => (c.class === 'rawRecords' ? 1 : dry.classes[i]!.count)));
    expect(s.counts()).toMatchObject({ events: 2, alerts: 1, deadLetters: 1 });
    // The event 10 days old stays, its raw bytes are gone; the 1-day one keeps them.
    expect(s.db.prepare('SELECT raw FROM events ORDER BY ts').pluck().all()).toEqual([null, 'v1.raw1']);
    expect(s.getAlert('al_old')).toBeUndefined();
    expect(s.listAudit(10)).toHaveLength(1);
    expect(purge(s.db, days, { now: NOW }).classes.every((c) => c.count === 0)).toBe(true);
    s.close();
  });

  it('events fall back to store.retentionDays and raw records never outlive their events', () => {
    expect(retentionDays({ rawRecords: 90, alerts: 1, audit: 1, deadLetters: 1, every: '1h' }, 30)).toMatchObject({ events: 30, rawRecords: 30 });
    expect(retentionDays({ events: 10, rawRecords: 5, alerts: 1, audit: 1, deadLetters: 1, every: '1h' }, 30)).toMatchObject({ events: 10, rawRecords: 5 });
  });
});
