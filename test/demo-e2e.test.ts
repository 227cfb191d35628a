import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

type Msg = { event: string; url?: string; token?: string; message?: string; alerts?: Record<string, number> };

type AlertRow = { detector: string; entities: Array<{ type: string; id: string }> };

/** Run `npm run demo`'s script until the day is streamed; read the alerts through its API, then stop it (Ctrl-C). */
async function runDemo(dir: string, extra: string[] = []): Promise<{ msgs: Msg[]; alerts: AlertRow[] }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/demo.mjs'), '--dir', dir, '--fast', '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const msgs: Msg[] = [];
  const done = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = JSON.parse(l) as Msg;
      msgs.push(m);
      if (m.event === 'done') resolve();
    });
    void exited.then((code) => reject(new Error(`demo exited ${code} early: ${stderr} ${JSON.stringify(msgs)}`)));
  });
  await done;
  const ready = msgs.find((x) => x.event === 'ready')!;
  const r = await fetch(`${ready.url}/api/alerts?limit=500`, { headers: { authorization: `Bearer ${ready.token}` } });
  const alerts = ((await r.json()) as { items: AlertRow[] }).items;
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  return { msgs, alerts };
}

// `npm run demo` shows the five attacks the README promises, runs again on the same folder, and
// gets out of the way of a busy port.
describe('npm run demo', () => {
  it('every advertised attack raises an alert, and a second run works on the same folder', async () => {
    const tmp = tempDir('ww-demo-');
    // Hold the port the demo asks for: it must say so and use another.
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const busy = (holder.address() as { port: number }).port;
    const dir = join(tmp.dir, 'data-demo');
    try {
      const first = await runDemo(dir, ['--port', String(busy)]);
      expect(first.msgs.find((m) => m.event === 'port_busy')).toBeDefined();
      const ready = first.msgs.find((m) => m.event === 'ready')!;
      expect(ready.url).not.toContain(`:${busy}`);
      expect(ready.token).toMatch(/^demo_/);

      // Each scenario's labelled incidents name users; an alert about one of them is that attack seen.
      const labels = readFileSync(join(dir, 'sim/labels.jsonl'), 'utf8').trim().split('\n')
        .map((l) => JSON.parse(l) as { scenario: string; entities: Array<{ type: string; id: string }> });
      const alertUsers = new Set(first.alerts.flatMap((a) => a.entities.filter((e) => e.type === 'user' || e.type === 'ip').map((e) => e.id)));
      const seen = new Map<string, boolean>();
      for (const l of labels) {
        const hit = l.entities.some((e) => (e.type === 'user' || e.type === 'ip') && alertUsers.has(e.id));
        seen.set(l.scenario, (seen.get(l.scenario) ?? false) || hit);
      }
      expect(Object.fromEntries(seen)).toEqual({
        bruteforce: true, spray: true, 'ehr-snooping': true, 'insider-download': true, 'phish-new-country': true,
      });
      const detectors = new Set(first.alerts.map((a) => a.detector));
      for (const d of ['auth.bruteforce', 'auth.spray', 'ehr.access', 'phishing']) expect(detectors).toContain(d);

      // Re-runnable: the same folder again (reset), and again with --keep (new token on the kept store).
      const second = await runDemo(dir, ['--port', '0']);
      expect(second.alerts.length).toBeGreaterThan(0);
      const kept = await runDemo(dir, ['--port', '0', '--keep']);
      expect(kept.msgs.find((m) => m.event === 'ready')!.token).toMatch(/^ww_/);
      expect(kept.alerts.length).toBeGreaterThan(0);
    } finally {
      holder.close();
      tmp.cleanup();
    }
  }, 600_000);
});
