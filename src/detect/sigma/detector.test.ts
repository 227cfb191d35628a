import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import { sigmaDetectorDef } from './detector.js';
import { rawEvent } from './testing.js';

const RULE = `title: Encoded PowerShell
id: 0f0e0d0c-0000-4000-8000-000000000001
status: stable
level: high
references: [https://example.org/ps]
tags: [attack.execution, attack.t1059.001]
logsource: { product: windows, category: process_creation }
detection:
  sel_img: { Image|endswith: '\\powershell.exe' }
  sel_cli: { CommandLine|contains|windash: ' -enc ' }
  condition: all of sel_*
`;

describe('sigma detector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-det-'));
  writeFileSync(join(dir, 'ps.yml'), RULE);
  writeFileSync(join(dir, 'low.yml'), RULE.replace('0001', '0002').replace('level: high', 'level: low').replace('Encoded PowerShell', 'Low one'));
  const event = rawEvent({ Image: 'C:\\Windows\\powershell.exe', CommandLine: 'powershell /enc AAAA', Computer: 'ws1' });
  event.host = { name: 'ws1' };
  event.user = { name: 'nurse' };

  it('validates its config and fails on unknown keys', () => {
    expect(sigmaDetectorDef.config.safeParse({ rules: [dir] }).success).toBe(true);
    expect(sigmaDetectorDef.config.safeParse({ rules: [dir], bogus: 1 }).success).toBe(false);
    expect(sigmaDetectorDef.config.safeParse({ rules: [] }).success).toBe(false);
  });

  it('raises an explained alert with a deterministic id', () => {
    const d = sigmaDetectorDef.build(sigmaDetectorDef.config.parse({ rules: [dir], disable: { levels: ['low'] } }), { dataDir: mkdtempSync(join(tmpdir(), 'sigma-data-')), name: 'sigma' });
    expect(d.accepts(event)).toBe(true);
    expect(d.key(event)).toBe('ws1');
    const out: AlertDraft[] = [];
    d.process(event, 'ws1', (a) => out.push(a));
    d.process(event, 'ws1', (a) => out.push(a));
    expect(out).toHaveLength(2);
    const a = out[0]!;
    expect(a.id).toBe(out[1]!.id);
    expect(a).toMatchObject({ title: 'Encoded PowerShell', severity: 'high', techniques: ['T1059.001'] });
    expect(a.entities).toEqual([{ type: 'host', id: 'ws1' }, { type: 'user', id: 'nurse' }]);
    const features = a.explanation.factors.map((f) => f.feature);
    expect(features).toEqual(expect.arrayContaining(['sigma.rule_id', 'sigma.level', 'sigma.status', 'sigma.references', 'match.sel_img.Image', 'match.sel_cli.CommandLine']));
    expect(a.explanation.text).toMatch(/Encoded PowerShell.*sel_cli, sel_img|sel_img, sel_cli/);
    expect(a.explanation.text).toMatch(/CommandLine=powershell \/enc AAAA/);
  });

  it('does not accept events of other log sources', () => {
    const d = sigmaDetectorDef.build(sigmaDetectorDef.config.parse({ rules: [dir] }), { dataDir: mkdtempSync(join(tmpdir(), 'sigma-data-')), name: 'sigma' });
    expect(d.accepts(rawEvent({ Image: 'x' }, { product: 'linux', category: 'process_creation' }))).toBe(false);
  });
});

describe('sigma detector telemetry', () => {
  it('counts received, emitted and unrouted events', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-tel-'));
    writeFileSync(join(dir, 'ps.yml'), RULE);
    const d = sigmaDetectorDef.build(sigmaDetectorDef.config.parse({ rules: [dir] }), { dataDir: mkdtempSync(join(tmpdir(), 'sigma-data-')), name: 'sigma' });
    d.process(rawEvent({ Image: 'C:\\powershell.exe', CommandLine: 'x -enc y' }), 'k', () => undefined);
    d.process(rawEvent({ Image: 'x' }, { product: 'linux' }), 'k', () => undefined);
    expect(d.telemetry()).toMatchObject({ received: 2, emitted: 1, dropped: { no_rules: 1 } });
  });
});

// The definition must stay registrable where a plain DetectorDef is expected.
const _asDef: import('../../core/components.js').DetectorDef<import('./detector.js').SigmaConfig> = sigmaDetectorDef;
void _asDef;
