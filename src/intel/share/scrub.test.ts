import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../enrich/pseudonymise/normalise.js';
import { Pseudonymiser } from '../../enrich/pseudonymise/pseudonymiser.js';
import { readings } from './decode.js';
import { DEFAULT_INTERNAL_SUFFIXES, Scrubber, type RemovalReason } from './scrub.js';

const secret = Buffer.alloc(32, 7);
const p = new Pseudonymiser(secret);
// The context store holds patients as keyed pseudonyms only; the scrubber checks candidates against them.
const nameKeys = new Set([p.name('Everyman', ['Adam'])!, p.name('Okonkwo', ['Chiamaka', 'Ada'])!]);
const ids = new Set([p.patient({ system: 'urn:sim:mrn', value: 'MRN1000042' })]);
export const scrubber = new Scrubber(
  { orgDomains: ['stmarys.example'], internalNetworks: ['198.18.0.0/15'], internalSuffixes: DEFAULT_INTERNAL_SUFFIXES },
  {
    terms: new Map<string, RemovalReason>([['njones', 'staff-user'], ['adm-jsmith', 'staff-user'], ['ehr01', 'internal-host']]),
    staffNames: new Set([normaliseName('Nia Jones')]),
    patientName: (n) => nameKeys.has(p.name(n)!),
    patientId: (t) => ids.has(p.patient({ system: 'urn:sim:mrn', value: t })),
  },
);
const reasons = (s: string) => [...new Set(scrubber.find(s).map((f) => f.reason))].sort();

describe('readings', () => {
  it('decodes URL escapes (twice), base64, base64url, hex and UTF-16LE base64 (PowerShell -EncodedCommand)', () => {
    expect(readings('a%2520b')).toContain('a b');
    expect(readings(`x=${Buffer.from('john.smith').toString('base64')}`)).toContain('john.smith');
    expect(readings(Buffer.from('njones@host?').toString('base64url'))).toContain('njones@host?');
    expect(readings(Buffer.from('Everyman Adam').toString('hex'))).toContain('Everyman Adam');
    expect(readings(`powershell -enc ${Buffer.from('net user njones', 'utf16le').toString('base64')}`)).toContain('net user njones');
  });
  it('leaves binary alone and stops at 64 readings', () => {
    expect(readings('d41d8cd98f00b204e9800998ecf8427e')).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
    let s = 'x';
    for (let i = 0; i < 8; i++) s = Buffer.from(`${s} ${s}`).toString('base64');
    expect(readings(s).length).toBeLessThanOrEqual(64);
  });
});

describe('Scrubber', () => {
  it('internal addresses: RFC 1918, loopback, link-local, CGNAT, ULA, configured networks; public ones pass', () => {
    for (const ip of ['10.20.3.4', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.9.9', '100.64.1.1', '198.18.5.5', 'fd00::1', 'fe80::1', '::1']) expect(scrubber.checkObservable('ip', ip).map((f) => f.reason)).toContain('internal-ip');
    for (const ip of ['203.0.113.7', '8.8.8.8', '2001:db8::1']) expect(scrubber.checkObservable('ip', ip)).toEqual([]);
  });
  it('internal hosts and the organisation\'s domains and addresses; external ones pass', () => {
    expect(scrubber.checkObservable('domain', 'ehr01.stmarys.example').map((f) => f.reason)).toContain('internal-host');
    expect(scrubber.checkObservable('domain', 'dc01.corp').map((f) => f.reason)).toContain('internal-host');
    expect(scrubber.checkObservable('domain', 'wpad').map((f) => f.reason)).toContain('internal-host');
    expect(scrubber.checkObservable('email', 'Payroll@StMarys.example').map((f) => f.reason)).toContain('org-email');
    expect(scrubber.checkObservable('domain', 'evil-updates.example.net')).toEqual([]);
    expect(scrubber.checkObservable('email', 'invoice@evil-updates.example.net')).toEqual([]);
    expect(scrubber.checkObservable('url', 'http://10.1.2.3/x').map((f) => f.reason)).toContain('internal-ip');
  });
  it('patients by keyed lookup: names in any order, separator or case, in URLs and run together; MRNs in file names', () => {
    expect(reasons('http://evil.example/u/adam.everyman')).toContain('patient-name');
    expect(reasons('http://evil.example/u/EVERYMAN_Adam')).toContain('patient-name');
    expect(reasons('http://evil.example/u/AdamEveryman.pdf')).toContain('patient-name');
    expect(reasons('http://evil.example/?n=Chiamaka%20Ada%20Okonkwo')).toContain('patient-name');
    expect(reasons('http://evil.example/dl/MRN1000042.pdf')).toEqual(expect.arrayContaining(['mrn', 'patient-id']));
    expect(reasons('http://evil.example/dl/1000042-x.pdf')).toEqual([]); // a bare number in another system is not that patient
    expect(reasons('http://evil.example/adam/everyday')).toEqual([]);
  });
  it('staff logins and names, also base64 in command lines and hex', () => {
    expect(reasons(`cmd.exe /c powershell -enc ${Buffer.from('Get-ADUser njones', 'utf16le').toString('base64')}`)).toContain('staff-user');
    expect(reasons(`http://evil.example/c?d=${Buffer.from('Nia Jones').toString('hex')}`)).toContain('staff-name');
    expect(reasons('http://evil.example/niajones')).toContain('staff-name');
    expect(reasons('http://evil.example/x?u=ADM-JSMITH')).toContain('staff-user');
  });
  it('PHI patterns: pseudonyms, SSN, date of birth, telephone', () => {
    expect(reasons('pt_abcdefghijklmnopqrstuvwxyz234567')).toContain('pseudonym');
    expect(reasons('id=123-45-6789')).toContain('ssn');
    expect(reasons('dob: 1988-08-18')).toContain('dob');
    expect(reasons('call (555) 123-4567')).toContain('phone');
    expect(reasons('+44 20 7946 0958')).toContain('phone');
    expect(reasons('2026-12-07T10:11:12.000Z 203.0.113.7 T1110.001')).toEqual([]);
  });
  it('redacts free text word by word, masking PHI in what it reports', () => {
    const r = scrubber.scrubText('Brute force against njones from 10.20.3.4 then Adam Everyman (MRN1000042) opened on ehr01.stmarys.example');
    expect(r.text).toBe('Brute force against [removed:staff-user] from [removed:internal-ip] then [removed:patient-name] ([removed:mrn]) opened on [removed:internal-host]');
    const shown = JSON.stringify(r.findings);
    expect(shown).not.toMatch(/everyman|njones|1000042/i);
    expect(shown).toContain('10.20.3.4'); // internal addresses are shown to the reviewer, PHI never
  });
});
