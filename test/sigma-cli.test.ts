import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck, runScan, runUpdate, sigmaCommand } from '../src/cli/sigma.js';

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
});
