import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventFile } from './sigma.js';

const ROOT = join(import.meta.dirname, '../..');
/** Public sample: an elastic/beats winlogbeat golden file (test/fixtures/formats/SOURCES.md). */
const GOLDEN = join(ROOT, 'test/fixtures/formats/winlogbeat-4634.golden.json');
/** SigmaHQ regression events: concatenated pretty-printed EVTX-to-JSON objects. */
const REGRESSION = join(ROOT, '../shared/data/sigma/regression/regression_data');

describe('sigma scan reads event files through the framing module', () => {
  it('a pretty-printed JSON array of winlogbeat events (elastic/beats golden file)', () => {
    const r = readEventFile(GOLDEN);
    expect(r.skipped).toBe(0);
    expect(r.events.map((e) => e.user?.name ?? (e as { winlog?: { event_data?: { TargetUserName?: string } } }).winlog?.event_data?.TargetUserName)).toEqual(['audittest', 'Administrator']);
  });

  it('one bad NDJSON line is skipped alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-sigma-read-'));
    try {
      const f = join(dir, 'x.jsonl');
      writeFileSync(f, '{"@timestamp":"2026-01-01T00:00:00Z","event":{"code":"1"}}\n{"broken": \n{"@timestamp":"2026-01-01T00:00:01Z","event":{"code":"2"}}\n');
      const r = readEventFile(f);
      expect(r.events).toHaveLength(2);
      expect(r.skipped).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(REGRESSION))('SigmaHQ regression files (concatenated pretty-printed objects)', () => {
    const dir = join(REGRESSION, 'rules-emerging-threats/2026/Exploits/RedSun/file_event_win_exploit_redsun_indicators');
    const file = join(dir, readdirSync(dir).find((n) => n.endsWith('.json'))!);
    const r = readEventFile(file);
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.skipped).toBe(0);
  });
});
