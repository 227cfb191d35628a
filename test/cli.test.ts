import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { cli, tempDir } from './helpers.js';

describe('CLI', () => {
  it.each(['serve', 'ingest', 'events', 'alerts', 'version'])('%s has --help that mentions --json', (cmd) => {
    const r = cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--json');
  });

  it('prints the version as JSON', () => {
    const r = cli(['version', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.versions.node });
  });

  it('reports a bad config with its path and exit code 2, as JSON with --json', () => {
    const tmp = tempDir();
    try {
      const cfg = `${tmp.dir}/c.yaml`;
      writeFileSync(cfg, 'detectors:\n  - type: auth.bruteforce\n    window: often\n');
      const r = cli(['alerts', '--config', cfg, '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ error: 'config.invalid', message: expect.stringContaining('detectors[0].window') });
    } finally {
      tmp.cleanup();
    }
  });

  it('lists nothing on an empty store, in both output modes', () => {
    const tmp = tempDir();
    try {
      SqliteStore.open(tmp.dir).close();
      expect(cli(['alerts', '--data-dir', tmp.dir]).stdout).toBe('No alerts.\n');
      expect(cli(['alerts', '--data-dir', tmp.dir, '--json']).stdout).toBe('');
      expect(cli(['events', '--data-dir', tmp.dir]).stdout).toBe('No events.\n');
      const bad = cli(['events', '--data-dir', tmp.dir, '--from', 'yesterday']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--from: not an ISO time');
    } finally {
      tmp.cleanup();
    }
  });
});
