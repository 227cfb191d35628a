import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigmaEngine } from './engine.js';
import { engineFromYaml, rawEvent } from './testing.js';

// Small alphabets so that random rules and random events actually meet.
const word = fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'B', 'c', '-', '/', '\\', '1') });
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const modifier = fc.constantFrom('', '|contains', '|startswith', '|endswith', '|contains|all', '|contains|windash', '|re', '|cased', '|contains|cased', '|neq');
const fieldName = fc.constantFrom('F1', 'F2', 'F3');

const item = fc.tuple(fieldName, modifier, fc.array(word, { minLength: 1, maxLength: 3 })).map(([f, m, vals]) => {
  const values = m === '|re' ? vals.map((v) => v.replace(/[\\/]/g, 'x')) : vals;
  return `    ${f}${m}: [${values.map(quote).join(', ')}]`;
});
const keywordSearch = fc.array(word, { minLength: 1, maxLength: 2 }).map((ws) => `  kw: [${ws.map(quote).join(', ')}]`);
const condition = fc.constantFrom('s1', 's1 and s2', 's1 or s2', 's1 and not s2', '1 of s*', 'all of s*', 'kw', 'kw or s1', 'not s1 and s2', 's1 and kw');

const ruleYaml = fc.tuple(fc.array(item, { minLength: 1, maxLength: 3 }), fc.array(item, { minLength: 1, maxLength: 3 }), keywordSearch, condition).map(
  ([s1, s2, kw, cond]) => `title: r
id: r
logsource: { product: windows, category: process_creation }
detection:
  s1:
${s1.join('\n')}
  s2:
${s2.join('\n')}
${kw}
  condition: ${cond}
`,
);
const event = fc.record({ F1: fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', 'B', 'c', 'C', '-', '/', '\u2013', '\\', '1', ' ') }), F2: fc.oneof(fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'B', 'c', '1') }), fc.integer({ min: 0, max: 20 })), F3: fc.constantFrom(undefined, 'abc', 'B-1') });

describe('prefilter against full evaluation on random rules', () => {
  it('never hides a match and never invents one', () => {
    let matches = 0;
    let evaluated = 0;
    fc.assert(
      fc.property(ruleYaml, fc.array(event, { minLength: 1, maxLength: 6 }), (yaml, events) => {
        const { set } = engineFromYaml(yaml);
        if (set.rules.length === 0) return; // e.g. a random regex that does not compile
        const fast = new SigmaEngine(set.rules, set.table);
        const slow = new SigmaEngine(set.rules, set.table, false);
        for (const raw of events) {
          const e = rawEvent(raw);
          const n = slow.match(e, false).length;
          expect(fast.match(e, false).length, yaml).toBe(n);
          matches += n;
          evaluated++;
        }
      }),
      { numRuns: 400 },
    );
    // Not vacuous: a fair share of the random events match their random rule.
    expect(matches).toBeGreaterThan(evaluated / 20);
  });
});
