import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type EvalReport } from '../src/eval/index.js';
import { simulate } from '../src/simulate/index.js';

// End to end: a 2-day clinic with brute force and spraying, replayed through the real pipeline.
const dir = mkdtempSync(join(tmpdir(), 'ww-e2e-'));
let report: EvalReport;
// The authentication detectors this dataset is made for (others are scored on their own datasets).
const AUTH = ['auth.bruteforce', 'auth.spray', 'auth.success_after_failures'];

beforeAll(async () => {
  await simulate({ profile: 'clinic', days: 2, seed: '42', scenarios: ['bruteforce', 'spray'], intensity: 0.8, out: dir, corpora: false, skip: ['telemetry', 'mail'] });
  report = await evaluate({ dataset: dir, detectors: AUTH });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulate → eval (clinic, 2 days, brute force + spray)', () => {
  it('detects every brute-force and spraying incident', () => {
    for (const name of ['bruteforce', 'spray']) {
      const s = report.scenarioSummary.find((x) => x.name === name);
      expect(s, name).toBeDefined();
      expect(s!.recall, name).toBe(1);
    }
    expect(report.detectors['auth.bruteforce']!.recall).toBe(1);
    expect(report.detectors['auth.spray']!.recall).toBe(1);
  });

  it('prints the documented JSON shape', () => {
    const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    const detectors = json.detectors as Record<string, Record<string, unknown>>;
    for (const name of AUTH) {
      expect(Object.keys(detectors[name]!)).toEqual(expect.arrayContaining(['precision', 'recall', 'f1', 'falseAlertsPerDay']));
    }
    const scenarios = json.scenarios as Array<Record<string, unknown>>;
    expect(scenarios.length).toBe(report.dataset.incidents);
    for (const s of scenarios) {
      expect(typeof s.name).toBe('string');
      expect(typeof s.detected).toBe('boolean');
      expect(s.timeToDetectSeconds === null || typeof s.timeToDetectSeconds === 'number').toBe(true);
    }
    expect(report.replay.deadLetters).toBe(0);
    expect(report.replay.streams.auth!.events).toBeGreaterThan(0);
  });

  // Regression guard: a scaled-down evaluation must not get worse than this.
  it('keeps the authentication detectors’ F1 at or above the recorded floor', () => {
    expect(report.detectors['auth.bruteforce']!.f1).toBeGreaterThanOrEqual(0.66);
    expect(report.detectors['auth.spray']!.f1).toBeGreaterThanOrEqual(0.66);
    expect(report.falseAlerts).toBeLessThanOrEqual(2);
  });
});
