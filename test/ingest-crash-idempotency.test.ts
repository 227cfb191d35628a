import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auth, serve, tempDir } from './helpers.js';

const EVENTS = Number(process.env.WW_IDEM_EVENTS ?? 200_000);
const PER_BATCH = 2000;
const KILLS = 4;

/**
 * One batch: a run of six failed logins 30 s apart and then a success for this batch's own
 * account (so `auth.success_after_failures` fires once per batch, and would say "7 failures" or
 * more if a resent batch were stored twice), the rest ordinary logins. Every event carries a
 * unique message `ev-<n>` to count copies by.
 */
function batch(b: number): string {
  const t0 = Date.parse('2026-03-01T00:00:00Z') + b * 3_600_000;
  const lines: string[] = [];
  for (let i = 0; i < PER_BATCH; i++) {
    const n = b * PER_BATCH + i;
    const victim = i < 7;
    const outcome = victim && i < 6 ? 'failure' : 'success';
    lines.push(JSON.stringify({
      '@timestamp': new Date(t0 + i * 30_000).toISOString(),
      event: { category: ['authentication'], type: ['start'], action: 'logon', outcome },
      user: { name: victim ? `victim-${b}` : `staff-${n % 997}` },
      source: { ip: victim ? '203.0.113.66' : `10.1.${(n >> 8) & 255}.${n & 255}` },
      message: `ev-${n}`,
    }));
  }
  return lines.join('\n');
}

/** Whether a batch key is committed, read from the database file while the server runs. */
function committedKey(dataDir: string, key: string): boolean {
  const db = new Database(join(dataDir, 'wardwatch.db'), { readonly: true });
  try {
    return db.prepare('SELECT 1 FROM ingest_keys WHERE key = ?').get(key) !== undefined;
  } finally {
    db.close();
  }
}

async function waitFor(fn: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The duplicate-after-crash finding: a client sends 200k events in keyed batches while
 * Wardwatch is killed with SIGKILL several times mid-request; after each restart the client
 * resends every batch it has no answer for, with the same key. The store must then hold each
 * event exactly once, and every success-after-failures alert must count 6 failures.
 */
describe('HTTP ingest with idempotency keys across kill -9', () => {
  it(`stores each of ${EVENTS} events exactly once`, { timeout: 600_000 }, async () => {
    const tmp = tempDir('ww-idem-');
    let srv = await serve(tmp.dir);
    const batches = Math.ceil(EVENTS / PER_BATCH);
    const killAt = new Set(Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 1) * batches) / (KILLS + 1))));
    let restarting: Promise<void> | undefined;
    let replayed = 0;
    let retried = 0;
    let killedInFlight = 0;
    let kills = 0;
    let committedUnanswered = 0;
    try {
      for (let b = 0; b < batches; b++) {
        const body = batch(b);
        const key = `client-1:${b}`;
        const send = () => fetch(`${srv.url}/api/ingest`, {
          method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson', 'idempotency-key': key }, body,
        });
        if (killAt.has(b) && ++kills % 2) {
          // The case the keys are for: the batch is committed, the server dies, and its answer
          // (if it got out at all) is lost to the client — which sends the batch again.
          const lost = send().then((r) => r.arrayBuffer(), () => undefined);
          await waitFor(() => committedKey(tmp.dir, key));
          await srv.stop('SIGKILL');
          committedUnanswered++;
          await lost;
          srv = await serve(tmp.dir);
        } else if (killAt.has(b)) {
          // Anywhere in the request: parsed, committed or answered — the client cannot tell.
          const delay = Math.floor(Math.random() * 150);
          restarting = (async () => {
            await new Promise((r) => setTimeout(r, delay));
            await srv.stop('SIGKILL');
            srv = await serve(tmp.dir);
          })();
        }
        for (let attempt = 0; ; attempt++) {
          if (attempt > 50) throw new Error(`batch ${b} not accepted after 50 attempts`);
          try {
            const res = await send();
            if (res.status === 202) {
              if (res.headers.get('idempotency-replayed') === 'true') replayed++;
              await res.arrayBuffer();
              break;
            }
            await res.arrayBuffer();
            expect([429, 503]).toContain(res.status);
            await new Promise((r) => setTimeout(r, 200));
          } catch {
            // No answer: the server died under the request. Resend once it is back.
            if (attempt === 0) killedInFlight++;
            retried++;
            await restarting;
          }
        }
        await restarting;
        restarting = undefined;
      }
      // Let the detectors finish with what is stored, then read the store.
      await new Promise((r) => setTimeout(r, 3000));
      const res = await fetch(`${srv.url}/api/alerts?detector=auth.success_after_failures&limit=1000`, { headers: auth });
      const alerts = ((await res.json()) as { items: Array<{ title: string }> }).items;
      await srv.stop('SIGTERM');

      const db = new Database(join(tmp.dir, 'wardwatch.db'), { readonly: true });
      const total = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
      const distinct = db.prepare('SELECT COUNT(DISTINCT message) FROM events').pluck().get() as number;
      const keys = db.prepare('SELECT COUNT(*) FROM ingest_keys').pluck().get() as number;
      db.close();
      console.log(`HTTP idempotency crash test: ${batches} batches of ${PER_BATCH}, ${KILLS} kill -9 (${killedInFlight} with a request in flight, ${committedUnanswered} after the batch's commit and before its answer reached the client), ${retried} resends, ${replayed} answered as replays (${replayed * PER_BATCH} copies avoided); store: ${total} events, ${distinct} distinct, ${alerts.length} success_after_failures alerts`);
      expect(distinct).toBe(batches * PER_BATCH);
      expect(total).toBe(batches * PER_BATCH);
      expect(keys).toBe(batches);
      // The batches committed before the kill were recognised when resent, not stored again.
      expect(replayed).toBeGreaterThanOrEqual(committedUnanswered);
      expect(committedUnanswered).toBe(KILLS / 2);
      // Every victim's alert counts its six failures, never a copy.
      expect(alerts.length).toBe(batches);
      expect(new Set(alerts.map((a) => a.title.replace(/"victim-\d+"/, 'V')))).toEqual(new Set(['Successful login to V after 6 failures']));
    } finally {
      await srv.stop('SIGKILL').catch(() => {});
      tmp.cleanup();
    }
  });
});
