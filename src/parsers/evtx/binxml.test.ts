import { describe, expect, it } from 'vitest';
import { buildEvtx, ChunkWriter, fileTime } from './fixture.js';
import { readEvtx } from './reader.js';
import type { EvtxRecord, EvtxRecordError } from './types.js';
import { toXml } from './xml.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const GUID = Buffer.from('2596845478549449a5ba3e3b0328c30d', 'hex');
const SID_SYSTEM = Buffer.from('010100000000000512000000', 'hex');
const str = (s: string) => (w: ChunkWriter) => void w.utf16(s);

/** The template of records 1 and 2: every substitution type Wardwatch cares about. */
function templateBody(w: ChunkWriter): void {
  w.fragment().open('Event', true).attr('xmlns').text(NS).closeStart();
  w.open('System', false).closeStart();
  w.open('Provider', true).attr('Name').sub(0, 0x01).attr('Guid').sub(1, 0x0f, true).closeEmpty();
  w.open('EventID', true).attr('Qualifiers').sub(2, 0x06, true).closeStart().sub(3, 0x06).end();
  w.open('Level', false).closeStart().sub(4, 0x04).end();
  w.open('TimeCreated', true).attr('SystemTime').sub(5, 0x11).closeEmpty();
  w.open('EventRecordID', false).closeStart().sub(6, 0x0a).end();
  w.open('Execution', true).attr('ProcessID').sub(7, 0x08).attr('ThreadID').sub(8, 0x08).closeEmpty();
  w.open('Channel', false).closeStart().sub(9, 0x01).end();
  w.open('Computer', false).closeStart().sub(10, 0x01).end();
  w.open('Security', true).attr('UserID').sub(11, 0x13, true).closeEmpty();
  w.end();
  w.open('EventData', false).closeStart();
  const data = (name: string | undefined, i: number, type: number, optional = false) => {
    if (name === undefined) w.open('Data', false).closeStart();
    else w.open('Data', true).attr('Name').text(name).closeStart();
    w.sub(i, type, optional).end();
  };
  data('Keywords', 12, 0x15);
  data('Group', 13, 0x81);
  data('Flag', 14, 0x0d);
  data('When', 15, 0x12);
  data('Blob', 16, 0x0e);
  data(undefined, 17, 0x07);
  data(undefined, 18, 0x14);
  data('Empty', 19, 0x01, true);
  w.end();
  w.sub(20, 0x21, true);
  w.end().eof();
}

function u16(v: number) {
  return (w: ChunkWriter) => void w.u16(v);
}
function u32(v: number) {
  return (w: ChunkWriter) => void w.u32(v);
}
const nothing = () => {};

function values(opts: { qualifiers: boolean; security: boolean; recordId: number }): Array<[number, (w: ChunkWriter) => void]> {
  return [
    [0x01, str('Microsoft-Windows-Security-Auditing')],
    opts.security ? [0x0f, (w) => void w.raw(GUID)] : [0x00, nothing],
    opts.qualifiers ? [0x06, u16(16384)] : [0x00, nothing],
    [0x06, u16(4624)],
    [0x04, (w) => void w.u8(0)],
    [0x11, (w) => void w.u64(fileTime('2022-01-26T09:20:49.101Z', 820n))],
    [0x0a, (w) => void w.u64(BigInt(opts.recordId))],
    [0x08, u32(1048)],
    [0x08, u32(1684)],
    [0x01, str('Security')],
    [0x01, str('WS-1.clinic.local')],
    opts.security ? [0x13, (w) => void w.raw(SID_SYSTEM)] : [0x00, nothing],
    [0x15, (w) => void w.u64(0x8020000000000000n)],
    [0x81, str('Administrators\0Users\0')],
    [0x0d, u32(1)],
    [0x12, (w) => [2022, 1, 3, 26, 9, 20, 49, 101].forEach((v) => w.u16(v))],
    [0x0e, (w) => void w.raw(Buffer.from([0xde, 0xad, 0xbe, 0xef]))],
    [0x07, u32(-5 >>> 0)],
    [0x14, u32(0x1f)],
    [0x00, nothing],
    // Nested BinXML: elements written directly (no dependency identifier), CDATA and references.
    [0x21, (w) => void w.fragment().open('Extra', true, false).attr('a').text('1').closeStart().text('x').cdata('c').entityRef('amp').charRef(65).end().eof()],
  ];
}

function synthetic(): { buf: Buffer; defOffset: number } {
  let defOffset = 0;
  const buf = buildEvtx([
    { id: 1, time: fileTime('2022-01-26T09:20:50Z'), write: (w) => { w.fragment(); defOffset = w.template(undefined, templateBody, values({ qualifiers: true, security: true, recordId: 4242 })); w.eof(); } },
    { id: 2, time: fileTime('2022-01-26T09:20:51Z'), write: (w) => { w.fragment(); w.template(defOffset, undefined, values({ qualifiers: false, security: false, recordId: 4243 })); w.eof(); } },
    {
      // An exported record: elements and values written directly, no template, no dependency identifiers.
      id: 3,
      time: fileTime('2022-01-26T09:20:52Z'),
      write: (w) => {
        w.fragment().open('Event', true, false).attr('xmlns').text(NS).closeStart();
        w.open('System', false, false).closeStart();
        w.open('EventID', true, false).attr('Qualifiers').text('0').closeStart().text('4688').end();
        w.open('TimeCreated', true, false).attr('SystemTime').text('2022-01-26T09:20:49.1010820Z').closeEmpty();
        w.open('Channel', false, false).closeStart().text('Security').end();
        w.end();
        w.open('EventData', false, false).closeStart();
        w.open('Data', true, false).attr('Name').text('NewProcessName').closeStart().text('C:\\x.exe').end();
        w.end().end().eof();
      },
    },
  ]);
  return { buf, defOffset };
}

const records = (buf: Buffer, opts?: Parameters<typeof readEvtx>[1]) => [...readEvtx(buf, opts)];

describe('readEvtx on a hand-built chunk', () => {
  it('renders an inline template with every substitution type in the EVTX-to-JSON shape', () => {
    const [r1] = records(synthetic().buf) as EvtxRecord[];
    expect(r1).toMatchObject({ kind: 'record', recordId: 1, timestamp: '2022-01-26T09:20:50.000000Z', offset: 4096 + 512, chunkOffset: 4096 });
    expect(r1!.event).toEqual({
      Event: {
        '#attributes': { xmlns: NS },
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' } },
          EventID: { '#attributes': { Qualifiers: '16384' }, '#text': 4624 },
          Level: 0,
          TimeCreated: { '#attributes': { SystemTime: '2022-01-26 09:20:49.101082' } },
          EventRecordID: 4242,
          Execution: { '#attributes': { ProcessID: '1048', ThreadID: '1684' } },
          Channel: 'Security',
          Computer: 'WS-1.clinic.local',
          Security: { '#attributes': { UserID: 'S-1-5-18' } },
        },
        EventData: {
          Keywords: '0x8020000000000000',
          Group: ['Administrators', 'Users'],
          Flag: 'true',
          When: '2022-01-26T09:20:49.101Z',
          Blob: 'DEADBEEF',
          Data: ['-5', '0x1f'],
          Empty: null,
        },
        Extra: { '#attributes': { a: '1' }, '#text': 'xc&A' },
      },
    });
  });

  it('reuses a back-referenced template; empty optional substitutions drop their attribute', () => {
    const [, r2] = records(synthetic().buf) as EvtxRecord[];
    const sys = (r2!.event.Event as Record<string, Record<string, unknown>>).System!;
    expect(sys.EventID).toBe(4624);
    expect(sys.Provider).toEqual({ '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } });
    expect(sys.Security).toBeNull();
    expect(sys.EventRecordID).toBe(4243);
  });

  it('reads records written without templates (exported logs) and normalises SystemTime', () => {
    const [, , r3] = records(synthetic().buf) as EvtxRecord[];
    expect(r3!.event).toEqual({
      Event: {
        '#attributes': { xmlns: NS },
        System: { EventID: { '#attributes': { Qualifiers: '0' }, '#text': 4688 }, TimeCreated: { '#attributes': { SystemTime: '2022-01-26 09:20:49.101082' } }, Channel: 'Security' },
        EventData: { NewProcessName: 'C:\\x.exe' },
      },
    });
  });

  it('renders XML for debugging', () => {
    const [r1] = records(synthetic().buf) as EvtxRecord[];
    const xml = toXml(r1!);
    expect(xml).toContain(`<Event xmlns="${NS}">`);
    expect(xml).toContain('<EventID Qualifiers="16384">4624</EventID>');
    expect(xml).toContain('<Data Name="Group">Administrators</Data>');
    expect(xml).toContain('<Data Name="Group">Users</Data>');
    expect(xml).toContain('<Extra a="1">xc&amp;A</Extra>');
  });

  it('reports a corrupt record with its offset and goes on with the next one', () => {
    const { buf } = synthetic();
    const all = records(buf) as EvtxRecord[];
    const bad = Buffer.from(buf);
    bad.writeUInt32LE(0x4242, all[1]!.offset); // break record 2's signature
    const out = records(bad);
    expect(out.map((r) => r.kind)).toEqual(['record', 'error', 'record']);
    const err = out[1] as EvtxRecordError;
    expect(err).toMatchObject({ scope: 'record', offset: all[1]!.offset, chunkOffset: 4096 });
    expect(err.reason).toMatch(/signature/);
    expect(err.raw.length).toBe(all[2]!.offset - all[1]!.offset);
    // The checksum no longer matches: the records that could be read say so.
    expect((out[0] as EvtxRecord).issues).toContain('chunk records checksum mismatch');
    expect(records(bad, { checksums: 'skip' })).toMatchObject([{ kind: 'error', scope: 'chunk', reason: 'chunk records checksum mismatch' }]);
  });

  it('reports a record whose BinXML is bad without losing its neighbours', () => {
    const { buf } = synthetic();
    const all = records(buf) as EvtxRecord[];
    const bad = Buffer.from(buf);
    bad[all[2]!.offset + 24 + 4] = 0x77; // not a token
    const out = records(bad);
    expect(out.map((r) => r.kind)).toEqual(['record', 'record', 'error']);
    expect(out[2]).toMatchObject({ scope: 'record', recordId: 3, offset: all[2]!.offset });
    expect((out[2] as EvtxRecordError).reason).toMatch(/unexpected token 0x77/);
  });

  it('reports truncation and a missing signature instead of throwing', () => {
    const { buf } = synthetic();
    const all = records(buf) as EvtxRecord[];
    const cut = records(buf.subarray(0, all[2]!.offset + 40));
    expect(cut.map((r) => r.kind)).toEqual(['record', 'record', 'error']);
    expect((cut[2] as EvtxRecordError).reason).toMatch(/truncated/);
    expect(records(Buffer.from('not an evtx file'))).toMatchObject([{ kind: 'error', scope: 'file' }]);
    expect(records(Buffer.alloc(0))).toMatchObject([{ kind: 'error', scope: 'file' }]);
  });
});
