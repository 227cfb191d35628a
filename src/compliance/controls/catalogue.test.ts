import { describe, expect, it } from 'vitest';
import { MEASURES } from '../evidence/measures.js';
import { CATALOGUE, CPG_CONTROLS, HICP_CONTROLS, HIPAA_CONTROLS, childrenOf, controlById, weightOf } from './index.js';

const specs = HIPAA_CONTROLS.filter((c) => c.kind === 'implementation');
const standards = HIPAA_CONTROLS.filter((c) => c.kind === 'standard');
const inSection = (list: typeof specs, s: string) => list.filter((c) => c.citation.startsWith(`45 CFR 164.${s}`));
const count = (list: typeof specs, r: 'required' | 'addressable') => list.filter((c) => c.requirement === r).length;

describe('HIPAA Security Rule catalogue', () => {
  it('holds the 18 standards of Appendix A (164.308–312) and the 4 of 164.314/316', () => {
    expect(standards.length).toBe(22);
    expect(inSection(standards, '308').length).toBe(9);
    expect(inSection(standards, '310').length).toBe(4);
    expect(inSection(standards, '312').length).toBe(5);
    expect(inSection(standards, '314').length).toBe(2);
    expect(inSection(standards, '316').length).toBe(2);
  });

  it('has Appendix A’s 36 implementation specifications for 164.308–312: 14 required, 22 addressable', () => {
    const appA = specs.filter((c) => /164\.3(08|10|12)/.test(c.citation));
    expect(appA.length).toBe(36);
    expect(count(appA, 'required')).toBe(14);
    expect(count(appA, 'addressable')).toBe(22);
    expect([count(inSection(specs, '308'), 'required'), count(inSection(specs, '308'), 'addressable')]).toEqual([10, 11]);
    expect([count(inSection(specs, '310'), 'required'), count(inSection(specs, '310'), 'addressable')]).toEqual([2, 6]);
    expect([count(inSection(specs, '312'), 'required'), count(inSection(specs, '312'), 'addressable')]).toEqual([2, 5]);
  });

  it('has the 7 required specifications of 164.314 and 164.316 (all required, none addressable)', () => {
    const org = specs.filter((c) => /164\.31[46]/.test(c.citation));
    expect(org.length).toBe(7);
    expect(count(org, 'addressable')).toBe(0);
  });

  it('classifies the well-known specifications correctly', () => {
    const by = (cit: string) => HIPAA_CONTROLS.find((c) => c.citation === `45 CFR ${cit}`);
    expect(by('164.308(a)(1)(ii)(A)')).toMatchObject({ title: 'Risk analysis', requirement: 'required', parent: 'hipaa-308-a-1' });
    expect(by('164.312(a)(2)(iii)')).toMatchObject({ title: 'Automatic logoff', requirement: 'addressable', parent: 'hipaa-312-a-1' });
    expect(by('164.312(b)')).toMatchObject({ title: 'Audit controls', requirement: 'required', kind: 'standard' });
    expect(by('164.312(e)(2)(ii)')).toMatchObject({ title: 'Encryption', requirement: 'addressable', parent: 'hipaa-312-e-1' });
    expect(by('164.308(b)(3)')).toMatchObject({ requirement: 'required', parent: 'hipaa-308-b-1' });
    expect(by('164.310(d)(2)(i)')).toMatchObject({ title: 'Disposal', requirement: 'required' });
    expect(by('164.308(a)(5)(ii)(C)')).toMatchObject({ title: 'Log-in monitoring', requirement: 'addressable' });
  });

  it('keeps regulation order and gives every standard with specifications a requirement only through them', () => {
    const cits = HIPAA_CONTROLS.map((c) => c.citation);
    expect(cits.indexOf('45 CFR 164.308(a)(7)(ii)(E)')).toBeLessThan(cits.indexOf('45 CFR 164.308(a)(8)'));
    expect(cits.indexOf('45 CFR 164.308(a)(8)')).toBeLessThan(cits.indexOf('45 CFR 164.308(b)(1)'));
    expect(cits.indexOf('45 CFR 164.308(a)(1)')).toBeLessThan(cits.indexOf('45 CFR 164.308(a)(1)(ii)(A)'));
    for (const s of standards) {
      const kids = childrenOf(s.id);
      if (kids.length) expect(s.requirement, s.citation).toBeUndefined();
      else expect(s.requirement, s.citation).toBe('required');
    }
  });
});

describe('CPG and HICP catalogues', () => {
  it('has 10 essential and 10 enhanced CPGs', () => {
    expect(CPG_CONTROLS.filter((c) => c.tier === 'essential').length).toBe(10);
    expect(CPG_CONTROLS.filter((c) => c.tier === 'enhanced').length).toBe(10);
    expect(controlById('cpg-ess-03')!.title).toBe('Multifactor authentication');
    expect(controlById('cpg-enh-08')!.title).toBe('Centralized log collection');
  });

  it('has the 10 HICP practices, each sub-practice under its practice', () => {
    expect(HICP_CONTROLS.filter((c) => c.kind === 'practice').map((c) => c.citation)).toEqual(Array.from({ length: 10 }, (_, i) => `HICP Practice ${i + 1}`));
    for (const s of HICP_CONTROLS.filter((c) => c.kind === 'sub-practice')) {
      expect(s.citation.slice(5).split('.')[0], s.id).toBe(controlById(s.parent!)!.citation.split(' ').pop());
    }
  });
});

describe('whole catalogue', () => {
  it('has unique URL-safe ids, known parents and only known measures', () => {
    const ids = CATALOGUE.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CATALOGUE) {
      expect(c.id).toMatch(/^[a-z]+-[a-z0-9-]+$/i);
      if (c.parent) expect(controlById(c.parent), c.id).toBeDefined();
      for (const m of c.measures) expect(MEASURES.map((x) => x.id), `${c.id} → ${m}`).toContain(m);
    }
  });

  it('weighs HIPAA required over addressable and CPG essential over enhanced', () => {
    expect(weightOf(controlById('hipaa-312-b')!)).toBeGreaterThan(weightOf(controlById('hipaa-312-a-2-iii')!));
    expect(weightOf(controlById('cpg-ess-03')!)).toBeGreaterThan(weightOf(controlById('cpg-enh-08')!));
  });
});
