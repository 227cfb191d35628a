import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { auth, authLines, serve, tempDir } from './helpers.js';

/**
 * The durability promise: an event acknowledged with 202 is in the store (or the dead
 * letters) after `kill -9`, and the detectors catch up on it after the restart.
 */
describe('crash safety', () => {
  it('keeps every acknowledged event across kill -9, and detects them after restart', async () => {
    const tmp = tempDir('ww-crash-');
    try {
      const srv = await serve(tmp.dir);
      const acked: number[] = [];
      // Many batches, each acknowledged; the last one is a brute-force burst.
      for (let b = 0; b < 20; b++) {
        const lines = authLines(500, `u${b}`, 'success', '10.0.0.1', Date.parse('2026-02-03T00:00:00Z') + b * 1000);
        const res = await fetch(`${srv.url}/api/ingest`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: [...lines, '{bad json'].join('\n') });
        expect(res.status).toBe(202);
        acked.push(((await res.json()) as { events: number }).events);
      }
      const burst = authLines(15, 'radiology-admin', 'failure', '203.0.113.200', Date.parse('2026-02-03T05:00:00Z'));
      const res = await fetch(`${srv.url}/api/ingest`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: burst.join('\n') });
      expect(res.status).toBe(202);
      // No time for a graceful anything: SIGKILL straight after the last 202.
      await srv.stop('SIGKILL');

      const store = SqliteStore.open(tmp.dir);
      const counts = store.counts();
      store.close();
      expect(counts.events).toBe(acked.reduce((a, b) => a + b, 0) + 15);
      expect(counts.deadLetters).toBe(20);

      // Restart: events stored after the last checkpoint are replayed through the detectors.
      const again = await serve(tmp.dir);
      const alerts = (await (await fetch(`${again.url}/api/alerts?entity=radiology-admin`, { headers: auth })).json()) as { items: Array<{ detector: string }> };
      expect(alerts.items.map((a) => a.detector)).toContain('auth.bruteforce');
      expect(await again.stop('SIGTERM')).toBe(0);

      // A third start replays nothing new and does not duplicate the alert.
      const third = await serve(tmp.dir);
      const again2 = (await (await fetch(`${third.url}/api/alerts?entity=radiology-admin&detector=auth.bruteforce`, { headers: auth })).json()) as { items: unknown[] };
      expect(again2.items).toHaveLength(1);
      await third.stop();
    } finally {
      tmp.cleanup();
    }
  });
});
