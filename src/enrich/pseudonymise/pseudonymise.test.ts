import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EhrFields } from '../../core/event.js';
import {
  base32,
  EncryptedVault,
  loadOrCreateSecret,
  MemoryVaultStorage,
  normaliseBirthDate,
  PhiSealer,
  configureVault,
  Pseudonymiser,
  pseudonymiserFor,
  vaultFor,
  sealerFor,
  secretPath,
  type RevealAudit,
} from './index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ww-pseudo-'));
const secret = Buffer.alloc(32, 7);

describe('base32', () => {
  it('matches RFC 4648 test vectors (lower case, no padding)', () => {
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => base32(Buffer.from(s)))).toEqual([
      '', 'my', 'mzxq', 'mzxw6', 'mzxw6yq', 'mzxw6ytb', 'mzxw6ytboi',
    ]);
  });
});

describe('secret', () => {
  it('is created once with 0600 in a 0700 folder, then reused', () => {
    const dir = tmp();
    const a = loadOrCreateSecret(dir);
    expect(a.length).toBe(32);
    expect(statSync(secretPath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(loadOrCreateSecret(dir).equals(a)).toBe(true);
  });
  it('rejects a secret of the wrong length without showing it', () => {
    const dir = tmp();
    loadOrCreateSecret(dir);
    writeFileSync(secretPath(dir), 'short-secret');
    expect(() => loadOrCreateSecret(dir)).toThrow(/must be 32 bytes/);
    try {
      loadOrCreateSecret(dir);
    } catch (err) {
      expect(String(err)).not.toContain('short-secret');
    }
  });
  it('pseudonymiserFor caches per data directory and gives stable pseudonyms', () => {
    const dir = tmp();
    const p1 = pseudonymiserFor(dir).patient({ value: '123' });
    expect(pseudonymiserFor(dir).patient({ value: '123' })).toBe(p1);
    expect(readFileSync(secretPath(dir)).length).toBe(32);
    expect(pseudonymiserFor(tmp()).patient({ value: '123' })).not.toBe(p1);
  });
});

describe('Pseudonymiser', () => {
  const p = new Pseudonymiser(secret, { mapping: { authorities: { HOSP: 'http://hospital.example/mrn' } } });
  it('has the documented shape', () => {
    expect(p.patient({ value: '123' })).toMatch(/^pt_[a-z2-7]{32}$/);
    expect(p.name('Everyman', ['Adam'])).toMatch(/^pn_[a-z2-7]{32}$/);
    expect(p.birthDate('19880818')).toMatch(/^pb_[a-z2-7]{32}$/);
  });
  it('normalises identifiers: trim, case-fold, system + value', () => {
    expect(p.patient({ value: ' Ab-123 ' })).toBe(p.patient({ system: 'URN:WARDWATCH:MRN', value: 'ab-123' }));
    expect(p.patient({ system: 'x', value: '1' })).not.toBe(p.patient({ system: 'y', value: '1' }));
  });
  it('joins an HL7 CX with a mapped assigning authority to the FHIR identifier of that system', () => {
    const fhir = p.patient({ system: 'http://hospital.example/mrn', value: '123' });
    expect(p.patientFromCx('123', { namespace: 'HOSP' })).toBe(fhir);
    expect(p.patientFromCx('123', { namespace: 'hosp' })).toBe(fhir);
    expect(p.patientFromCx('123', { namespace: 'OTHER' })).not.toBe(fhir);
    expect(p.patientFromCx('123', { universalId: '2.16.840.1', universalIdType: 'ISO' })).toBe(p.patient({ system: 'urn:oid:2.16.840.1', value: '123' }));
  });
  it('maps FHIR Patient references by logical id, and a configured logical-id system joins them to MRNs', () => {
    expect(p.patientFromReference('Patient/example/_history/1')).toBe(p.patientFromReference('https://fhir.example/Patient/example'));
    expect(p.patientFromReference('Practitioner/1')).toBeUndefined();
    const q = p.withMapping({ fhirLogicalIdSystem: 'urn:wardwatch:mrn' });
    expect(q.patientFromReference('Patient/123')).toBe(q.patient({ value: '123' }));
    expect(q.patientFromCx('123')).toBe(q.patient({ value: '123' }));
  });
  it('separates kinds, and normalises names and dates', () => {
    expect(p.name('123')).not.toBe(p.patient({ value: '123' }).replace('pt_', 'pn_'));
    expect(p.name('Müller', ['Jo'])).toBe(p.name('MULLER', ['jo']));
    expect(p.birthDate('198808181126+0215')).toBe(p.birthDate('1988-08-18'));
    expect(normaliseBirthDate('nonsense')).toBeUndefined();
    expect(p.familyKey(['Everyman', '1000 Hospital Lane'])).toBe(p.familyKey(['EVERYMAN', '1000  hospital lane']));
  });
});

describe('EncryptedVault', () => {
  const actor = { id: 'dpo', roles: ['privacy_officer'] };
  it('stores ciphertext only and reveals with an audit record', () => {
    const storage = new MemoryVaultStorage();
    const audits: RevealAudit[] = [];
    const vault = new EncryptedVault(secret, { storage, audit: (r) => audits.push(r) });
    const p = new Pseudonymiser(secret, { vault });
    const ps = p.patient({ system: 'urn:oid:1.2', value: 'MRN-778899' });
    const rows = storage.takeNew();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ciphertext.toString('utf8')).not.toContain('778899');
    expect(rows[0]!.iv.length).toBe(12);
    expect(rows[0]!.tag.length).toBe(16);
    p.patient({ system: 'urn:oid:1.2', value: 'mrn-778899' });
    expect(storage.takeNew()).toHaveLength(0);
    const r = vault.reveal(ps, actor, 'subject access request #1');
    expect(JSON.parse(r!.plaintext)).toEqual({ system: 'urn:oid:1.2', value: 'MRN-778899' });
    expect(audits).toEqual([expect.objectContaining({ pseudonym: ps, actor: 'dpo', reason: 'subject access request #1', found: true })]);
  });
  it('refuses without a reason, an actor or the role, and reveals nothing when the audit fails', () => {
    const storage = new MemoryVaultStorage();
    const audit = vi.fn();
    const vault = new EncryptedVault(secret, { storage, audit });
    vault.put('pt_x', 'patient_id', 'secret-id');
    expect(() => vault.reveal('pt_x', actor, '  ')).toThrow(/reason/);
    expect(() => vault.reveal('pt_x', { id: '', roles: ['privacy_officer'] }, 'r')).toThrow(/actor/);
    expect(() => vault.reveal('pt_x', { id: 'nurse', roles: ['clinician'] }, 'r')).toThrow(/role/);
    expect(audit).not.toHaveBeenCalled();
    const failing = new EncryptedVault(secret, { storage, audit: () => { throw new Error('audit down'); } });
    expect(() => failing.reveal('pt_x', actor, 'r')).toThrow(/audit down/);
  });
  it('detects a row moved under another pseudonym', () => {
    const storage = new MemoryVaultStorage();
    const vault = new EncryptedVault(secret, { storage, audit: () => {} });
    vault.put('pt_a', 'patient_id', 'A');
    const row = storage.get('pt_a')!;
    storage.put({ ...row, pseudonym: 'pt_b' });
    expect(() => vault.reveal('pt_b', actor, 'r')).toThrow();
    expect(vault.reveal('pt_missing', actor, 'r')).toBeUndefined();
  });
});

describe('PhiSealer', () => {
  it('round-trips, hides the text and detects tampering or another secret', () => {
    const s = new PhiSealer(secret);
    const sealed = s.seal('PID|1||778899^^^HOSP^MR');
    expect(sealed).not.toContain('778899');
    expect(s.open(sealed)).toBe('PID|1||778899^^^HOSP^MR');
    expect(s.seal('x')).not.toBe(s.seal('x'));
    expect(() => new PhiSealer(Buffer.alloc(32, 8)).open(sealed)).toThrow();
    expect(() => s.open(`${sealed.slice(0, -2)}AA`)).toThrow();
    const dir = tmp();
    expect(sealerFor(dir).open(sealerFor(dir).seal('a'))).toBe('a');
  });
});

describe('PatientPseudonym is a type, not a habit', () => {
  it('only a pseudonym fits ehr.patient.id', () => {
    const p = new Pseudonymiser(secret);
    const ehr: EhrFields = { patient: { id: p.patient({ value: '123' }) } };
    // @ts-expect-error a raw identifier is not a PatientPseudonym
    ehr.patient = { id: '123' };
    const name = p.name('Everyman');
    // @ts-expect-error a name pseudonym is not a patient id either
    ehr.patient = { id: name };
    expect(ehr.patient?.id).toBeDefined();
  });
});

describe('shared vault of a data directory', () => {
  it('refuses reveals until bound, then writes rows to the bound storage and audits', () => {
    const dir = tmp();
    const actor = { id: 'dpo', roles: ['privacy_officer'] };
    const early = pseudonymiserFor(dir).patient({ value: 'A-1' });
    expect(() => vaultFor(dir).reveal(early, actor, 'r')).toThrow(/not configured/);
    const storage = new MemoryVaultStorage();
    const audits: RevealAudit[] = [];
    configureVault(dir, { storage, audit: (r) => audits.push(r) });
    const ps = pseudonymiserFor(dir).withMapping({ defaultSystem: 'urn:x' }).patient({ value: 'B-2' });
    expect(storage.size).toBe(2); // the early row was moved over
    expect(vaultFor(dir).reveal(early, actor, 'DSAR 6')).toBeDefined();
    expect(JSON.parse(vaultFor(dir).reveal(ps, actor, 'DSAR 7')!.plaintext)).toEqual({ system: 'urn:x', value: 'B-2' });
    expect(audits).toHaveLength(2);
  });
});
