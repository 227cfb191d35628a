import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { evtxFrames } from './framing.js';
import { readEvtx } from './reader.js';
import type { EvtxRecord } from './types.js';

/** The 14 EVTX files python-evtx and libevtx could not convert (kept gzipped in the shared data). */
const ROOT = join(import.meta.dirname, '../../../../shared/data/windows/evtx-to-mitre-attack/unconverted_evtx');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.evtx.gz') ? [p] : [];
  });
}

const FILES = (() => {
  try {
    return walk(ROOT);
  } catch {
    return [];
  }
})();

/** Records per file: the file header's next record id − 1, and what the reader must yield. */
const EXPECTED: Record<string, number> = {
  'ID4656-WS Management listener enumeration.evtx.gz': 29,
  'ID1149-RDP success logins to multiple hosts.evtx.gz': 11,
  'ID4799-4624-Local admin group enumerated by SharpHound.evtx.gz': 55,
  'ID131-RDP brutforce (no user info).evtx.gz': 154,
  'ID5140-5145-Bloodhound-SharpHound enumeration via SMB.evtx.gz': 91,
  'ID2003-4950-Firewall disabled.evtx.gz': 6,
  'ID800-4103-Firewall disabled.evtx.gz': 10,
  'ID70-CAPI-Private key accessed Mimikatz.evtx.gz': 3,
  'ID800-4103-4104-WMI registration via PowerLurk.evtx.gz': 10,
  'ID4622-New SSP loaded in LSA (only legitim).evtx.gz': 420,
  'ID800-4103-4104-Print spooler privilege escalation (CVE-2020-1048).evtx.gz': 10,
  'ID1116-1117-Defender threat detected.evtx.gz': 6,
  'ID1151-Defender health status.evtx.gz': 455,
  'ID800-4103-Interactive PipeShell over named pipe (server and client).evtx.gz': 30,
};

type Obj = Record<string, any>;
const cache = new Map<string, EvtxRecord[]>();
function read(name: string): EvtxRecord[] {
  let out = cache.get(name);
  if (!out) {
    const file = FILES.find((f) => f.endsWith(`/${name}`));
    if (!file) throw new Error(`missing sample ${name}`);
    out = [...readEvtx(gunzipSync(readFileSync(file)))] as EvtxRecord[];
    cache.set(name, out);
  }
  return out;
}
const sys = (r: EvtxRecord): Obj => (r.event.Event as Obj).System;
const data = (r: EvtxRecord): Obj => (r.event.Event as Obj).EventData;

describe.skipIf(FILES.length === 0)('the 14 EVTX files python-evtx could not read', () => {
  it('finds all 14 samples', () => {
    expect(FILES.map((f) => f.split('/').pop()).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s: every record read, no errors', (name, count) => {
    const out = read(name);
    expect(out.filter((r) => r.kind !== 'record')).toEqual([]);
    expect(out).toHaveLength(count);
    // Record header ids run 1..n; EventRecordID only grows per channel and computer.
    expect(out.map((r) => r.recordId)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const last = new Map<string, number>();
    let resets = 0;
    for (const r of out) {
      const s = sys(r);
      expect(s.EventID).toBeDefined();
      if (s.Provider['#attributes'].Name === 'Microsoft-Windows-EventForwarder') {
        // A forwarded-events subscription bookmark: no Channel, no EventRecordID, by design.
        expect(s).toMatchObject({ EventID: 111, Computer: 'dhcp01.offsec.lan' });
        continue;
      }
      expect(typeof s.Channel).toBe('string');
      expect(typeof s.Computer).toBe('string');
      expect(s.TimeCreated['#attributes'].SystemTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
      const key = `${s.Channel}|${s.Computer}`;
      if ((last.get(key) ?? -1) >= s.EventRecordID) resets++;
      last.set(key, s.EventRecordID);
      expect(r.issues).toBeUndefined();
    }
    // The Defender health log was cleared once on the host: its EventRecordID restarts at 4.
    expect(resets).toBe(name.startsWith('ID1151') ? 1 : 0);
  });

  it('reads a Security 4624 from an exported log (no templates) with its EventData names', () => {
    const [r] = read('ID4799-4624-Local admin group enumerated by SharpHound.evtx.gz');
    expect(sys(r!)).toMatchObject({
      EventID: 4624, Version: 2, Level: 0, Task: 12544, Opcode: 0, Keywords: '0x8020000000000000', EventRecordID: 9796981,
      Channel: 'Security', Computer: 'atanids01.offsec.lan', Security: null,
      TimeCreated: { '#attributes': { SystemTime: '2021-05-03 08:58:25.921033' } },
      Execution: { '#attributes': { ProcessID: '568', ThreadID: '1276' } },
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' } },
    });
    expect(data(r!)).toMatchObject({ TargetUserName: 'admmig', TargetDomainName: 'OFFSEC.LAN', LogonType: '3', IpAddress: '10.23.23.9', IpPort: '62173', ElevatedToken: '%%1842' });
    expect(Object.keys(data(r!))).toHaveLength(27);
    expect(r!.timestamp).toBe('2021-05-03T08:58:34.654470Z');
  });

  it('keeps the Qualifiers of classic events (EventID is never 0)', () => {
    const out = read('ID800-4103-Firewall disabled.evtx.gz');
    const ps800 = out.filter((r) => sys(r).Channel === 'Windows PowerShell');
    expect(ps800.length).toBeGreaterThan(0);
    for (const r of ps800) expect(sys(r).EventID).toEqual({ '#attributes': { Qualifiers: '0' }, '#text': 800 });
    // Unnamed <Data> elements come out as a list.
    expect(data(ps800[0]!).Data).toHaveLength(3);
    expect(data(ps800[0]!).Data[1]).toContain('HostApplication=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const sb = out.find((r) => sys(r).EventID === 4104)!;
    expect(data(sb).ScriptBlockText).toBe('Set-NetFirewallProfile -Profile Domain, Public, Private -Enabled False');
  });

  it('reads template-based records (CAPI2) with UserData kept as nested objects', () => {
    const [r] = read('ID70-CAPI-Private key accessed Mimikatz.evtx.gz');
    expect(sys(r!)).toMatchObject({ EventID: 70, Channel: 'Microsoft-Windows-CAPI2/Operational', Computer: 'wec02', TimeCreated: { '#attributes': { SystemTime: '2020-07-11 13:21:11.693103' } }, Security: { '#attributes': { UserID: 'S-1-5-21-1153173314-1076311963-3278442693-500' } } });
    expect((r!.event.Event as Obj).UserData.CryptAcquireCertificatePrivateKey.EventAuxInfo).toEqual({ '#attributes': { ProcessName: 'mimikatz.exe' } });
  });

  it('reads Defender detections and RDP UserData', () => {
    const [d] = read('ID1116-1117-Defender threat detected.evtx.gz');
    expect(sys(d!)).toMatchObject({ EventID: 1116, Channel: 'Microsoft-Windows-Windows Defender/Operational', Computer: 'WIN10-client01.offsec.lan' });
    expect(data(d!)).toMatchObject({ 'Threat Name': 'HackTool:Win64/Mikatz!dha', 'Severity Name': 'High', Unused: null });
    const [rdp] = read('ID1149-RDP success logins to multiple hosts.evtx.gz');
    expect((rdp!.event.Event as Obj).UserData).toEqual({ EventXML: { Param1: 'admmig', Param2: null, Param3: '10.23.123.11' } });
  });

  it('frames every record into a JSON line with its byte offset', () => {
    const file = FILES.find((f) => f.includes('ID131-'))!;
    const frames = [...evtxFrames(gunzipSync(readFileSync(file)), { source: 'file:x.evtx', receivedAt: 0 })];
    expect(frames).toHaveLength(154);
    const first = frames[0]!;
    if (first.kind !== 'record') throw new Error('expected a record');
    expect(first.record.offset).toBe(4096 + 512);
    expect(JSON.parse(first.record.data).Event.EventData).toEqual({ ConnType: 'TCP', ClientIP: '10.23.123.11:36160' });
  });
});
