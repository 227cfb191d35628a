import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, auth, cli, serve, tempDir } from './helpers.js';

const OPENSSH = join(DATA, 'logs/loghub/OpenSSH/OpenSSH_2k.log');

/** The foundation's "done when": a new user ingests the OpenSSH sample and sees explained brute-force alerts. */
describe.skipIf(!existsSync(OPENSSH))('OpenSSH sample end to end (needs ../shared/data)', () => {
  it('ingests the sample with the CLI and shows explained alerts in the CLI and the API', async () => {
    const tmp = tempDir('ww-e2e-');
    try {
      const r = cli(['ingest', OPENSSH, '--json', '--data-dir', tmp.dir]);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
      expect(summary).toMatchObject({ read: 2000, events: 2000, deadLetters: 0 });
      expect(summary.alerts as number).toBeGreaterThan(0);
      expect(typeof summary.seconds).toBe('number');
      expect(summary.formats).toEqual({ [OPENSSH]: 'syslog' });

      const a = cli(['alerts', '--json', '--data-dir', tmp.dir, '--limit', '1000']);
      expect(a.code, a.stderr).toBe(0);
      const alerts = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as {
        id: string; time: string; title: string; severity: string; detector: string; entities: unknown[]; explanation: { text: string; evidence: string[] };
      });
      expect(alerts.length).toBe(summary.alerts);
      const brute = alerts.filter((x) => x.detector === 'auth.bruteforce');
      expect(brute.length).toBeGreaterThan(0);
      for (const x of alerts) {
        expect(x.id).toMatch(/^al_/);
        expect(x.explanation.text.length).toBeGreaterThan(20);
        expect(x.entities.length).toBeGreaterThan(0);
      }
      // The sample's biggest target is root (hundreds of PAM failures from 5.36.59.76 and others).
      expect(brute.map((x) => x.title)).toContain('Brute force against account "root"');
      const spray = alerts.filter((x) => x.detector === 'auth.spray');
      expect(spray.length).toBeGreaterThan(0);

      // Human output too.
      const human = cli(['alerts', '--data-dir', tmp.dir, '--detector', 'auth.bruteforce', '-n', '3']);
      expect(human.stdout).toMatch(/HIGH\s+Brute force against account/);

      // And the API serves the same alerts with their evidence.
      const srv = await serve(tmp.dir);
      try {
        const list = (await (await fetch(`${srv.url}/api/alerts?limit=1000`, { headers: auth })).json()) as { items: Array<{ id: string }> };
        expect(list.items.length).toBe(alerts.length);
        const one = (await (await fetch(`${srv.url}/api/alerts/${brute[0]!.id}`, { headers: auth })).json()) as { evidence: Array<{ message: string }> };
        expect(one.evidence.length).toBe(brute[0]!.explanation.evidence.length);
      } finally {
        await srv.stop();
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('fails clearly on an unknown or wrong explicit format', () => {
    const tmp = tempDir('ww-e2e-');
    try {
      const unknown = cli(['ingest', OPENSSH, '--format', 'nope', '--data-dir', tmp.dir]);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toMatch(/unknown parser "nope"/);
      const wrong = cli(['ingest', OPENSSH, '--format', 'json', '--json', '--data-dir', tmp.dir]);
      expect(wrong.code).not.toBe(0);
      expect(JSON.parse(wrong.stdout.trim())).toMatchObject({ error: 'parse.failed' });
      expect(wrong.stdout).toContain('OpenSSH_2k.log');
    } finally {
      tmp.cleanup();
    }
  });
});
