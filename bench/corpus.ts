import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { rng } from '../src/ml/iforest/rng.js';

export { rng };


/**
 * One small ECS authentication event, as a hospital's systems would send over HTTP: mostly
 * successful logins of 2,000 staff from 300 workstations (each with its own address), 5 % failures, and a brute-force
 * burst against one account every 10,000 events.
 */
export function makeEvent(i: number, rand: () => number, t: number): Record<string, unknown> {
  const burst = i % 10_000 >= 9_980;
  const user = burst ? `svc-burst-${Math.floor(i / 10_000)}` : `staff${Math.floor(rand() * 2000)}`;
  const fail = burst || rand() < 0.05;
  const ws = Math.floor(rand() * 300);
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { category: ['authentication'], type: ['start'], action: 'logon', outcome: fail ? 'failure' : 'success' },
    user: { name: user },
    source: { ip: burst ? '203.0.113.66' : `10.20.${ws >> 8}.${ws & 255}` },
    host: { name: `ws-${ws}` },
    message: `${fail ? 'Failed' : 'Accepted'} logon for ${user}`,
  };
}

/** Write (once) an NDJSON corpus of `n` events; returns its path and size. */
export async function ensureCorpus(dir: string, n: number): Promise<{ path: string; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `auth-${n}.ndjson`);
  if (!existsSync(path)) {
    const rand = rng(42);
    const out = createWriteStream(`${path}.tmp`);
    const t0 = Date.parse('2026-01-05T00:00:00Z');
    let buf = '';
    for (let i = 0; i < n; i++) {
      buf += `${JSON.stringify(makeEvent(i, rand, t0 + i * 50))}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
    const { renameSync } = await import('node:fs');
    renameSync(`${path}.tmp`, path);
  }
  return { path, bytes: statSync(path).size };
}
