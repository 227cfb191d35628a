import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCuration } from '../src/detect/sigma/curation.js';
import { loadRuleDirs } from '../src/detect/sigma/ruleset.js';
import { DEFAULT_DETECTORS } from '../src/pipeline/config-loader.js';

// The SigmaHQ set shipped in the package: every rule left on must parse and compile, the
// manifest must match the folder, and the licence and attribution must travel with it.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHIPPED = join(ROOT, 'rules', 'sigmahq');
const MANIFEST = join(ROOT, '..', 'shared', 'data', 'sigma', 'rules', 'MANIFEST.txt');

describe('shipped SigmaHQ rule set', () => {
  const curation = readCuration(SHIPPED)!;
  const set = loadRuleDirs([SHIPPED]);

  it('every enabled rule parses and compiles', () => {
    expect(set.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(set.rules.length).toBe(curation.counts.enabled);
    expect(set.curatedOff.length).toBe(curation.counts.disabled);
    expect(new Set(set.rules.map((r) => r.doc.id))).toEqual(new Set(Object.entries(curation.rules).filter(([, r]) => r.enabled).map(([id]) => id)));
  });

  it('lists every shipped file, and every rule off has a reason', () => {
    for (const r of Object.values(curation.rules)) expect(existsSync(join(SHIPPED, r.path)), r.path).toBe(true);
    for (const r of Object.values(curation.rules).filter((x) => !x.enabled)) {
      expect(r.reason).toMatch(/^(level (low|informational)|status (experimental|deprecated|unsupported)|fired \d+× on benign OTRF background \(\d+ recordings\))$/);
    }
    // Low and informational rules are never on by default.
    expect(Object.values(curation.rules).filter((r) => r.enabled && ['low', 'informational'].includes(r.level ?? ''))).toEqual([]);
  });

  it('keeps the Detection Rule License and each rule\'s authors', () => {
    expect(readFileSync(join(SHIPPED, 'LICENSE'), 'utf8')).toMatch(/Detection Rule License \(DRL\) 1\.1/);
    const withAuthor = set.rules.filter((r) => typeof r.doc.author === 'string' && r.doc.author.length > 0).length;
    expect(withAuthor / set.rules.length).toBeGreaterThan(0.99);
  });

  it('names the SigmaHQ commit it was copied from', () => {
    const readme = readFileSync(join(SHIPPED, 'README.md'), 'utf8');
    expect(curation.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readme).toContain(curation.source.commit!);
    if (!existsSync(MANIFEST)) return; // the shared data is absent: the commit cannot be cross-checked
    expect(readFileSync(MANIFEST, 'utf8')).toContain(`COMMIT: ${curation.source.commit}`);
  });

  it('is loaded by the default configuration, before the healthcare pack', () => {
    const sigma = DEFAULT_DETECTORS.find((d) => d.type === 'sigma') as unknown as { rules: string[] };
    expect(sigma.rules.map((r) => r.split(/[\\/]/).slice(-2).join('/'))).toEqual(['rules/sigmahq', 'rules/healthcare']);
  });
});
