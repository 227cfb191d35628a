import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PatientPseudonym } from '../../core/event.js';
import { ContextStore } from './context-store.js';

describe('ContextStore', () => {
  it('loads patients, staff and relationships, resolves aliases and logins, and reopens read-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-ctx-'));
    try {
      const w = ContextStore.open(dir);
      w.load({
        patients: [{ id: 'pt_a' as PatientPseudonym, aliases: ['pt_mrn_a'], vip: true, sensitivity: ['CEL'], deceased: false, keys: { family: 'f1' } }],
        staff: [{ id: 'Practitioner/1', name: 'N. Jones', logins: ['NJones', 'n.jones@hosp'], department: 'ICU', shifts: [{ days: ['mon'], start: '07:00', end: '19:00' }] }],
        relationships: [{ patient: 'pt_a' as PatientPseudonym, staffId: 'Practitioner/1', kind: 'encounter', source: 'Encounter/1', from: '2026-01-01T00:00:00Z' }],
      });
      // A later feed refines the staff member without wiping what it does not know.
      w.load({ staff: [{ id: 'Practitioner/1', logins: [], shifts: [], active: { to: '2026-06-30T00:00:00Z' } }] });
      expect(w.counts()).toEqual({ patients: 1, staff: 1, relationships: 1 });
      w.close();
      const r = ContextStore.open(dir, { readonly: true });
      expect(r.patient('pt_mrn_a')).toMatchObject({ id: 'pt_a', vip: true, sensitivity: ['CEL'], keys: { family: 'f1' } });
      expect(r.staffByLogin('njones')).toMatchObject({ id: 'Practitioner/1', department: 'ICU', active: { to: '2026-06-30T00:00:00Z' }, shifts: [{ days: ['mon'] }] });
      expect(r.staffByName('n jones').map((s) => s.id)).toEqual(['Practitioner/1']);
      expect(r.staffByName('Jones, N.').map((s) => s.id)).toEqual(['Practitioner/1']);
      expect(r.staffByName('M. Jones')).toEqual([]);
      // A roster loaded later (here by a second connection) is seen without reopening.
      const w2 = ContextStore.open(dir);
      w2.load({ staff: [{ id: 'Practitioner/2', name: 'M. Jones', logins: ['mjones'], shifts: [] }] });
      expect(r.staffByName('M. Jones').map((s) => s.id)).toEqual(['Practitioner/2']);
      w2.load({ staff: [{ id: 'Practitioner/3', name: 'Kim Lee', logins: ['klee'], shifts: [] }] });
      expect(w2.staffByName('kim lee').map((s) => s.id)).toEqual(['Practitioner/3']);
      w2.close();
      expect(r.relationships('pt_mrn_a')).toEqual([{ patient: 'pt_a', staffId: 'Practitioner/1', kind: 'encounter', source: 'Encounter/1', from: '2026-01-01T00:00:00Z' }]);
      expect(() => r.load({ staff: [{ id: 'x', logins: [], shifts: [] }] })).toThrow(/readonly|query_only|attempt to write/i);
      r.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
