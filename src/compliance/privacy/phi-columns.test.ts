import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealerFor, vaultFor } from '../../enrich/pseudonymise/index.js';
import { loadConfigObject } from '../../pipeline/config-loader.js';
import { loadContextFiles } from '../../pipeline/context-load.js';
import { openRuntime, type Runtime } from '../../pipeline/runtime.js';
import { PHI_COLUMNS, SEALED_FORMATS } from './phi-columns.js';

// Identifiers that must never be found in clear in any file of the data directory.
const PHI = ['MRN-778899', 'Everyman', 'Zelda', '19610415', 'Patient/zz-star'];
const HL7 = 'MSH|^~\\&|EHR|HOSP|WW|HOSP|20260105101500||ADT^A08|1|P|2.5\rPID|1||MRN-778899^^^HOSP^MR||Everyman^Zelda||19610415';
const AUDIT = JSON.stringify({
  resourceType: 'AuditEvent', recorded: '2026-01-05T10:20:00Z', action: 'R', outcome: '0',
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
  agent: [{ requestor: true, who: { identifier: { value: 'jdoe' } } }], source: { observer: { display: 'EHR' } },
  entity: [{ what: { reference: 'Patient/zz-star' }, type: { code: '1' } }],
});

describe('PHI at rest: every column the catalogue names is protected as it says', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ww-phi-rest-'));
  let rt: Runtime;
  beforeAll(async () => {
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: dir });
    const ctx = join(dir, 'ctx.json');
    writeFileSync(ctx, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'zz-star', identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-778899' }], name: [{ family: 'Everyman', given: ['Zelda'] }], birthDate: '1961-04-15' } }] }));
    await loadContextFiles(rt.context, dir, [ctx]);
    rmSync(ctx);
    const rec = (data: string) => [{ data, source: 'test', receivedAt: Date.now() }];
    await rt.ingestor.ingest(rec(HL7), rt.ingestor.parser('hl7v2'));
    await rt.ingestor.ingest(rec(AUDIT), rt.ingestor.parser('fhir-audit'));
    // Unreadable records of PHI formats: dead letters, which must be sealed too.
    await rt.ingestor.ingest(rec(`${HL7.replace('20260105101500', 'EVERYMAN')}`), rt.ingestor.parser('hl7v2'));
    await rt.ingestor.ingest(rec(AUDIT.replace('"recorded":"2026-01-05T10:20:00Z",', '')), rt.ingestor.parser('fhir-audit'));
    await rt.detection.drain();
  }, 240_000);
  afterAll(async () => { await rt?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('seals the raw record of every PHI-format event and dead letter with AES-256-GCM (opens only with the key)', () => {
    const sealer = sealerFor(dir);
    const raws = rt.store.db.prepare("SELECT raw FROM events WHERE json_extract(doc, '$.event.module') IN ('hl7v2', 'fhir-audit')").pluck().all() as string[];
    expect(raws.length).toBe(2);
    for (const r of raws) {
      expect(r).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(sealer.open(r)).toMatch(/MRN-778899|Patient\/zz-star/);
    }
    const dead = rt.store.db.prepare(`SELECT parser, CAST(data AS TEXT) d FROM dead_letters WHERE parser IN (${SEALED_FORMATS.map(() => '?').join(',')})`).all(...SEALED_FORMATS) as Array<{ parser: string; d: string }>;
    expect(dead.length).toBe(2);
    for (const d of dead) expect(sealer.open(d.d)).toMatch(/EVERYMAN|zz-star/);
  });

  it('keeps identities only in the encrypted vault, readable through the audited reveal', () => {
    const rows = rt.context.db.prepare('SELECT pseudonym, kind, ciphertext FROM reidentification').all() as Array<{ pseudonym: string; kind: string; ciphertext: Buffer }>;
    expect(rows.length).toBeGreaterThan(0);
    const mrn = rows.find((r) => vaultFor(dir).reveal(r.pseudonym, { id: 'dpo', roles: ['privacy_officer'] }, 'at-rest test')?.plaintext.includes('MRN-778899'));
    expect(mrn).toBeDefined();
    for (const r of rows) for (const p of PHI) expect(r.ciphertext.includes(p)).toBe(false);
  });

  it('pseudonymises patient references in parsed events and alerts', () => {
    const docs = rt.store.db.prepare('SELECT doc FROM events').pluck().all() as string[];
    const patients = docs.map((d) => JSON.parse(d).ehr?.patient?.id).filter(Boolean);
    expect(patients.length).toBe(2);
    for (const p of patients) expect(p).toMatch(/^pt_[a-z2-7]+$/);
  });

  it('leaves no clear identifier in any file of the data directory (databases, WAL, secrets)', async () => {
    rt.store.db.pragma('wal_checkpoint(TRUNCATE)');
    rt.context.db.pragma('wal_checkpoint(TRUNCATE)');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(join(d, e.name));
      }
    };
    walk(dir);
    expect(files.some((f) => f.endsWith('wardwatch.db'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const p of PHI) expect(bytes.includes(p), `${p} in ${f}`).toBe(false);
    }
  });

  it('the catalogue names the tables this test found PHI in, with their protection', () => {
    const named = new Set(PHI_COLUMNS.map((c) => `${c.table}.${c.column}`));
    for (const c of ['events.raw', 'dead_letters.data', 'reidentification.ciphertext', 'events.doc']) expect(named.has(c), c).toBe(true);
    expect(PHI_COLUMNS.find((c) => c.table === 'events' && c.column === 'raw')!.protection).toBe('aes-256-gcm-sealed');
  });
});
