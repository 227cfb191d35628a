import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../src/core/alert.js';
import type { WardEvent } from '../src/core/event.js';
import { buildSigmaDetector } from '../src/detect/sigma/detector.js';
import { loadRuleDirs } from '../src/detect/sigma/ruleset.js';
import { windowsEvent, windowsShape } from '../src/parsers/windows/index.js';

// Detection content ships with its evidence: every healthcare rule has events that must
// match and events that must not, and this test fails the build otherwise.
const PACK = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'rules', 'healthcare');

interface Evidence {
  description: string;
  /** Feed the events in order to one detector (correlations) instead of one by one. */
  sequence: boolean;
  must_match: WardEvent[];
  must_not_match: WardEvent[];
}

const set = loadRuleDirs([PACK]);
const ruleFiles = readdirSync(PACK).filter((f) => f.endsWith('.yml'));

/** Windows rules keep real Windows records as evidence: they go through the Windows parser first. */
function toEvent(v: unknown): WardEvent {
  return windowsShape(v) ? (windowsEvent(v) as WardEvent) : (v as WardEvent);
}

function alertsOf(events: WardEvent[], fresh: boolean): AlertDraft[][] {
  let d = buildSigmaDetector(set);
  return events.map(toEvent).map((e) => {
    if (fresh) d = buildSigmaDetector(set);
    const out: AlertDraft[] = [];
    d.process(e, d.key(e)!, (a) => out.push(a));
    return out;
  });
}

const ruleIdOf = (a: AlertDraft) => a.explanation.factors.find((f) => f.feature === 'sigma.rule_id')?.observed;

describe('healthcare rule pack', () => {
  it('loads without errors', () => {
    expect(set.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(set.rules.length + set.correlations.length).toBeGreaterThanOrEqual(ruleFiles.length);
  });

  for (const file of ruleFiles) {
    const stem = file.replace(/\.yml$/, '');
    const evidencePath = join(PACK, `${stem}.events.json`);
    // A file may hold a base rule and its correlation: the evidence is about the last document.
    const id = [...readFileSync(join(PACK, file), 'utf8').matchAll(/^id:\s*(\S+)/gm)].at(-1)?.[1];
    describe(stem, () => {
      it('has evidence events', () => {
        expect(existsSync(evidencePath), `${stem}.events.json is missing`).toBe(true);
      });
      if (!existsSync(evidencePath)) return;
      const ev = JSON.parse(readFileSync(evidencePath, 'utf8')) as Evidence;
      it('fires on every must-match event', () => {
        expect(ev.must_match.length).toBeGreaterThan(0);
        const results = alertsOf(ev.must_match, !ev.sequence);
        if (ev.sequence) expect(results.flat().some((a) => ruleIdOf(a) === id)).toBe(true);
        else results.forEach((alerts, i) => expect(alerts.map(ruleIdOf), `must_match[${i}]`).toContain(id));
      });
      it('stays silent on every must-not-match event', () => {
        expect(ev.must_not_match.length).toBeGreaterThan(0);
        const results = alertsOf(ev.must_not_match, !ev.sequence);
        results.forEach((alerts, i) => expect(alerts.map(ruleIdOf), `must_not_match[${i}]`).not.toContain(id));
      });
    });
  }
});
