import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'ww-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function ev(t: string, user: string, msg: string): WardEvent {
  return { '@timestamp': t, event: { id: newEventId(), category: ['authentication'], outcome: 'failure' }, user: { name: user }, message: msg };
}

function alert(id: string, time: string, severity: Alert['severity']): Alert {
  return {
    id, time, created: time, title: `t ${id}`, severity, detector: 'auth.bruteforce', rule: 'auth.bruteforce',
    entities: [{ type: 'user', id: 'root' }], status: 'open', firstSeen: time, lastSeen: time,
    explanation: { summary: 's', factors: [], evidence: [], evidenceCount: 0, text: 's.' },
  };
}

describe('SqliteStore', () => {
  it('appends events with increasing sequence numbers and replays after a sequence', () => {
    const s = SqliteStore.open(tmp());
    const seqs = s.appendEvents([ev('2026-01-01T00:00:00Z', 'a', 'one'), ev('2026-01-01T00:00:01Z', 'b', 'two')], ['raw1', 'raw2']);
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(s.eventsAfter(seqs[0]!, 10).map((x) => x.event.message)).toEqual(['two']);
    expect(s.lastSeq()).toBe(seqs[1]);
    s.close();
  });

  it('searches by entity, time range and free text, newest first, with paging', () => {
    const s = SqliteStore.open(tmp());
    s.appendEvents(Array.from({ length: 25 }, (_, i) => ev(`2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, i % 2 ? 'odd' : 'even', `line ${i} 50%`)));
    const p1 = s.searchEvents({ entity: 'odd', limit: 5 });
    expect(p1.items).toHaveLength(5);
    expect(p1.items[0]!.event.message).toBe('line 23 50%');
    const p2 = s.searchEvents({ entity: 'odd', limit: 5, cursor: p1.next! });
    expect(p2.items[0]!.event.message).toBe('line 13 50%');
    expect(s.searchEvents({ text: 'line 7 ' }).items).toHaveLength(1);
    expect(s.searchEvents({ text: '%' }).items).toHaveLength(25);
    expect(s.searchEvents({ text: '_' }).items).toHaveLength(0);
    expect(s.searchEvents({ from: '2026-01-01T00:00:20Z', to: '2026-01-01T00:00:22Z' }).items).toHaveLength(2);
    s.close();
  });

  it('ignores an alert whose id exists, and filters by severity and entity', () => {
    const s = SqliteStore.open(tmp());
    expect(s.insertAlerts([alert('a1', '2026-01-01T00:00:00Z', 'high'), alert('a2', '2026-01-01T00:01:00Z', 'low')])).toBe(2);
    expect(s.insertAlerts([alert('a1', '2026-01-01T00:00:00Z', 'high')])).toBe(0);
    expect(s.listAlerts({ severity: ['high'] }).items.map((a) => a.id)).toEqual(['a1']);
    expect(s.listAlerts({ entity: 'root' }).items.map((a) => a.id)).toEqual(['a2', 'a1']);
    const page = s.listAlerts({ limit: 1 });
    expect(s.listAlerts({ limit: 1, cursor: page.next! }).items.map((a) => a.id)).toEqual(['a1']);
    s.close();
  });

  it('tracks the entities events mention, with first and last seen', () => {
    const s = SqliteStore.open(tmp());
    s.appendEvents([ev('2026-01-02T00:00:00.000Z', 'ann', 'x'), ev('2026-01-01T00:00:00.000Z', 'ann', 'y'), ev('2026-01-03T00:00:00.000Z', 'bo', 'z')]);
    s.appendEvents([ev('2025-12-31T00:00:00.000Z', 'ann', 'w')]);
    const users = s.listEntities('user', 10);
    expect(users.map((u) => u.id)).toEqual(['bo', 'ann']);
    expect(users[1]).toMatchObject({ firstSeen: '2025-12-31T00:00:00.000Z', lastSeen: '2026-01-02T00:00:00.000Z' });
    const s2 = s.listEntities('ip', 10);
    expect(s2).toEqual([]);
    s.close();
  });

  it('keeps dead letters with their raw bytes and reason', () => {
    const s = SqliteStore.open(tmp());
    s.appendDeadLetters([{ source: 'file:x', offset: 7, receivedAt: 1, parser: 'json', reason: 'invalid JSON', data: '{oops' }]);
    expect(s.listDeadLetters(10)[0]).toMatchObject({ source: 'file:x', offset: 7, reason: 'invalid JSON', data: '{oops' });
    s.close();
  });

  it('replaces detector state and checkpoint atomically, and survives reopening', () => {
    const dir = tmp();
    const s = SqliteStore.open(dir);
    s.saveDetectorStates(10, ['d'], [{ detector: 'd', key: 'k1', state: { n: 1 } }, { detector: 'd', key: 'k2', state: { n: 2 } }]);
    s.saveDetectorStates(20, ['d'], [{ detector: 'd', key: 'k2', state: { n: 3 } }]);
    s.close();
    const r = SqliteStore.open(dir);
    expect(r.checkpoint()).toBe(20);
    expect(r.loadDetectorState('d').states).toEqual([['k2', { n: 3 }]]);
    r.close();
  });

  it('deletes events older than the retention cutoff', () => {
    const s = SqliteStore.open(tmp());
    s.appendEvents([ev('2025-01-01T00:00:00Z', 'a', 'old'), ev('2026-01-01T00:00:00Z', 'a', 'new')]);
    expect(s.applyRetention('2025-06-01T00:00:00Z')).toBe(1);
    expect(s.counts().events).toBe(1);
    s.close();
  });
});
