import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from './helpers.js';

/**
 * The response CLI over the whole pipeline: `ingest --respond dry-run` of an SSH brute force runs
 * the shipped playbook on the alert (recording, not blocking: this machine's firewall is not a
 * test fixture), `actions --json` lists it, `undo` ends it, and `playbooks check` names problems.
 */
describe('respond CLI', () => {
  const tmp = tempDir('ww-respond-cli-');
  afterAll(() => tmp.cleanup());
  const config = join(tmp.dir, 'wardwatch.yaml');
  writeFileSync(config, `respond:\n  mode: enforce\n  playbooks: ${join(ROOT, 'config/playbooks')}\n  allow:\n    addresses: [198.51.100.5]\n`);

  it('playbooks check validates the shipped examples and names file, line and key of a bad one', () => {
    const ok = cli(['playbooks', 'check', join(ROOT, 'config/playbooks'), '--json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { playbook: string }).playbook)).toContain('block-bruteforce-source');
    const bad = join(tmp.dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\ntrigger:\n  severity: urgent\nsteps:\n  - action: block-ip\n');
    const r = cli(['playbooks', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3 trigger.severity:`);
    expect(cli(['playbooks', 'check', '--help']).stdout).toContain('--json');
  });

  it('ingest --respond dry-run proposes the block; actions lists it; undo ends it', () => {
    const log = join(tmp.dir, 'auth.log');
    const lines = [];
    for (let i = 0; i < 15; i++) lines.push(`Feb  3 04:05:${String(10 + i).padStart(2, '0')} web01 sshd[4242]: Failed password for root from 203.0.113.77 port ${51000 + i} ssh2`);
    for (let i = 0; i < 15; i++) lines.push(`Feb  3 04:06:${String(10 + i).padStart(2, '0')} web01 sshd[4243]: Failed password for admin from 198.51.100.5 port ${52000 + i} ssh2`);
    writeFileSync(log, `${lines.join('\n')}\n`);
    const ing = cli(['ingest', log, '--config', config, '--data-dir', tmp.dir, '--workers', '0', '--respond', 'dry-run', '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    expect((JSON.parse(ing.stdout) as { alerts: number }).alerts).toBeGreaterThanOrEqual(2);
    const acts = cli(['actions', '--config', config, '--data-dir', tmp.dir, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const block = acts.find((a) => a.action === 'block-ip' && a.target === '203.0.113.77')!;
    expect(block).toMatchObject({ playbook: 'block-bruteforce-source', state: 'dry-run', alertId: expect.stringMatching(/./), createdAt: expect.any(String), expiresAt: expect.any(String) });
    expect(Object.keys(block).sort()).toEqual(['action', 'alertId', 'createdAt', 'expiresAt', 'id', 'playbook', 'reason', 'state', 'target']);
    expect(acts.find((a) => a.target === '198.51.100.5')).toMatchObject({ state: 'suppressed', reason: expect.stringContaining('allow-listed') });
    const undo = cli(['actions', 'undo', block.id!, '--note', 'test', '--config', config, '--data-dir', tmp.dir, '--json']);
    expect(JSON.parse(undo.stdout)).toMatchObject({ id: block.id, state: 'undone' });
    const again = cli(['actions', 'approve', block.id!, '--config', config, '--data-dir', tmp.dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not awaiting approval');
    expect(cli(['actions', '--state', 'undone', '--config', config, '--data-dir', tmp.dir, '--json']).stdout).toContain(block.id);
  }, 60_000);

  it('ingest refuses a bad --respond mode, and the kill switch is set from the CLI', () => {
    expect(cli(['ingest', 'x', '--respond', 'maybe']).stderr).toContain('Allowed choices are enforce, dry-run, off'.replace('enforce, dry-run, off', 'off, dry-run, enforce'));
    expect(JSON.parse(cli(['actions', 'kill-switch', 'on', '--data-dir', tmp.dir, '--config', config, '--json']).stdout)).toEqual({ killSwitch: true });
    expect(cli(['actions', 'kill-switch', '--data-dir', tmp.dir, '--config', config]).stdout).toBe('kill switch: on\n');
  });
});
