import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEvtx, fileTime } from './fixture.js';
import { readEvtx } from './reader.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** A small valid file: two records, one template (inline, then back-referenced), one without. */
function seed(): Buffer {
  let def = 0;
  const body = (w: import('./fixture.js').ChunkWriter) => {
    w.fragment().open('Event', true).attr('xmlns').text(NS).closeStart();
    w.open('System', false).closeStart().open('EventID', false).closeStart().sub(0, 0x06).end().end();
    w.open('EventData', false).closeStart().open('Data', true).attr('Name').text('A').closeStart().sub(1, 0x01, true).end().end();
    w.end().eof();
  };
  return buildEvtx([
    { id: 1, time: fileTime('2024-01-01T00:00:00Z'), write: (w) => { w.fragment(); def = w.template(undefined, body, [[0x06, (x) => void x.u16(4624)], [0x01, (x) => void x.utf16('a')]]); w.eof(); } },
    { id: 2, time: fileTime('2024-01-01T00:00:01Z'), write: (w) => { w.fragment(); w.template(def, undefined, [[0x06, (x) => void x.u16(4625)], [0x81, (x) => void x.utf16('b\0c\0')]]); w.eof(); } },
    { id: 3, time: fileTime('2024-01-01T00:00:02Z'), write: (w) => void w.fragment().open('Event', false, false).closeStart().text('t').end().eof() },
  ]);
}

function firstRealChunk(): Buffer | undefined {
  const root = join(import.meta.dirname, '../../../../shared/data/windows/evtx-to-mitre-attack/unconverted_evtx/Antivirus');
  try {
    const f = readdirSync(root).map((n) => join(root, n)).find((p) => statSync(p).isFile() && p.includes('ID1116'));
    return f ? gunzipSync(readFileSync(f)) : undefined;
  } catch {
    return undefined;
  }
}

/** Read everything; only records and errors may come out, and nothing may throw. */
function drain(buf: Buffer): { records: number; errors: number } {
  let records = 0;
  let errors = 0;
  for (const r of readEvtx(buf)) {
    if (r.kind === 'record') records++;
    else if (r.kind === 'error') errors++;
    else throw new Error('unexpected item');
  }
  return { records, errors };
}

const SEEDS = [seed(), ...(firstRealChunk() ? [firstRealChunk()!] : [])];

describe('readEvtx never throws', () => {
  it('on random bytes, with or without the file and chunk signatures', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6000 }), fc.boolean(), (bytes, signed) => {
        let buf = Buffer.from(bytes);
        if (signed) {
          const file = Buffer.alloc(4096);
          file.write('ElfFile\0', 'latin1');
          const chunk = Buffer.concat([Buffer.from('ElfChnk\0', 'latin1'), buf]);
          buf = Buffer.concat([file, chunk]);
        }
        drain(buf);
      }),
      { numRuns: 300 },
    );
  });

  it('on truncated valid files', () => {
    for (const s of SEEDS) {
      fc.assert(fc.property(fc.integer({ min: 0, max: s.length }), (n) => void drain(s.subarray(0, n))), { numRuns: 200 });
    }
  });

  it('on valid files with bytes mutated, and every record is either read or reported', () => {
    for (const s of SEEDS) {
      const clean = drain(s);
      expect(clean.errors).toBe(0);
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 4096, max: s.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
          const buf = Buffer.from(s);
          for (const [at, v] of edits) buf[at] = v;
          drain(buf);
        }),
        { numRuns: 300 },
      );
    }
  });
});
