import { describe, expect, it } from 'vitest';
import { MemoryContext, type Relationship } from '../../core/context.js';
import type { PatientPseudonym } from '../../core/event.js';
import { TemplateExplainer, explanationText } from './explainer.js';
import { mineTemplates } from './mine.js';
import { accessOf, candidateSpecs, specKey, templateText, type Access } from './templates.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

/**
 * A small hospital: 40 patients, each with a 3-day stay on ward A or B (staggered), nurses on both
 * wards opening their ward's current patients, and billing clerks opening patients discharged in
 * the last 30 days (no relationship names them or their department).
 */
function world() {
  const ctx = new MemoryContext();
  const stays: Array<{ p: string; ward: string; from: number; to: number }> = [];
  for (let i = 0; i < 400; i++) {
    const p = `MRN${1000 + i}`;
    const ward = `Ward ${'ABCD'[i % 4]}`;
    const from = T0 + (i % 28) * DAY;
    const to = from + 3 * DAY;
    ctx.addPatient({ id: p as PatientPseudonym, vip: false, sensitivity: [], deceased: false, keys: {} });
    ctx.addRelationship({ patient: p as PatientPseudonym, department: ward, kind: 'encounter', from: new Date(from).toISOString(), to: new Date(to).toISOString(), source: `Encounter/e${i}` });
    stays.push({ p, ward, from, to });
  }
  for (let n = 0; n < 12; n++) ctx.addStaff({ id: `n${n}`, logins: [`nurse${n}`], role: 'nurse', department: `Ward ${'ABCD'[n % 4]}`, shifts: [] });
  for (let b = 0; b < 3; b++) ctx.addStaff({ id: `b${b}`, logins: [`bill${b}`], role: 'billing', department: 'Finance', shifts: [] });
  const log: Access[] = [];
  let k = 0;
  for (let day = 0; day < 28; day++) {
    for (let h = 0; h < 24; h += 4) {
      const t = T0 + day * DAY + h * 3_600_000;
      for (const s of stays) {
        if (t < s.from || t > s.to) continue;
        const nurse = `nurse${(k++ % 3) * 4 + 'ABCD'.indexOf(s.ward.slice(-1))}`;
        log.push(accessOf(ctx, { t, user: nurse, patient: s.p }));
      }
      for (const s of stays) {
        if (t > s.to && t - s.to < 20 * DAY && (k++ % 11) === 0) log.push(accessOf(ctx, { t, user: `bill${k % 3}`, patient: s.p }));
      }
    }
  }
  log.sort((a, b) => a.t - b.t);
  // The patient index also holds everyone registered earlier who is not in care now.
  const population = [...stays.map((s) => s.p), ...Array.from({ length: 2000 }, (_, i) => `MRN${5000 + i}`)];
  return { ctx, log, population };
}

describe('explanation templates', () => {
  it('are stable keys and readable sentences', () => {
    const s = { path: 'anyone' as const, kinds: ['encounter'], phase: 'after' as const, beforeMs: 0, afterMs: 30 * DAY };
    expect(specKey(s)).toBe('anyone:encounter:after-30d');
    expect(templateText('role:billing', s)).toBe('billing staff open charts of patients discharged or seen in the last 30 days (a visit or stay anywhere in the organisation)');
    expect(candidateSpecs(['encounter', 'order']).length).toBe(3 * 3 * 7 + 1);
  });

  it('mines a department path for nurses and an after-discharge path for billing, and rejects paths random pairs satisfy', () => {
    const { ctx, log, population } = world();
    const { templates, scored } = mineTemplates(log, (p) => ctx.relationships(p), ['encounter'], { minGroupAccesses: 50, population });
    const nurse = templates.filter((t) => t.group === 'role:nurse');
    expect(nurse[0]?.key).toMatch(/^department:(any|encounter):during/);
    expect(nurse[0]!.precision).toBeGreaterThan(0.9);
    const billing = templates.filter((t) => t.group === 'role:billing');
    expect(billing.map((t) => t.key)).toContain('anyone:encounter:after-30d');
    expect(billing.every((t) => t.precision >= 0.9)).toBe(true);
    // Billing's department (Finance) is on no relationship: its department path explains nothing.
    expect(scored.some((c) => c.group === 'role:billing' && c.key.startsWith('department:') && c.real > 0)).toBe(false);
    // 'Anyone, 90 days after' explains nearly every random pair too, so its precision is low and it is not kept for nurses.
    const loose = scored.find((c) => c.group === 'role:nurse' && c.key === 'anyone:any:after-90d');
    expect(loose?.kept ?? false).toBe(false);
  });

  it('explains accesses with the mined templates, names the template, and explains repeat access', () => {
    const { ctx, log, population } = world();
    const { templates } = mineTemplates(log, (p) => ctx.relationships(p), ['encounter'], { minGroupAccesses: 50, population });
    templates.forEach((t, i) => { t.id = i + 1; });
    const x = new TemplateExplainer(templates);
    let explained = 0;
    for (const a of log) if (x.explain(a, ctx.relationships(a.patient))) explained++;
    expect(explained / log.length).toBeGreaterThan(0.95);
    // A billing clerk opening a patient still on the ward, never seen before: not explained.
    const stay = ctx.relationships('MRN1027')[0] as Relationship;
    const during = Date.parse(stay.from!) + DAY;
    const cold = accessOf(ctx, { t: during, user: 'bill0', patient: 'MRN1027' });
    expect(x.find(cold, ctx.relationships('MRN1027'))).toBeUndefined();
    const hit = x.find(accessOf(ctx, { t: Date.parse(stay.to!) + 5 * DAY, user: 'bill1', patient: 'MRN1027' }), ctx.relationships('MRN1027'))!;
    expect(explanationText(hit)).toMatch(/^billing staff open charts of patients discharged or seen in the last 30 days .* — template #\d+, \d+\.\d % precision/);
    // Retired templates explain nothing.
    const none = new TemplateExplainer(templates.map((t) => ({ ...t, status: 'retired' as const })));
    expect(none.find(accessOf(ctx, { t: Date.parse(stay.to!) + 5 * DAY, user: 'bill1', patient: 'MRN1027' }), ctx.relationships('MRN1027'))).toBeUndefined();
  });

  it('explains a repeat access through the repeat template only after an explained one', () => {
    const rep = { id: 9, key: 'repeat:any:after-30d', group: '*', path: 'repeat' as const, kinds: [], phase: 'after' as const, beforeMs: 0, afterMs: 30 * DAY, text: 'staff reopen', coverage: 0.1, precision: 0.99, support: 100, status: 'approved' as const, version: 1 };
    const x = new TemplateExplainer([rep]);
    const a: Access = { t: T0, user: 'u1', patient: 'p1', departments: [] };
    expect(x.explain(a, [])).toBeUndefined();
    x.remember('u1', 'p1', T0);
    expect(x.explain({ ...a, t: T0 + DAY }, [])?.template.id).toBe(9);
    expect(x.explain({ ...a, t: T0 + 40 * DAY }, [])).toBeUndefined();
    expect(x.explain({ ...a, user: 'u2', t: T0 + DAY }, [])).toBeUndefined();
  });
});
