import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../src/core/event.js';
import { SigmaEngine } from '../src/detect/sigma/engine.js';
import { loadRuleDirs } from '../src/detect/sigma/ruleset.js';
import { windowsEvent, windowsShape } from '../src/parsers/windows/index.js';
import { HAVE_SHARED_DATA, SHARED_DATA, SKIP_REASON } from './sigma-data.js';

if (!HAVE_SHARED_DATA) console.warn(SKIP_REASON);

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.gz')) out.push(p);
  }
  return out;
}

// The Aho–Corasick prefilter must never hide a match: with and without it, every event of
// the Windows corpora must fire exactly the same rules.
describe.skipIf(!HAVE_SHARED_DATA)('prefilter soundness', () => {
  it('gives the same matches as evaluating every rule', () => {
    const root = join(SHARED_DATA, 'sigma', 'rules');
    const set = loadRuleDirs(['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(root, d)));
    const fast = new SigmaEngine(set.rules, set.table);
    const slow = new SigmaEngine(set.rules, set.table, false);
    let events = 0;
    let matches = 0;
    const files = [
      ...walk(join(SHARED_DATA, 'windows', 'evtx-to-mitre-attack', 'data')),
      // A slice of the Sysmon-heavy OTRF recordings (all of them take minutes without the prefilter).
      ...walk(join(SHARED_DATA, 'windows', 'otrf-security-datasets', 'data', 'atomic', 'windows')).filter((_, i) => i % 12 === 0),
    ];
    for (const f of files) {
      for (const line of gunzipSync(readFileSync(f)).toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const o: unknown = JSON.parse(line);
        if (!windowsShape(o)) continue;
        const e = windowsEvent(o) as WardEvent;
        const a = fast.match(e, false).map((m) => m.rule.doc.id);
        const b = slow.match(e, false).map((m) => m.rule.doc.id);
        expect(a, `${f}`).toEqual(b);
        events++;
        matches += a.length;
      }
    }
    expect(events).toBeGreaterThan(8000);
    expect(matches).toBeGreaterThan(100);
  }, 300_000); // the reference engine evaluates every rule: slow on a loaded machine
});
