import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, cli, tempDir } from './helpers.js';

const RULES = join(DATA, 'sigma/rules/rules/windows');
const SAMPLE = join(DATA, 'windows/evtx-to-mitre-attack/data/TA0006-Credential Access/T1003-Credential dumping/ID10-Mimikatz LSASS process dump.jsonl.gz');

/** Issue 4's "the live pipeline raises Sigma alerts with explanations": SigmaHQ rules in the pipeline, not only in hunt mode. */
describe.skipIf(!existsSync(RULES) || !existsSync(SAMPLE))('Sigma in the live pipeline (needs ../shared/data)', () => {
  it('raises ATT&CK-labelled Sigma alerts with explanations when Windows events are ingested', () => {
    const tmp = tempDir('ww-sigma-live-');
    try {
      const cfg = join(tmp.dir, 'wardwatch.yaml');
      writeFileSync(cfg, `sources: []\ndetectors:\n  - type: sigma\n    rules: ["${RULES}"]\n    attack: "${join(DATA, 'attack')}"\n`);
      const r = cli(['ingest', SAMPLE, '--json', '--config', cfg, '--data-dir', tmp.dir]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as { events: number; alerts: number; deadLetters: number; formats: Record<string, string> };
      expect(s.deadLetters).toBe(0);
      expect(Object.values(s.formats)).toEqual(['windows-event']);
      expect(s.alerts).toBeGreaterThan(0);
      const alerts = cli(['alerts', '--json', '--data-dir', tmp.dir, '--config', cfg, '-n', '1000']).stdout.trim().split('\n')
        .map((l) => JSON.parse(l) as { detector: string; title: string; techniques?: string[]; explanation: { text: string } });
      expect(alerts.every((a) => a.detector === 'sigma')).toBe(true);
      const lsass = alerts.filter((a) => /mimikatz|lsass|process access/i.test(a.title));
      expect(lsass.length).toBeGreaterThan(0);
      expect(lsass.some((a) => a.techniques?.some((t) => t.startsWith('T1003')))).toBe(true);
      for (const a of alerts) expect(a.explanation.text.length).toBeGreaterThan(20);
    } finally {
      tmp.cleanup();
    }
  }, 240_000); // parses ~2,300 SigmaHQ YAML files from scratch (no rule cache in a fresh data dir)
});
