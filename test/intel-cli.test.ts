import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StixValidator } from '../src/intel/stix/validate.js';
import { cli, DATA, tempDir } from './helpers.js';

const STIX = join(DATA, 'intel/stix-taxii-examples/cti-documentation/examples/example_json');
const have = existsSync(STIX);
if (!have) console.warn(`intel CLI test skipped: ${STIX} not found (the shared data set lives in ../shared/data beside the project)`);

describe('wardwatch intel', () => {
  it.each(['import', 'stats', 'export'])('intel %s has --help that mentions --json', (c) => {
    const r = cli(['intel', c, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--json');
  });

  it.skipIf(!have)('imports a list, a CSV and STIX examples, reports problems, shows stats and exports a valid bundle', () => {
    const tmp = tempDir();
    try {
      const d = join(tmp.dir, 'data');
      writeFileSync(join(tmp.dir, 'bad.txt'), 'c2.wardwatch-test.net\n203.0.113.7\n8.8.8.8\nno such thing\n');
      const r = cli(['intel', 'import', join(tmp.dir, 'bad.txt'), join(STIX, 'indicator-for-malicious-url.json'), join(STIX, 'malware-indicator-for-file-hash.json'), '--data-dir', d, '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { totals: { loaded: number; warningListed: number; problems: number }; reports: Array<{ problems: Array<{ object: string }> }> };
      expect(out.totals).toMatchObject({ loaded: 3, warningListed: 2, problems: 1 }); // TEST-NET-3 (rfc5735) and Google DNS are known-benign
      expect(out.reports[0]!.problems[0]).toMatchObject({ object: 'line 4', message: expect.stringContaining('"no such thing"') });
      expect(statSync(join(d, 'intel.db')).mode & 0o777).toBe(0o600);

      const s = JSON.parse(cli(['intel', 'stats', '--data-dir', d, '--json']).stdout) as { active: number; byKind: Record<string, number> };
      expect(s).toMatchObject({ active: 3, byKind: { domain: 1, url: 1, hash: 1 } });

      const file = join(tmp.dir, 'out.json');
      const x = cli(['intel', 'export', '--data-dir', d, '--out', file, '--json']);
      expect(x.code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const bundle = JSON.parse(readFileSync(file, 'utf8')) as { objects: Array<{ id: string; pattern?: string }> };
      expect(StixValidator.load().validateBundle(bundle)).toEqual([]);
      expect(bundle.objects.map((o) => o.pattern).sort()).toContain("[domain-name:value = 'c2.wardwatch-test.net' OR domain-name:value LIKE '%.c2.wardwatch-test.net']");
      expect(bundle.objects.map((o) => o.id)).toContain('indicator--d81f86b9-975b-4c0b-875e-810c5ad45a4f'); // STIX-imported: exported as it came

      const bad = cli(['intel', 'import', join(tmp.dir, 'missing.txt'), '--data-dir', d, '--json']);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stdout)).toMatchObject({ error: 'config.invalid', message: expect.stringContaining('missing.txt') });
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
