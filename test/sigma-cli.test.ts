import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip } from './archive-fixtures.js';
import { runCheck, runRefresh, runScan, runUpdate, sigmaCommand } from '../src/cli/sigma.js';
import { readCuration } from '../src/detect/sigma/curation.js';
import { updatedFolder } from '../src/detect/sigma/detector.js';
import { loadRuleDirs } from '../src/detect/sigma/ruleset.js';

function capture(): { io: { out: (l: string) => void; err: (l: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

const RULE = `title: Whoami execution
id: 11111111-2222-3333-4444-555555555555
status: test
level: medium
tags: [attack.discovery, attack.t1033]
logsource: { product: windows, category: process_creation }
detection:
  sel: { Image|endswith: '\\whoami.exe' }
  condition: sel
`;
const EVENT = { Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ward-pc-7', EventRecordID: 5, TimeCreated: { '#attributes': { SystemTime: '2026-02-01T10:00:00.000Z' } } }, EventData: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all' } } };

describe('sigma CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-cli-'));
  writeFileSync(join(dir, 'good.yml'), RULE);
  writeFileSync(join(dir, 'bad.yml'), RULE.replace('endswith', 'endswiths').replace('1111', '9999'));
  const events = join(dir, 'events.json');
  writeFileSync(events, `${JSON.stringify(EVENT, null, 2)}\n${JSON.stringify({ ...EVENT, Event: { ...EVENT.Event, EventData: { Image: 'C:\\x\\notepad.exe' } } })}`);

  it('check prints each bad rule with file, line and reason, and fails', () => {
    const c = capture();
    expect(runCheck([dir], {}, c.io)).toBe(1);
    expect(c.out.some((l) => /bad\.yml:\d+ error \[modifier\] .*endswiths/.test(l))).toBe(true);
    expect(c.out.at(-1)).toMatch(/1\/2 rules compiled/);
  });

  it('check --json prints issues and a summary', () => {
    const c = capture();
    runCheck([dir], { json: true }, c.io);
    const last = JSON.parse(c.out.at(-1)!) as { summary: { compiled: number } };
    expect(last.summary.compiled).toBe(1);
  });

  it('scan --json prints one object per match with rule and file', () => {
    const c = capture();
    runScan([events], { rules: [join(dir, 'good.yml')], json: true }, c.io);
    expect(c.out).toHaveLength(1);
    const m = JSON.parse(c.out[0]!) as { rule: { id: string; title: string; level: string }; file: string; event: { Image: string } };
    expect(m.rule).toMatchObject({ id: '11111111-2222-3333-4444-555555555555', title: 'Whoami execution', level: 'medium' });
    expect(m.file).toBe(events);
    expect(m.event.Image).toMatch(/whoami/);
  });

  it('scan prints a table and a summary', () => {
    const c = capture();
    runScan([dir], { rules: [join(dir, 'good.yml')] }, c.io);
    expect(c.out.join('\n')).toMatch(/Whoami execution[\s\S]*1 detections by 1 rules over 2 events/);
  });

  it('builds commander subcommands with help', () => {
    const cmd = sigmaCommand();
    expect(cmd.commands.map((c) => c.name())).toEqual(['check', 'scan', 'update']);
    expect(cmd.commands[1]!.helpInformation()).toMatch(/--rules <dir>[\s\S]*--json/);
  });

  it('update copies new and changed rules that compile and rejects broken ones', () => {
    const from = mkdtempSync(join(tmpdir(), 'sigma-up-from-'));
    const to = mkdtempSync(join(tmpdir(), 'sigma-up-to-'));
    mkdirSync(join(from, 'windows'));
    writeFileSync(join(from, 'windows', 'a.yml'), RULE);
    writeFileSync(join(from, 'windows', 'broken.yml'), RULE.replace('endswith', 'endswiths'));
    writeFileSync(join(to, 'old.yml'), RULE);
    const c = capture();
    expect(runUpdate({ from, to, prune: true }, c.io)).toBe(1);
    expect(readFileSync(join(to, 'windows', 'a.yml'), 'utf8')).toBe(RULE);
    expect(existsSync(join(to, 'windows', 'broken.yml'))).toBe(false);
    expect(existsSync(join(to, 'old.yml'))).toBe(false);
    expect(c.out.at(-1)).toBe('1 added, 0 changed, 1 gone upstream, 1 rejected');
  });

  it('scan reads ECS events as they are (healthcare rules over an export)', () => {
    const d = mkdtempSync(join(tmpdir(), 'sigma-ecs-'));
    const file = join(d, 'ehr.jsonl');
    const ev = { '@timestamp': '2026-03-01T10:00:00.000Z', event: { kind: 'event', module: 'ehr', dataset: 'ehr.audit' }, user: { name: 'nurse.k' }, ehr: { break_glass: true } };
    writeFileSync(file, `${JSON.stringify(ev)}\n${JSON.stringify({ ...ev, ehr: { break_glass: false } })}\nnot json\n`);
    const c = capture();
    runScan([file], { rules: [join(import.meta.dirname, '..', 'rules', 'healthcare')], json: true }, c.io);
    expect(c.out.map((l) => (JSON.parse(l) as { rule: { title: string } }).rule.title)).toEqual(['EHR Break-Glass Access']);
  });

  it('update --from ARCHIVE refreshes the curated set into the data dir, never the package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-refresh-'));
    const zip = join(dir, 'sigma-master.zip');
    writeFileSync(zip, makeZip([
      ['sigma-master/rules/windows/whoami.yml', RULE],
      ['sigma-master/rules/windows/low.yml', RULE.replace(/^id: .*$/m, 'id: 11111111-2222-4333-8444-555555555555').replace(/^level: .*$/m, 'level: low')],
      ['sigma-master/LICENSE', 'Detection Rule License (DRL) 1.1\n'],
    ]));
    const dataDir = join(dir, 'data');
    const c = capture();
    expect(runRefresh({ from: zip, dataDir, json: true }, c.io)).toBe(0);
    expect(c.out).toHaveLength(1);
    const summary = JSON.parse(c.out[0]!) as { rules: number; enabled: number; disabled: number; to: string };
    expect(summary).toMatchObject({ rules: 2, enabled: 1, disabled: 1, to: join(dataDir, 'sigma', 'sigmahq') });
    expect(c.err.some((l) => /selecting rules: 100 %/.test(l))).toBe(true);
    expect(readCuration(join(dataDir, 'sigma', 'sigmahq'))!.rules['11111111-2222-4333-8444-555555555555']!.reason).toBe('level low');
    // The shipped folder (it has a curation.json) now resolves to the refreshed copy.
    const shipped = join(import.meta.dirname, '..', 'rules', 'sigmahq');
    expect(updatedFolder(shipped, dataDir)).toBe(join(dataDir, 'sigma', 'sigmahq'));
    expect(loadRuleDirs([updatedFolder(shipped, dataDir)]).rules.map((r) => r.doc.title)).toEqual(['Whoami execution']);
    expect(updatedFolder(shipped, join(dir, 'other'))).toBe(shipped);
  });

  it('update names a source that is neither a folder nor an archive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-refresh-bad-'));
    writeFileSync(join(dir, 'rules.txt'), 'x');
    const c = capture();
    expect(runRefresh({ from: join(dir, 'rules.txt'), dataDir: dir, json: true }, c.io)).toBe(1);
    expect(JSON.parse(c.out[0]!)).toMatchObject({ error: 'sigma.update', message: expect.stringMatching(/expected a folder, \.tar\.gz/) });
    expect(runRefresh({ from: join(dir, 'missing.zip'), dataDir: dir }, c.io)).toBe(1);
    expect(c.err.at(-1)).toMatch(/missing\.zip: no such file or folder/);
  });

  it('update has --help with --from, --json and examples', () => {
    const help = sigmaCommand().commands.find((x) => x.name() === 'update')!.helpInformation();
    expect(help).toMatch(/--from <dir\|archive>[\s\S]*--json/);
  });
});
