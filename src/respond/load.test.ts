import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybooks, parsePlaybook } from './load.js';

describe('playbook loading', () => {
  it('loads the shipped examples without a problem', () => {
    const r = loadPlaybooks('config/playbooks');
    expect(r.issues).toEqual([]);
    expect(r.playbooks.map((p) => p.name)).toContain('block-bruteforce-source');
    const pb = r.playbooks.find((p) => p.name === 'block-bruteforce-source')!;
    expect(pb.trigger.detectors).toEqual(['auth.bruteforce', 'auth.spray']);
    expect(pb.steps[0]).toMatchObject({ action: 'block-ip', expiry: '24h' });
    expect(pb.hash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('names the file, line and key of a bad value', () => {
    const text = 'name: x\ntrigger:\n  detectors: [auth.bruteforce]\nsteps:\n  - action: block-ip\n    expiry: soon\n';
    const r = parsePlaybook(text, 'x.yaml');
    expect(r.playbook).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ file: 'x.yaml', line: 6, key: 'steps[0].expiry' })]);
  });

  it('names an unknown key at its own line, and an unknown action', () => {
    const r = parsePlaybook('name: x\ntrigger: { severity: high }\nsteps:\n  - action: block-ip\n    tmeout: 5m\n', 'y.yaml');
    expect(r.issues[0]).toMatchObject({ line: 5, key: 'steps[0].tmeout' });
    const r2 = parsePlaybook('name: x\ntrigger: { severity: high }\nsteps:\n  - action: reboot-pump\n', 'z.yaml');
    expect(r2.issues[0]).toMatchObject({ line: 4, key: 'steps[0].action' });
  });

  it('reports YAML syntax errors with their line, and duplicate names across files', () => {
    expect(parsePlaybook('name: x\ntrigger: [\n', 'b.yaml').issues[0]).toMatchObject({ key: '(yaml)', line: expect.any(Number) });
    const dir = mkdtempSync(join(tmpdir(), 'pb-'));
    const ok = 'name: same\ntrigger: { severity: high }\nsteps: [{ action: block-ip }]\n';
    writeFileSync(join(dir, 'a.yaml'), ok);
    writeFileSync(join(dir, 'b.yml'), ok);
    const r = loadPlaybooks(dir);
    expect(r.playbooks).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ file: join(dir, 'b.yml'), key: 'name' });
  });

  it('refuses an empty trigger', () => {
    expect(parsePlaybook('name: x\ntrigger: {}\nsteps: [{ action: block-ip }]\n', 'e.yaml').issues[0]).toMatchObject({ line: 2, key: 'trigger' });
  });
});
