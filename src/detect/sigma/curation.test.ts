import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curateSigmaHq } from './curate.js';
import { readCuration, staticVerdict } from './curation.js';
import { loadRuleDirs } from './ruleset.js';
import { rawEvent } from './testing.js';

const rule = (id: string, title: string, level: string, status: string, product = 'windows', image = '\\whoami.exe', tags = 'attack.t1033') => `title: ${title}
id: ${id}
status: ${status}
author: Someone Upstream
tags:
  - ${tags}
logsource:
  product: ${product}
  category: process_creation
detection:
  selection:
    Image|endswith: '${image}'
  condition: selection
level: ${level}
`;

/** A SigmaHQ-like checkout: rules/, a hunting tree that must not ship, and the DRL licence. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'ww-curate-'));
  mkdirSync(join(root, 'rules', 'windows'), { recursive: true });
  mkdirSync(join(root, 'rules', 'cloud'), { recursive: true });
  mkdirSync(join(root, 'rules-threat-hunting', 'windows'), { recursive: true });
  writeFileSync(join(root, 'LICENSE'), 'Detection Rule License (DRL) 1.1\n');
  writeFileSync(join(root, 'rules', 'windows', 'high.yml'), rule('00000000-0000-0000-0000-000000000001', 'Whoami', 'high', 'test'));
  writeFileSync(join(root, 'rules', 'windows', 'low.yml'), rule('00000000-0000-0000-0000-000000000002', 'Low one', 'low', 'stable', 'windows', '\\hostname.exe'));
  writeFileSync(join(root, 'rules', 'windows', 'exp.yml'), rule('00000000-0000-0000-0000-000000000003', 'Experimental', 'high', 'experimental', 'windows', '\\net.exe'));
  writeFileSync(join(root, 'rules', 'windows', 'dep.yml'), rule('00000000-0000-0000-0000-000000000004', 'Old', 'high', 'deprecated'));
  writeFileSync(join(root, 'rules', 'windows', 'noisy.yml'), rule('00000000-0000-0000-0000-000000000005', 'Noisy', 'medium', 'test', 'windows', '\\svchost.exe', 'attack.t1055'));
  writeFileSync(join(root, 'rules', 'cloud', 'aws.yml'), rule('00000000-0000-0000-0000-000000000006', 'AWS', 'high', 'test', 'aws'));
  writeFileSync(join(root, 'rules-threat-hunting', 'windows', 'hunt.yml'), rule('00000000-0000-0000-0000-000000000007', 'Hunt', 'high', 'test'));
  return root;
}

const bg = (image: string) => rawEvent({ Image: `C:\\Windows\\System32${image}` });

describe('SigmaHQ curation', () => {
  it('turns low, informational and experimental rules off from metadata alone', () => {
    expect(staticVerdict({ level: 'low', status: 'stable' })).toEqual({ enabled: false, reason: 'level low' });
    expect(staticVerdict({ level: 'informational', status: 'test' })).toEqual({ enabled: false, reason: 'level informational' });
    expect(staticVerdict({ level: 'high', status: 'experimental' })).toEqual({ enabled: false, reason: 'status experimental' });
    expect(staticVerdict({ level: 'high', status: 'test' })).toEqual({ enabled: true, reason: 'on' });
  });

  it('copies in-scope rules, measures noise on benign background and writes the manifest', () => {
    const from = checkout();
    const to = join(mkdtempSync(join(tmpdir(), 'ww-curated-')), 'sigmahq');
    // svchost fires in three unrelated recordings (background); whoami only where it is the label.
    const benign = [1, 2, 3].map((i) => ({ name: `rec${i}`, techniques: i === 1 ? ['T1033'] : ['T1003.001'], events: [bg('\\svchost.exe'), bg('\\whoami.exe')] }));
    const report = curateSigmaHq({ from, to, benign, source: { repository: 'https://github.com/SigmaHQ/sigma', commit: 'abc' } });
    const c = readCuration(to)!;
    expect(Object.values(c.rules).map((r) => r.title).sort()).toEqual(['Experimental', 'Low one', 'Noisy', 'Whoami']);
    expect(report.outOfScope).toBe(2); // deprecated and AWS; the hunting tree is not read at all
    expect(c.rules['00000000-0000-0000-0000-000000000005']).toMatchObject({ enabled: false, reason: 'fired 3× on benign OTRF background (3 recordings)' });
    // whoami fired off-label in rec2 and rec3 only: under the three-recording bar, it stays on.
    expect(c.rules['00000000-0000-0000-0000-000000000001']).toMatchObject({ enabled: true, benignMatches: 2 });
    expect(c.rules['00000000-0000-0000-0000-000000000002']!.reason).toBe('level low');
    // Experimental, quiet, and its log source (process creation) was in the benign data.
    expect(c.rules['00000000-0000-0000-0000-000000000003']).toMatchObject({ enabled: true, reason: 'status experimental, measured quiet on benign background' });
    expect(readFileSync(join(to, 'LICENSE'), 'utf8')).toMatch(/Detection Rule License/);
    expect(readFileSync(join(to, 'README.md'), 'utf8')).toMatch(/commit `abc`/);
    expect(readFileSync(join(to, 'rules', 'windows', 'high.yml'), 'utf8')).toMatch(/author: Someone Upstream/);
  });

  it('loads only the rules the manifest leaves on, unless enable.ids names one', () => {
    const from = checkout();
    const to = join(mkdtempSync(join(tmpdir(), 'ww-curated-')), 'sigmahq');
    curateSigmaHq({ from, to });
    const set = loadRuleDirs([to]);
    expect(set.rules.map((r) => r.doc.title)).toEqual(['Whoami', 'Noisy']);
    expect(set.curatedOff.map((r) => [r.title, r.reason]).sort()).toEqual([['Experimental', 'status experimental'], ['Low one', 'level low']]);
    const forced = loadRuleDirs([to], { selection: { enable: { ids: ['00000000-0000-0000-0000-000000000002'] } } });
    expect(forced.rules.map((r) => r.doc.title)).toEqual(['Low one']);
    expect(loadRuleDirs([to], { curation: false }).rules).toHaveLength(4);
  });

  it('carries measured noise verdicts over when no benign data is given', () => {
    const from = checkout();
    const base = mkdtempSync(join(tmpdir(), 'ww-curated-'));
    const benign = [1, 2, 3].map((i) => ({ name: `rec${i}`, techniques: ['T1003'], events: [bg('\\svchost.exe')] }));
    curateSigmaHq({ from, to: join(base, 'a'), benign });
    const previous = readCuration(join(base, 'a'))!;
    curateSigmaHq({ from, to: join(base, 'b'), previous });
    expect(readCuration(join(base, 'b'))!.rules['00000000-0000-0000-0000-000000000005']).toMatchObject({ enabled: false, benignMatches: 3 });
  });

  it('rejects a corrupt manifest loudly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-cur-bad-'));
    writeFileSync(join(dir, 'curation.json'), '{nope');
    expect(() => readCuration(dir)).toThrow(/not valid JSON/);
    expect(loadRuleDirs([dir]).issues.map((i) => i.message).join()).toMatch(/not valid JSON/);
  });
});
