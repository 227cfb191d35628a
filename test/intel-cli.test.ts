import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../src/core/event.js';
import { newEventId } from '../src/core/ids.js';
import { StixValidator } from '../src/intel/stix/validate.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { cli, DATA, tempDir } from './helpers.js';

const STIX = join(DATA, 'intel/stix-taxii-examples/cti-documentation/examples/example_json');
const have = existsSync(STIX);
if (!have) console.warn(`intel CLI test skipped: ${STIX} not found (the shared data set lives in ../shared/data beside the project)`);

describe('wardwatch intel', () => {
  it.each([['import'], ['stats'], ['export'], ['update'], ['hunt'], ['publish'], ['feed', 'add'], ['feed', 'list'], ['collection', 'add'], ['collection', 'list']])('intel %s %s has --help that mentions --json', (...c) => {
    const r = cli(['intel', ...c.filter(Boolean), '--help']);
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

  it.skipIf(!have)('retro-hunts after an import, makes and publishes to a collection, keeps feed secrets out of the store', () => {
    const tmp = tempDir();
    try {
      const d = join(tmp.dir, 'data');
      const events = SqliteStore.open(d);
      const ev = (ip: string, ago: number): WardEvent => ({ '@timestamp': new Date(Date.now() - ago * 86_400_000).toISOString(), event: { id: newEventId(), category: ['network'] }, destination: { ip } } as WardEvent);
      events.appendEvents([ev('203.0.113.50', 2), ev('203.0.113.50', 1), ev('203.0.113.51', 45)]);
      events.close();
      writeFileSync(join(tmp.dir, 'new.txt'), '203.0.113.50\n203.0.113.51\n');
      const r = cli(['intel', 'import', join(tmp.dir, 'new.txt'), '--no-warninglists', '--data-dir', d, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).hunt).toMatchObject({ indicators: 2, scanned: 2, matchedEvents: 2, alerts: 1 });
      const again = JSON.parse(cli(['intel', 'hunt', '--days', '60', '--data-dir', d, '--json']).stdout) as { alerts: number; matchedEvents: number };
      expect(again).toMatchObject({ matchedEvents: 3, alerts: 1 }); // the 45-day-old event now in range; the first alert is not raised twice

      const c = cli(['intel', 'collection', 'add', 'outbox', '--title', 'Shared with peers', '--read', 'token:peer-b,analyst', '--data-dir', d, '--json']);
      expect(c.code, c.stdout).toBe(0);
      expect(JSON.parse(c.stdout)).toMatchObject({ alias: 'outbox', readers: ['token:peer-b', 'analyst'], writers: ['admin'] });
      expect(cli(['intel', 'collection', 'add', 'x', '--title', 't', '--read', 'everyone', '--data-dir', d, '--json']).code).toBe(2);
      const p = cli(['intel', 'publish', '--collection', 'outbox', '--data-dir', d, '--json']);
      expect(p.code, p.stdout).toBe(0);
      expect(JSON.parse(p.stdout).status).toMatchObject({ status: 'complete', failure_count: 0, success_count: 2 });
      const list = JSON.parse(cli(['intel', 'collection', 'list', '--data-dir', d, '--json']).stdout) as { collections: Array<{ alias: string; objects: number }> };
      expect(list.collections).toEqual([expect.objectContaining({ alias: 'outbox', objects: 2 })]);

      const f = cli(['intel', 'feed', 'add', 'isac', '--taxii', 'http://127.0.0.1:9/taxii2/api1/', '--collection', 'c1', '--user', 'me', '--secret-env', 'ISAC_PASSWORD', '--data-dir', d, '--json']);
      expect(f.code, f.stdout).toBe(0);
      const u = cli(['intel', 'update', '--data-dir', d, '--json'], { ISAC_PASSWORD: 'not-stored-anywhere' });
      expect(u.code).toBe(1);
      expect(JSON.parse(u.stdout).results[0]).toMatchObject({ name: 'isac', outcome: 'failed', message: expect.stringContaining('nothing was ever loaded') });
      const feeds = cli(['intel', 'feed', 'list', '--data-dir', d, '--json']).stdout;
      expect(JSON.parse(feeds).feeds[0].state).toMatchObject({ failures: 1 });
      expect(readFileSync(join(d, 'intel.db')).includes('not-stored-anywhere')).toBe(false);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
