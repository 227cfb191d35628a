import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { IntelStore } from '../../intel/store/intel-store.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { retroHunt } from './retro-hunt.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-07T12:00:00.000Z');

function conn(ts: number, src: string, dns?: string): WardEvent {
  return { '@timestamp': new Date(ts).toISOString(), event: { id: newEventId(), category: ['network'] }, source: { ip: src }, host: { name: 'ws-12' }, ...(dns ? { dns: { question: { name: dns } } } : {}) } as WardEvent;
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ww-hunt-'));
  dirs.push(dir);
  const events = SqliteStore.open(dir);
  const intel = IntelStore.open(dir);
  return { events, intel, close: () => { events.close(); intel.close(); } };
}

describe('retroHunt', () => {
  it('finds new indicators in stored events of the last N days, alerts once per value, records sightings, and raises nothing on a re-run', () => {
    const { events, intel, close } = setup();
    events.appendEvents([
      conn(NOW - 2 * DAY, '203.0.113.7'), conn(NOW - 1 * DAY, '203.0.113.7'), conn(NOW - DAY, '10.0.0.5', 'cdn.evil.example'),
      conn(NOW - 40 * DAY, '198.51.100.9'), conn(NOW - 3 * DAY, '192.0.2.44'),
    ]);
    intel.transaction(() => {
      intel.putIndicator({ kind: 'ip', value: '192.0.2.44', source: 'old-feed', stixId: 'indicator--00000000-0000-4000-8000-000000000001', validFrom: NOW - 100 * DAY }, NOW - 50 * DAY);
      const stixId = 'indicator--00000000-0000-4000-8000-000000000002';
      intel.putIndicator({ kind: 'ip', value: '203.0.113.7', source: 'isac', stixId, validFrom: NOW - DAY, confidence: 90, name: 'C2 of campaign X' }, NOW);
      intel.putIndicator({ kind: 'domain', value: 'evil.example', subdomains: true, source: 'isac', stixId, validFrom: NOW - DAY }, NOW);
      intel.putIndicator({ kind: 'ip', value: '198.51.100.9', source: 'isac', stixId, validFrom: NOW - DAY }, NOW);
    });
    const r = retroHunt(events, intel, { days: 30, now: NOW, importedSince: NOW });
    expect(r).toMatchObject({ indicators: 3, scanned: 4, matchedEvents: 3, alerts: 2, sightings: 2 });
    const alerts = events.listAlerts({ limit: 10 }).items;
    const byTitle = alerts.map((a) => a.title).sort();
    expect(byTitle[0]).toContain('203.0.113.7 was seen before it was listed (retro-hunt, 2 events)');
    expect(byTitle[1]).toContain('evil.example');
    const ip = alerts.find((a) => a.title.includes('203.0.113.7'))!;
    expect(ip.severity).toBe('high');
    expect(ip.firstSeen).toBe(new Date(NOW - 2 * DAY).toISOString());
    expect(ip.explanation.evidenceCount).toBe(2);
    expect(ip.explanation.text).toContain('C2 of campaign X');
    expect(intel.sightings().map((s) => s.observed).sort()).toEqual(['203.0.113.7', 'cdn.evil.example']);
    // Old-feed indicator (imported before) and the 40-day-old event are out of scope; a re-run adds nothing.
    const again = retroHunt(events, intel, { days: 30, now: NOW, importedSince: NOW });
    expect(again).toMatchObject({ alerts: 0, sightings: 0, matchedEvents: 3 });
    expect(retroHunt(events, intel, { days: 60, now: NOW, importedSince: NOW }).alerts).toBe(1);
    close();
  });

  it('does nothing without indicators', () => {
    const { events, intel, close } = setup();
    events.appendEvents([conn(NOW, '203.0.113.7')]);
    expect(retroHunt(events, intel, { days: 30, now: NOW })).toMatchObject({ indicators: 0, scanned: 0, alerts: 0 });
    close();
  });
});
