import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { windowsEventParser } from '../windows/index.js';
import { evtxParserDef } from './parser-def.js';

const ROOT = join(import.meta.dirname, '../../../../shared/data/windows/evtx-to-mitre-attack/unconverted_evtx');

function walk(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.evtx.gz') ? [p] : [];
    });
  } catch {
    return [];
  }
}
const FILES = walk(ROOT);

describe.skipIf(FILES.length === 0)('the evtx parser hands every record to the Windows parser', () => {
  it('parses all 1,290 records of the 14 files into events with their EventID and host', () => {
    const def = evtxParserDef(windowsEventParser);
    const parser = def.build({}, { dataDir: '/tmp' });
    let records = 0;
    let dead = 0;
    const codes = new Set<string>();
    for (const file of FILES) {
      for (const f of def.binary.frame!(gunzipSync(readFileSync(file)), { source: `file:${file}`, receivedAt: 0 })) {
        if (f.kind === 'dead') {
          dead++;
          continue;
        }
        records++;
        const [e] = parser.parse(f.record);
        const sys = JSON.parse(f.record.data).Event.System;
        const id = typeof sys.EventID === 'object' ? sys.EventID['#text'] : sys.EventID;
        expect(String(e!.event.code)).toBe(String(id));
        expect(e!['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        codes.add(String(e!.event.code));
      }
    }
    expect({ records, dead }).toEqual({ records: 1290, dead: 0 });
    for (const id of ['4624', '4799', '5140', '5145', '4622', '800', '4103', '4104', '1116', '1117', '1151', '70', '1149', '131', '4950', '2003', '4656']) expect(codes).toContain(id);
  });
});
