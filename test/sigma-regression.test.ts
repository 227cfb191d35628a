import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertFromMatch } from '../src/detect/sigma/alert.js';
import { SigmaEngine } from '../src/detect/sigma/engine.js';
import { loadRuleDirs, type RuleSet } from '../src/detect/sigma/ruleset.js';
import { splitJsonValues, windowsEvent } from '../src/parsers/windows/index.js';
import type { WardEvent } from '../src/core/event.js';
import { HAVE_SHARED_DATA, parseCsv, SHARED_DATA, SKIP_REASON } from './sigma-data.js';

// SigmaHQ's own regression cases: each names a rule that must fire on its events, and how
// many times when match_count is given (fewer is a failure, as upstream).
const REG = join(SHARED_DATA, 'sigma', 'regression');
const RULES = join(SHARED_DATA, 'sigma', 'rules');

if (!HAVE_SHARED_DATA) console.warn(SKIP_REASON);

describe.skipIf(!HAVE_SHARED_DATA)('SigmaHQ regression cases', () => {
  let set: RuleSet;
  let engine: SigmaEngine;
  const cases = HAVE_SHARED_DATA ? parseCsv(readFileSync(join(REG, 'regression_index.csv'), 'utf8')) : [];

  beforeAll(() => {
    // Load every rule of every tree the cases point into, so routing by log source is tested too.
    set = loadRuleDirs(['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(RULES, d)));
    engine = new SigmaEngine(set.rules, set.table);
  }, 180_000); // loading 3,700 rules takes seconds, more on a loaded machine

  it('has the 134 cases of the index', () => {
    expect(cases.length).toBe(134);
  });

  it.each(cases.map((c) => [c.title ?? c.rule_id, c] as const))('%s', (_title, c) => {
    const files = c.data_files!.split(/[;| ]+/).filter(Boolean);
    let count = 0;
    let events = 0;
    for (const f of files) {
      const values = splitJsonValues(readFileSync(join(REG, c.test_dir!, f), 'utf8'));
      for (const v of values) {
        const parsed = windowsEvent(v);
        const e = { ...parsed, event: { ...parsed.event, id: `ev${events++}` } } as WardEvent;
        const matches = engine.match(e);
        // Every match must also render as an alert with an explanation naming what matched.
        for (const m of matches) expect(alertFromMatch(m, e).explanation.text).toContain(m.rule.doc.title);
        if (matches.some((m) => m.rule.doc.id === c.rule_id)) count++;
      }
    }
    const expected = c.expected_match_count ? Number(c.expected_match_count) : 1;
    // More matches than expected is a warning upstream, not a failure.
    if (count > expected && c.expected_match_count) console.warn(`${c.rule_id}: ${count} matches, ${expected} expected`);
    if (c.expected_match_count) expect(count, `rule ${c.rule_id} matched ${count} of ${events} events`).toBeGreaterThanOrEqual(expected);
    else expect(count, `rule ${c.rule_id} matched none of ${events} events`).toBeGreaterThanOrEqual(1);
  });
});
