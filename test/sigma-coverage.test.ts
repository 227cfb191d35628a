import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAttackCatalog } from '../src/detect/sigma/attack.js';
import { formatIssue } from '../src/detect/sigma/errors.js';
import { loadRuleDirs } from '../src/detect/sigma/ruleset.js';
import { HAVE_SHARED_DATA, SHARED_DATA, SKIP_REASON } from './sigma-data.js';

if (!HAVE_SHARED_DATA) console.warn(SKIP_REASON);

describe.skipIf(!HAVE_SHARED_DATA)('SigmaHQ coverage', () => {
  it('loads and compiles at least 99 % of the SigmaHQ rules', () => {
    const root = join(SHARED_DATA, 'sigma', 'rules');
    const set = loadRuleDirs(['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder', 'rules-compliance'].map((d) => join(root, d)));
    const errors = set.issues.filter((i) => i.severity === 'error');
    const total = set.stats.files;
    const share = set.stats.compiled / total;
    if (errors.length) console.warn(errors.map(formatIssue).join('\n'));
    expect(total).toBeGreaterThan(3700);
    expect(share).toBeGreaterThanOrEqual(0.99);
  }, 180_000);

  it('resolves ATT&CK technique and tactic names from the bundles', () => {
    const cat = loadAttackCatalog(join(SHARED_DATA, 'attack'));
    const r = cat.resolveTags(['attack.t1003.001', 'attack.credential-access', 'attack.defense_evasion']);
    expect(r.techniques[0]).toMatchObject({ id: 'T1003.001', name: 'LSASS Memory' });
    expect(r.tactics.map((t) => t.id)).toEqual(['TA0006', 'TA0005']);
  }, 120_000);
});
