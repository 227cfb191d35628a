import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../core/event.js';
import { newEventId } from '../core/ids.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { RuleSettingsRepo } from '../store/sqlite/triage.js';
import { loadConfigObject } from './config-loader.js';
import { openRuntime } from './runtime.js';

function failures(user: string, n: number, start: number): WardEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    '@timestamp': new Date(start + i * 1000).toISOString(),
    event: { id: newEventId(), category: ['authentication'], type: ['start'], outcome: 'failure' },
    user: { name: user },
    source: { ip: '192.0.2.10' },
  }));
}

describe.each([[0, false], [2, true]])('DetectionHost with %i worker(s), writer thread %s', (workers, writerThread) => {
  it('replays events stored after the checkpoint, restores state, and shards by key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-host-'));
    try {
      const t0 = Date.parse('2026-04-01T00:00:00Z');
      // Events stored while "no detector ran" (as after a crash between commit and detection).
      const store = SqliteStore.open(dir);
      const users = Array.from({ length: 20 }, (_, i) => `user${i}`);
      store.appendEvents(users.flatMap((u) => failures(u, 6, t0)));
      store.close();

      const loaded = loadConfigObject({ sources: [], pipeline: { workers }, store: { writerThread }, detectors: [{ type: 'auth.bruteforce', threshold: 10, burstThreshold: 100 }] });
      const rt = await openRuntime(loaded, { dataDir: dir });
      expect(rt.store.counts().alerts).toBe(0);
      await rt.close();
      // State (6 failures per user) was checkpointed; 4 more each must now cross the threshold of 10.
      const rt2 = await openRuntime(loaded, { dataDir: dir });
      await rt2.ingestor.write(users.flatMap((u) => failures(u, 4, t0 + 10_000)), [], []);
      await rt2.detection.drain();
      expect(rt2.store.counts().alerts).toBe(20);
      expect(rt2.detection.shardCount).toBe(Math.max(1, workers));
      await rt2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rule switches', () => {
  it('a switched-off detector sees no events until it is switched on again, also across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-switch-'));
    try {
      const loaded = loadConfigObject({ sources: [], pipeline: { workers: 0 }, detectors: [{ type: 'auth.bruteforce', threshold: 5 }] });
      const rt = await openRuntime(loaded, { dataDir: dir });
      expect(rt.detection.setEnabled('auth.bruteforce', false)).toBe(true);
      expect(rt.detection.setEnabled('no.such', false)).toBe(false);
      const t0 = Date.parse('2026-04-02T00:00:00Z');
      await rt.ingestor.write(failures('quiet', 10, t0), [], []);
      await rt.detection.drain();
      expect(rt.store.counts().alerts).toBe(0);
      rt.detection.setEnabled('auth.bruteforce', true);
      await rt.ingestor.write(failures('loud', 10, t0), [], []);
      await rt.detection.drain();
      expect(rt.store.listAlerts({}).items.map((a) => a.entities[0]!.id)).toEqual(['loud']);
      new RuleSettingsRepo(rt.store.db).set('auth.bruteforce', false, 'test');
      await rt.close();
      const again = await openRuntime(loaded, { dataDir: dir });
      expect(again.detection.isEnabled('auth.bruteforce')).toBe(false);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
