import { describe, expect, it } from 'vitest';
import { windowsEventParser } from './index.js';
import { splitJsonValues } from './json-stream.js';
import { windowsEvent, windowsShape } from './normalize.js';

const evtx = {
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F}' } },
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws-12.clinic.local',
      EventRecordID: 44867,
      TimeCreated: { '#attributes': { SystemTime: '2021-11-08 15:01:27.604647' } },
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: {
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd /c whoami',
      ParentImage: 'C:\\Windows\\explorer.exe',
      ProcessId: '1860',
      User: 'CLINIC\\nurse',
      OriginalFileName: 'Cmd.Exe',
    },
  },
};

describe('windows event parser', () => {
  it('reads the EVTX-to-JSON shape into ECS with the original fields in raw', () => {
    const e = windowsEvent(evtx);
    expect(e['@timestamp']).toBe('2021-11-08T15:01:27.604Z');
    expect(e.event).toMatchObject({ code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'windows', category: ['process'] });
    expect(e.host).toEqual({ name: 'ws-12.clinic.local' });
    expect(e.process).toMatchObject({ executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe', pid: 1860, command_line: 'cmd /c whoami', parent: { executable: 'C:\\Windows\\explorer.exe' } });
    expect(e.user).toEqual({ domain: 'CLINIC', name: 'nurse' });
    expect(e.raw).toMatchObject({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Provider_Name: 'Microsoft-Windows-Sysmon', Security_UserID: 'S-1-5-18', Image: 'C:\\Windows\\System32\\cmd.exe' });
  });

  it('flattens UserData one level and adds space-less aliases (Defender)', () => {
    const e = windowsEvent({
      Event: {
        System: { EventID: 5858, Channel: 'Microsoft-Windows-WMI-Activity/Operational', TimeCreated: { '#attributes': { SystemTime: '2026-01-01T00:00:00Z' } } },
        UserData: { Operation_ClientFailure: { Operation: 'Start IWbemServices::ExecMethod', 'Client Process': 'x' } },
      },
    });
    expect(e.raw).toMatchObject({ Operation: 'Start IWbemServices::ExecMethod', ClientProcess: 'x' });
  });

  it('reads EventData rendered as a Data list and EventID with qualifiers', () => {
    const e = windowsEvent({
      Event: {
        System: { EventID: { '#text': 4688, '#attributes': { Qualifiers: '' } }, Channel: 'Security', TimeCreated: { '#attributes': { SystemTime: '2026-01-01T00:00:00Z' } } },
        EventData: { Data: [{ '#attributes': { Name: 'NewProcessName' }, '#text': 'C:\\a.exe' }, { '#attributes': { Name: 'NewProcessId' }, '#text': '0x1a4' }, { '#attributes': { Name: 'ProcessId' }, '#text': '0x10' }] },
      },
    });
    expect(e.raw).toMatchObject({ EventID: 4688, NewProcessName: 'C:\\a.exe' });
    expect(e.process).toMatchObject({ executable: 'C:\\a.exe', pid: 420, parent: { pid: 16 } });
  });

  it('reads the flat OTRF shape', () => {
    const e = windowsEvent({ '@timestamp': '2020-10-12T22:32:48.932Z', EventID: 10, Channel: 'Microsoft-Windows-Sysmon/Operational', SourceName: 'Microsoft-Windows-Sysmon', Hostname: 'WS5', SourceImage: 'C:\\x.exe', host: 'collector' });
    expect(e.raw).toMatchObject({ Provider_Name: 'Microsoft-Windows-Sysmon', Computer: 'WS5', SourceImage: 'C:\\x.exe' });
    expect(e.host).toEqual({ name: 'WS5' });
  });

  it('reads winlogbeat events and keeps their ECS fields', () => {
    const e = windowsEvent({
      '@timestamp': '2026-01-01T00:00:00.000Z',
      winlog: { channel: 'Security', event_id: '4625', provider_name: 'Microsoft-Windows-Security-Auditing', computer_name: 'dc1', event_data: { TargetUserName: 'bob', LogonType: '3' } },
      source: { ip: '10.0.0.9' },
    });
    expect(e.raw).toMatchObject({ EventID: 4625, Channel: 'Security', TargetUserName: 'bob', Computer: 'dc1' });
    expect(e.source).toEqual({ ip: '10.0.0.9' });
    expect(e.user).toEqual({ name: 'bob' });
  });

  it('splits concatenated pretty-printed objects, JSON lines and arrays', () => {
    expect(splitJsonValues('{"a":"}{"}\n{\n "b": [1, {"c": 2}]\n}[{"d":3}]')).toEqual([{ a: '}{' }, { b: [1, { c: 2 }] }, { d: 3 }]);
  });

  it('parses records and sniffs the format', () => {
    const p = windowsEventParser.build({}, { dataDir: '/tmp' });
    const line = JSON.stringify(evtx);
    expect(p.parse({ data: `${line}\n${line}`, source: 'test', receivedAt: 0 })).toHaveLength(2);
    expect(windowsEventParser.sniff!([line])).toBe(1);
    expect(windowsEventParser.sniff!(['<13>Jan 1 host app: hi'])).toBe(0);
    expect(windowsShape({ foo: 1 })).toBeUndefined();
    expect(() => p.parse({ data: '{"foo":1}', source: 'test', receivedAt: 0 })).toThrow(/not a Windows event/);
  });
});
