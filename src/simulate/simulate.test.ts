import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsers } from '../pipeline/builtins.js';
import type { ParsedEvent } from '../core/components.js';
import { simulate, type SimulateResult } from './index.js';
import { EHR_CSV_HEADER } from './formats/ehr.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ww-sim-'));
  dirs.push(d);
  return d;
};
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const opts = { profile: 'clinic' as const, days: 2, seed: '7', scenarios: ['bruteforce', 'spray'], corpora: false };
let a: SimulateResult;
let dirA: string;

beforeAll(async () => {
  dirA = tmp();
  a = await simulate({ ...opts, out: dirA });
});

const lines = (rel: string) => readFileSync(join(dirA, rel), 'utf8').split('\n').filter((l) => l.length > 0);
const fileOf = (stream: string) => a.manifest.files.filter((f) => f.stream === stream);
const built = new Map<string, ReturnType<ReturnType<typeof parsers.get>['build']>>();
const parse = (name: string, data: string, rel: string): ParsedEvent[] => {
  let p = built.get(name);
  if (!p) {
    const def = parsers.get(name);
    p = def.build(def.config.parse({}), { dataDir: tmp() });
    built.set(name, p);
  }
  return p.parse({
    data, source: `file:${rel}`, offset: 1, receivedAt: Date.parse(a.manifest.end), referenceTime: Date.parse(a.manifest.end),
  });
};

describe('simulate', () => {
  it('is deterministic: the same options give byte-identical files', async () => {
    const dirB = tmp();
    const b = await simulate({ ...opts, out: dirB });
    const fa = listFiles(dirA);
    expect(listFiles(dirB)).toEqual(fa);
    for (const f of fa.filter((x) => x !== 'manifest.json')) {
      expect(readFileSync(join(dirB, f)).equals(readFileSync(join(dirA, f))), f).toBe(true);
    }
    const timeless = (m: typeof a.manifest) => ({ ...m, generationSeconds: 0, recordsPerSecond: 0 });
    expect(timeless(b.manifest)).toEqual(timeless(a.manifest));
    const c = await simulate({ ...opts, seed: '8' });
    expect(c.manifest.totalRecords).not.toBe(a.manifest.totalRecords);
  });

  it('writes the manifest with counts that match the files', () => {
    const m = JSON.parse(readFileSync(join(dirA, 'manifest.json'), 'utf8')) as typeof a.manifest;
    expect(m).toMatchObject({ profile: 'clinic', seed: '7', days: 2, scenarios: ['bruteforce', 'spray'] });
    expect(m.world.staff).toBe(45);
    for (const f of m.files) {
      if (f.stream === 'mail') continue;
      const n = lines(f.path).filter((l) => !l.startsWith('#') && l !== EHR_CSV_HEADER).length;
      expect(n, f.path).toBe(f.records);
    }
    const sum = Object.values(m.counts).reduce((x, y) => x + y, 0);
    expect(sum).toBe(m.totalRecords);
  });

  it('auth.log lines parse with the syslog parser as sshd/PAM/sudo/cron events', () => {
    for (const f of fileOf('auth')) {
      const all = lines(f.path);
      for (const l of all.slice(0, 300)) {
        const [e] = parse('syslog', l, f.path);
        expect(e!['@timestamp'].slice(0, 10), l).toBe(f.day);
        expect(e!.event.module, l).toBe('linux-auth');
      }
    }
  });

  it('Windows and VPN logons parse with the json parser as ECS authentication events', () => {
    for (const f of [...fileOf('windows'), ...fileOf('vpn')]) {
      for (const l of lines(f.path).slice(0, 200)) {
        const [e] = parse('json', l, f.path);
        expect(e!.event.category).toContain('authentication');
        expect(['success', 'failure']).toContain(e!.event.outcome);
        expect(e!.user?.name).toBeTruthy();
        expect(e!.source?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      }
    }
    const w = JSON.parse(lines(fileOf('windows')[0]!.path)[0]!) as { event: { code: string }; host: { name: string } };
    expect(['4624', '4625']).toContain(w.event.code);
    expect(w.host.name).toBeTruthy();
  });

  it('writes the other formats with the structure their parsers expect (parsed when the parser is registered)', () => {
    const conn = lines(fileOf('zeek-conn')[0]!.path);
    const fields = conn.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
    expect(fields.slice(0, 6)).toEqual(['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p']);
    for (const row of conn.filter((l) => !l.startsWith('#')).slice(0, 50)) expect(row.split('\t')).toHaveLength(fields.length);
    const dns = lines(fileOf('zeek-dns')[0]!.path);
    const dnsFields = dns.find((l) => l.startsWith('#fields'))!.split('\t').length - 1;
    for (const row of dns.filter((l) => !l.startsWith('#')).slice(0, 50)) expect(row.split('\t')).toHaveLength(dnsFields);
    // smb_files.log: Zeek's columns, read by the zeek parser (unmapped stream: the fields stay under raw).
    const smbRel = fileOf('zeek-smb-files')[0]!.path;
    const smb = lines(smbRel);
    const smbFields = smb.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
    expect(smbFields).toEqual(expect.arrayContaining(['action', 'name', 'prev_name']));
    const smbRows = smb.filter((l) => !l.startsWith('#'));
    expect(smbRows.length).toBeGreaterThan(0);
    for (const row of smbRows.slice(0, 50)) expect(row.split('\t')).toHaveLength(smbFields.length);
    for (const l of smb.filter((x) => x.startsWith('#'))) parse('zeek', l, smbRel);
    const [sf] = parse('zeek', smbRows[0]!, smbRel);
    expect(sf?.event.dataset).toBe('zeek.smb_files');
    expect(String((sf?.raw as Record<string, unknown> | undefined)?.action)).toMatch(/^SMB::FILE_(WRITE|RENAME)$/);
    const ehr = lines(fileOf('ehr')[0]!.path);
    expect(ehr[0]).toBe('time,user,role,department,workstation,patient_id,action,reason,break_glass');
    // The role column speaks the site's vocabulary, drawn per seed ("RN", "Patient Access Representative", "RT(R)" …).
    for (const row of ehr.slice(1, 100)) expect(row).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,[a-z0-9-]+,[^,]+,[^,]+,WS-[^,]+,MRN\d+,(view|update|print|export|query|create),[^,]*,(true|false)$/);
    const kinds = new Set<string>();
    for (const msg of lines(fileOf('hl7')[0]!.path).slice(0, 200)) {
      const segs = msg.split('\r').filter(Boolean);
      expect(segs[0]).toMatch(/^MSH\|\^~\\&\|/);
      const type = segs[0]!.split('|')[8]!;
      kinds.add(type.slice(0, 3));
      if (type.startsWith('ADT')) {
        expect(segs.map((s) => s.slice(0, 3))).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
        expect(type).toMatch(/^ADT\^A0[1-8]/);
      } else {
        // New orders name the section that performs them (OBR-24, HL7 table 0074).
        expect(segs.map((s) => s.slice(0, 3))).toEqual(['MSH', 'PID', 'PV1', 'ORC', 'OBR']);
        expect(type).toMatch(/^ORM\^O01/);
        expect(['LAB', 'PHR', 'RAD']).toContain(segs[4]!.split('|')[24]);
      }
    }
    // Orders reach the feed only from sections this seed's site interfaces (the clinic's one section is the laboratory).
    expect([...kinds].sort()).toEqual(a.world.site.unlinked.includes('lab_tech') ? ['ADT'] : ['ADT', 'ORM']);
    for (const l of lines(fileOf('fhir')[0]!.path).slice(0, 20)) {
      const r = JSON.parse(l) as { resourceType: string; recorded: string; entity: Array<{ what: { reference: string } }> };
      expect(r.resourceType).toBe('AuditEvent');
      expect(r.entity[0]!.what.reference).toMatch(/^Patient\/MRN\d+$/);
    }
    for (const l of lines(fileOf('telemetry')[0]!.path).slice(0, 20)) {
      const t = JSON.parse(l) as { ts: string; topic: string; device: { id: string }; metrics: Record<string, number> };
      expect(t.topic).toMatch(/^hospital\/.+\/telemetry$/);
      expect(typeof Object.values(t.metrics)[0]).toBe('number');
    }
    // Formats whose parsers are registered are parsed for real, with the settings the manifest gives.
    for (const f of a.manifest.files) {
      if (f.stream === 'mail' || f.parser === 'syslog' || f.parser === 'json' || !parsers.has(f.parser)) continue;
      const def = parsers.get(f.parser);
      const p = def.build(def.config.parse(a.manifest.parsers[f.parser] ?? {}), { dataDir: tmp() });
      const text = readFileSync(join(dirA, f.path), 'utf8');
      const records = def.framing === 'document' ? [text]
        : typeof def.framing === 'function' ? def.framing(text)
          : text.split('\n').filter((x) => x.length > 0);
      let events = 0;
      for (const [i, data] of records.slice(0, 60).entries()) {
        const out = p.parse({ data, source: `file:${f.path}`, offset: i + 1, receivedAt: Date.parse(a.manifest.end) });
        events += out.length;
        for (const e of out) {
          if (e.ehr?.patient?.id !== undefined) expect(e.ehr.patient.id, f.path).toMatch(/^pt_/);
        }
      }
      expect(events, f.path).toBeGreaterThan(0);
    }
  });

  it('labels point at exactly the malicious records, each naming an entity of its incident', () => {
    expect(a.labels.map((l) => l.scenario).sort()).toEqual(['bruteforce', 'spray']);
    const raw = readFileSync(join(dirA, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as typeof a.labels[number]);
    expect(raw).toEqual(a.labels);
    for (const l of a.labels) {
      expect(l.techniques.length).toBeGreaterThan(0);
      expect(Date.parse(l.start)).toBeLessThanOrEqual(Date.parse(l.end));
      let n = 0;
      for (const r of l.malicious.lines) {
        const file = readFileSync(join(dirA, r.file), 'utf8').split('\n');
        for (let i = r.from; i <= r.to; i++) {
          n++;
          const line = file[i - 1]!;
          expect(l.entities.some((e) => line.includes(e.id)), `${r.file}:${i} ${line}`).toBe(true);
        }
      }
      expect(n).toBe(l.malicious.events);
    }
  });

  it('streams ham from the shared corpus when present, re-addressed to staff', async () => {
    const d = tmp();
    const r = await simulate({ profile: 'clinic', days: 1, seed: '1', out: d, skip: ['telemetry', 'zeek-conn', 'zeek-dns'] });
    const mail = r.manifest.files.find((f) => f.stream === 'mail');
    expect(mail).toBeDefined();
    const first = readFileSync(join(d, mail!.path, '000001.eml'), 'utf8');
    expect(first).toMatch(/^Received: .*\nTo: [a-z0-9]+@riverside-clinic\.org\nDate: /);
    expect(r.manifest.counts.telemetry).toBe(0);
  });

  it('labels every scenario consistently (all scenarios, a week of the clinic)', async () => {
    const d = tmp();
    const r = await simulate({ profile: 'clinic', days: 7, seed: '3', scenarios: ['all'], corpora: false, skip: ['telemetry'], out: d });
    // Every scenario but drug diversion, which needs wards (a clinic has none).
    expect(new Set(r.labels.map((l) => l.scenario))).toEqual(new Set(['bruteforce', 'spray', 'phish-new-country', 'ehr-snooping', 'insider-download', 'pump-compromise', 'dicom-exfil', 'portal-ddos', 'ransomware']));
    const cache = new Map<string, string[]>();
    for (const l of r.labels) {
      let n = l.malicious.files.length;
      for (const range of l.malicious.lines) {
        let file = cache.get(range.file);
        if (!file) cache.set(range.file, (file = readFileSync(join(d, range.file), 'utf8').split('\n')));
        for (let i = range.from; i <= range.to; i++, n++) {
          expect(l.entities.some((e) => file[i - 1]!.includes(e.id)), `${l.id} ${range.file}:${i}`).toBe(true);
        }
      }
      expect(n, l.id).toBe(l.malicious.events);
      expect(n, l.id).toBeGreaterThan(0);
    }
  });

  it('rejects bad options with the flag named', async () => {
    await expect(simulate({ ...opts, days: 0 })).rejects.toThrow('--days');
    await expect(simulate({ ...opts, scenarios: ['nope'] })).rejects.toThrow('unknown scenario "nope"');
    await expect(simulate({ ...opts, intensity: 2 })).rejects.toThrow('--intensity');
  });
});
