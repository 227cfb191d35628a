import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ParserDef } from '../../core/components.js';
import { buildEvtx, fileTime } from './fixture.js';
import { evtxFrames } from './framing.js';
import { evtxParserDef, isBinaryParserDef } from './parser-def.js';
import { isEvtx, readEvtx } from './reader.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function twoRecords(): Buffer {
  const rec = (id: number, eventId: string) => ({
    id,
    time: fileTime('2024-03-01T10:00:00Z'),
    write: (w: import('./fixture.js').ChunkWriter) =>
      void w.fragment().open('Event', true, false).attr('xmlns').text(NS).closeStart()
        .open('System', false, false).closeStart().open('EventID', false, false).closeStart().text(eventId).end().end()
        .end().eof(),
  });
  return buildEvtx([rec(1, '4624'), rec(2, '4625')]);
}

/** A stand-in for the Windows JSON parser: it reads the EventID of each framed JSON line. */
const fakeWindows: ParserDef<Record<string, never>> = {
  name: 'windows-event',
  description: 'test double',
  config: z.object({}).strict(),
  build: () => ({
    name: 'windows-event',
    parse: (r) => [{ '@timestamp': '2024-03-01T10:00:00.000Z', event: { code: String(JSON.parse(r.data).Event.System.EventID) } }],
  }),
};

describe('evtx framing', () => {
  it('recognises the file by its magic bytes', () => {
    expect(isEvtx(twoRecords().subarray(0, 8))).toBe(true);
    expect(isEvtx(Buffer.from('{"Event":{}}'))).toBe(false);
    expect(isEvtx(Buffer.alloc(3))).toBe(false);
  });

  it('turns records into JSON lines and bad records into dead letters with offset and base64 bytes', () => {
    const buf = twoRecords();
    const [, second] = [...readEvtx(buf)];
    const bad = Buffer.from(buf);
    bad.writeUInt32LE(0, second!.offset + 4); // record 2 claims size 0
    const frames = [...evtxFrames(bad, { source: 'file:/x/Security.evtx', receivedAt: 7, referenceTime: 9 })];
    expect(frames).toHaveLength(2);
    expect(frames[0]).toEqual({
      kind: 'record',
      record: { data: JSON.stringify({ Event: { '#attributes': { xmlns: NS }, System: { EventID: 4624 } } }), source: 'file:/x/Security.evtx', offset: 4608, receivedAt: 7, referenceTime: 9 },
    });
    const dead = frames[1]!;
    if (dead.kind !== 'dead') throw new Error('expected a dead letter');
    expect(dead.dead).toMatchObject({ source: 'file:/x/Security.evtx', offset: second!.offset, receivedAt: 7, parser: 'evtx' });
    expect(dead.dead.reason).toBe(`evtx record at byte ${second!.offset} (record 2): bad record size 0`);
    const [prefix, b64] = dead.dead.data.split(':') as [string, string];
    expect(prefix).toBe(`evtx@${second!.offset}`);
    expect(Buffer.from(b64, 'base64').subarray(0, 4).readUInt32LE(0)).toBe(0x2a2a);
  });

  it('reports a chunk with a bad signature with the whole chunk, and salvages chunks of a file with a broken header', () => {
    const buf = twoRecords();
    const broken = Buffer.from(buf);
    broken.write('XXXXXXX', 4096, 'latin1');
    const out = [...readEvtx(broken)];
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'error', scope: 'chunk', offset: 4096, reason: 'bad chunk signature (expected ElfChnk)' });
    expect(out[0]!.kind === 'error' && out[0]!.raw.length).toBe(65536);
    const headless = Buffer.from(buf);
    headless.write('garbage!', 0, 'latin1');
    expect([...readEvtx(headless)].map((r) => r.kind)).toEqual(['error', 'record', 'record']);
    // A big file that is not EVTX at all is one error, not one per 64 KiB.
    expect([...readEvtx(Buffer.alloc(1 << 20, 0x41))]).toHaveLength(1);
  });

  it('is a parser definition: binary framing, `ElfFile` sniffing, and records parsed by the Windows parser', () => {
    const def = evtxParserDef(fakeWindows);
    expect(def.name).toBe('evtx');
    expect(isBinaryParserDef(def)).toBe(true);
    expect(isBinaryParserDef(fakeWindows)).toBe(false);
    expect(def.sniff?.(['ElfFile\u0000\u0000\u0000'])).toBe(1);
    expect(def.sniff?.(['{"Event":{}}'])).toBe(0);
    const parser = def.build({}, { dataDir: '/tmp' });
    expect(parser.name).toBe('evtx');
    const codes = [...def.binary.frame!(twoRecords(), { source: 's', receivedAt: 0 })].flatMap((f) => (f.kind === 'record' ? parser.parse(f.record) : []));
    expect(codes.map((e) => e.event.code)).toEqual(['4624', '4625']);
  });
});
