import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import { MemoryContext, type ExplanationTemplate } from '../../core/context.js';
import type { PatientPseudonym, WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { ehrAccessDetector } from './detector.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const P = (s: string) => `pt_${s}` as PatientPseudonym;

/** Six registration clerks (work no care link records) and a nurse; patients in care on a ward. */
function world(): MemoryContext {
  const ctx = new MemoryContext();
  for (let i = 0; i < 6; i++) ctx.addStaff({ id: `r${i}`, logins: [`reg${i}`], role: 'registrar', department: 'Registration', shifts: [] });
  ctx.addStaff({ id: 'n1', logins: ['nurse1'], role: 'nurse', department: 'Ward 3', shifts: [] });
  for (let i = 0; i < 400; i++) {
    ctx.addPatient({ id: P(`p${i}`), vip: false, sensitivity: [], deceased: false, keys: {} });
    ctx.addRelationship({ patient: P(`p${i}`), department: 'Ward 9', kind: 'encounter', source: `Encounter/e${i}`, from: '2026-03-01T00:00:00Z' });
  }
  return ctx;
}

function access(user: string, pt: string, t: number): WardEvent {
  return { '@timestamp': new Date(t).toISOString(), event: { id: newEventId(), category: ['database'], action: 'ehr_access' }, user: { name: user }, ehr: { action: 'view', resource_type: 'Patient', patient: { id: P(pt) } } };
}

function run(events: WardEvent[], cfg: object = {}): AlertDraft[] {
  const det = ehrAccessDetector.build(ehrAccessDetector.config.parse(cfg), { dataDir: '/tmp', name: 'ehr', clinicalContext: world });
  const out: AlertDraft[] = [];
  for (const e of events) if (det.accepts(e)) det.process(e, det.key(e)!, (a) => out.push(a));
  return out;
}

/** Each registrar opens 10–12 unrelated patients every day for `days` days. */
function registrarDays(days: number): WardEvent[] {
  const ev: WardEvent[] = [];
  for (let d = 0; d < days; d++) {
    for (let r = 0; r < 6; r++) for (let k = 0; k < 10 + ((d + r) % 3); k++) ev.push(access(`reg${r}`, `p${(d * 37 + r * 53 + k) % 400}`, T0 + d * DAY + r * 60_000 + k * 600_000));
  }
  return ev;
}

describe('ehr.access: unexplained patients a day against the role base rate', () => {
  it('stops flagging a role whose work is routinely unexplained once its base rate is known, and still flags a nurse doing the same', () => {
    const events = registrarDays(10);
    // Day 10: a registrar at the usual level, and a nurse opening 11 strangers' charts.
    for (let k = 0; k < 11; k++) {
      events.push(access('reg0', `p${(10 * 37 + k) % 400}`, T0 + 10 * DAY + k * 600_000));
      events.push(access('nurse1', `p${(k * 7 + 200) % 400}`, T0 + 10 * DAY + k * 600_000 + 1000));
    }
    const daily = run(events).filter((a) => a.title.includes('without a treatment relationship today'));
    const late = daily.filter((a) => Date.parse(a.time) >= T0 + 7 * DAY);
    // Early days (no base rate yet) alert on every registrar; once the role has 30 user-days, registrars are quiet.
    expect(daily.filter((a) => Date.parse(a.time) < T0 + DAY).length).toBe(6);
    expect(late.map((a) => a.entities[0]!.id)).toEqual(['nurse1']);
    expect(late[0]!.explanation.factors[0]?.baseline).toBeUndefined();
  });

  it('flags a registrar far above the role base rate, naming the baseline', () => {
    const events = registrarDays(8);
    for (let k = 0; k < 40; k++) events.push(access('reg3', `p${(k * 9 + 100) % 400}`, T0 + 8 * DAY + k * 300_000));
    const late = run(events).filter((a) => a.title.includes('without a treatment relationship today') && Date.parse(a.time) >= T0 + 8 * DAY);
    expect(late).toHaveLength(1);
    expect(late[0]!.explanation.summary).toMatch(/their role's \(registrar\) 99th percentile is 1\d a day over \d+ user-days/);
    expect(late[0]!.explanation.factors[0]?.baseline).toMatchObject({ kind: 'peers' });
  });

  it('explains through a configured template and names it', () => {
    const tpl: ExplanationTemplate = {
      id: 7, key: 'anyone:encounter:during-4h', group: 'role:registrar', path: 'anyone', kinds: ['encounter'], phase: 'during', beforeMs: 0, afterMs: 0,
      text: 'registrar staff open charts of patients with a visit or stay anywhere in the organisation now', coverage: 0.98, precision: 0.991, support: 1000, status: 'approved', version: 1,
    };
    const alerts = run(registrarDays(2), { templates: [tpl] });
    expect(alerts.filter((a) => a.title.includes('without a treatment relationship'))).toEqual([]);
  });
});
