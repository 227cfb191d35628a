import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import { MemoryContext, type PatientInfo } from '../../core/context.js';
import type { PatientPseudonym, WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { localTime, onShift } from './clock.js';
import { ehrAccessDetector } from './detector.js';

const P = (s: string) => `pt_${s}` as PatientPseudonym;
const patient = (id: string, extra: Partial<PatientInfo> = {}): PatientInfo => ({ id: P(id), vip: false, sensitivity: [], deceased: false, keys: {}, ...extra });

function world(): MemoryContext {
  const ctx = new MemoryContext()
    .addStaff({ id: 'Practitioner/ortiz', name: 'J. Ortiz', logins: ['jortiz'], department: 'Cardiology', role: 'nurse',
      shifts: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '19:00' }], keys: { family: 'fam-ortiz', address: 'addr-1' }, patientId: P('ortiz-self') })
    .addStaff({ id: 'Practitioner/night', name: 'K. Night', logins: ['knight'], department: 'ICU', role: 'nurse',
      shifts: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '19:00', end: '07:00' }] })
    .addStaff({ id: 'Practitioner/gone', name: 'L. Gone', logins: ['lgone'], department: 'Cardiology', shifts: [], active: { from: '2020-01-01', to: '2026-03-01T00:00:00Z' } })
    .addPatient(patient('treated'))
    .addPatient(patient('cardio-ward'))
    .addPatient(patient('star', { vip: true, sensitivity: ['CEL'] }))
    .addPatient(patient('psy', { sensitivity: ['PSY'] }))
    .addPatient(patient('cousin', { keys: { family: 'fam-ortiz' } }))
    .addPatient(patient('colleague', { staffId: 'Practitioner/night' }))
    .addPatient(patient('ortiz-self', { keys: { family: 'fam-ortiz', address: 'addr-1' }, staffId: 'Practitioner/ortiz' }))
    .addRelationship({ patient: P('treated'), staffId: 'Practitioner/ortiz', kind: 'encounter', source: 'Encounter/e1', from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' })
    .addRelationship({ patient: P('cardio-ward'), department: 'Cardiology', kind: 'encounter', source: 'Encounter/e2', from: '2026-03-01T00:00:00Z' })
    .addRelationship({ patient: P('icu'), staffId: 'Practitioner/night', kind: 'encounter', source: 'Encounter/e3', from: '2026-03-01T00:00:00Z' });
  // Patients in care elsewhere (the ICU), whom a Cardiology nurse has no reason of her own to open.
  for (const p of [...Array.from({ length: 8 }, (_, i) => `walk-in-${i}`), 'x1', 'x2', 'x3']) {
    ctx.addRelationship({ patient: P(p), department: 'ICU', kind: 'encounter', source: `Encounter/${p}`, from: '2026-03-01T00:00:00Z' });
  }
  return ctx;
}

// Monday 2 March 2026, 10:00 UTC.
const T0 = Date.parse('2026-03-02T10:00:00Z');
function access(user: string, pt: string, t: number, extra: Partial<NonNullable<WardEvent['ehr']>> = {}): WardEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(), category: ['database'], action: 'ehr_access' },
    user: { name: user },
    ehr: { action: 'view', resource_type: 'Patient', patient: { id: P(pt) }, ...extra },
  };
}

function run(events: WardEvent[], ctx = world(), cfg: object = {}): AlertDraft[] {
  const det = ehrAccessDetector.build(ehrAccessDetector.config.parse(cfg), { dataDir: '/tmp', name: 'ehr', clinicalContext: () => ctx });
  const out: AlertDraft[] = [];
  for (const e of events) if (det.accepts(e)) det.process(e, det.key(e)!, (a) => out.push(a));
  return out;
}

describe('ehr.access', () => {
  it('stays quiet when a relationship explains the access (own encounter, department, after-care window)', () => {
    expect(run([
      access('jortiz', 'treated', T0),
      access('jortiz', 'cardio-ward', T0 + 1000),
      access('jortiz', 'treated', Date.parse('2026-03-20T10:00:00Z')), // 15 days after discharge, within 30 days
    ])).toEqual([]);
  });

  it('flags a VIP chart opened without a relationship, with the factors and a sentence', () => {
    const [a, ...rest] = run([access('jortiz', 'star', T0)]);
    expect(rest).toEqual([]);
    expect(a!.title).toBe('VIP record: jortiz opened patient pt_star');
    expect(a!.entities).toEqual([{ type: 'user', id: 'jortiz' }, { type: 'patient', id: 'pt_star' }]);
    expect(a!.explanation.factors.map((f) => f.feature)).toEqual(['no_relationship', 'vip', 'not_in_care']);
    expect(a!.explanation.summary).toBe('nurse J. Ortiz (jortiz) opened the record of patient pt_star with no treatment relationship.');
    expect(a!.explanation.text).toMatch(/^nurse J\. Ortiz \(jortiz\) opened the record of patient pt_star\. Risk 0\.\d\d: no encounter, care team or order links them or their department to the patient; the record is flagged VIP; and the patient is not in anyone's care now\.$/);
  });

  it('flags family (surname + address) and co-workers, not merely sensitive-but-explained records', () => {
    const alerts = run([access('jortiz', 'cousin', T0), access('jortiz', 'colleague', T0 + 1000)]);
    expect(alerts.map((a) => a.explanation.factors.map((f) => f.feature))).toEqual([
      ['family', 'no_relationship', 'not_in_care'],
      ['no_relationship', 'coworker', 'not_in_care'],
    ]);
  });

  it('flags a relative\'s record even when a role rule explains the access, and a record opened again and again', () => {
    const ctx = world();
    ctx.addStaff({ id: 'Practitioner/bill', name: 'B. Clerk', logins: ['bclerk'], department: 'Billing', role: 'billing', shifts: [], keys: { family: 'fam-ortiz' } });
    const [fam, ...none] = run([access('bclerk', 'cousin', T0), access('bclerk', 'treated', T0 + 1000)], ctx, { rolesExplained: ['billing'] });
    expect(none).toEqual([]);
    expect(fam!.explanation.factors.map((f) => f.feature)).toEqual(['family']);
    // A patient in care on another ward, opened once or twice: nothing; the fourth time in a day: an alert.
    const again = Array.from({ length: 4 }, (_, i) => access('jortiz', 'walk-in-1', T0 + i * 600_000));
    const alerts = run(again, world());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation.factors.map((f) => [f.feature, f.observed])).toEqual([['no_relationship', 'none found'], ['repeated', 4]]);
  });

  it('flags a neighbour by street, not only by household', () => {
    const ctx = world().addPatient(patient('down-the-road', { keys: { address: 'addr-9', street: 'street-1' } }));
    ctx.addStaff({ id: 'Practitioner/ortiz', name: 'J. Ortiz', logins: ['jortiz'], department: 'Cardiology', role: 'nurse', shifts: [], keys: { family: 'fam-ortiz', address: 'addr-1', street: 'street-1' } });
    ctx.addRelationship({ patient: P('down-the-road'), department: 'ICU', kind: 'encounter', source: 'Encounter/r', from: '2026-03-01T00:00:00Z' });
    const [a] = run([access('jortiz', 'down-the-road', T0)], ctx);
    expect(a!.explanation.factors.map((f) => [f.feature, f.observed])).toEqual([['no_relationship', 'none found'], ['neighbour', 'same street']]);
  });

  it('flags a chart of a patient nobody is treating now, but not one in care on another ward', () => {
    const ctx = world().addPatient(patient('stranger'));
    const [a, ...rest] = run([access('jortiz', 'stranger', T0), access('jortiz', 'walk-in-0', T0 + 1000)], ctx);
    expect(rest).toEqual([]);
    expect(a!.explanation.factors.map((f) => f.feature)).toEqual(['no_relationship', 'not_in_care']);
    // A patient the index does not know (no context loaded) is not said to be out of care.
    expect(run([access('jortiz', 'unknown', T0)], ctx)).toEqual([]);
  });

  it('does not alert on one plain unexplained access, but on the eighth patient in a day', () => {
    const pts = Array.from({ length: 8 }, (_, i) => `walk-in-${i}`);
    const alerts = run(pts.map((p, i) => access('jortiz', p, T0 + i * 60_000)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('jortiz opened 8 records without a treatment relationship today');
    expect(alerts[0]!.explanation.evidence).toHaveLength(8);
  });

  it('treats night work as normal for a night-shift nurse, and flags off-shift work for a day nurse', () => {
    const threeAm = Date.parse('2026-03-03T03:00:00Z'); // Tuesday 03:00
    expect(run([access('knight', 'icu', threeAm)])).toEqual([]);
    const [a] = run([access('jortiz', 'psy', threeAm)]);
    expect(a!.explanation.factors.map((f) => f.feature)).toEqual(['no_relationship', 'sensitive', 'off_shift', 'not_in_care']);
  });

  it('always alerts on access after termination (critical) and on break-glass without a reason', () => {
    const after = run([access('lgone', 'cardio-ward', Date.parse('2026-03-10T10:00:00Z'))]);
    expect(after[0]).toMatchObject({ severity: 'critical' });
    expect(after[0]!.explanation.factors[0]!.feature).toBe('after_termination');
    const bg = run([access('jortiz', 'treated', T0, { break_glass: true })]);
    expect(bg[0]!.explanation.factors.map((f) => f.feature)).toEqual(['break_glass_no_reason']);
    expect(run([access('jortiz', 'treated', T0, { break_glass: true, reason: 'cardiac arrest, ED' })])).toEqual([]);
  });

  it('raises volume and bulk-export alerts with the window and threshold', () => {
    const many = Array.from({ length: 60 }, (_, i) => access('knight', `p${i}`, T0 + i * 30_000, { action: 'export' }));
    const alerts = run(many, world(), { unexplainedPerDay: 1000, minScore: 1 });
    const kinds = alerts.map((a) => a.title);
    expect(kinds).toContain('knight opened 60 patient records in 60 minutes');
    expect(kinds).toContain('Bulk export/print of 20 patient records by knight');
    const vol = alerts.find((a) => a.title.startsWith('knight opened 60'))!;
    expect(vol.explanation.factors[0]).toMatchObject({ feature: 'distinct_patients', observed: 60, threshold: 60, windowMs: 3_600_000 });
  });

  it('learns each user\'s and each peer group\'s hourly volume, and alerts on an unexplained spike against both', () => {
    const ctx = world();
    const nurses = ['jortiz', 'n2', 'n3', 'n4', 'n5', 'n6'];
    for (const n of nurses.slice(1)) ctx.addStaff({ id: `Practitioner/${n}`, name: n, logins: [n], department: 'Cardiology', role: 'nurse', shifts: [] });
    const events: WardEvent[] = [];
    for (let k = 0; k < 45; k++) {
      const pt = `ward${k}`;
      ctx.addPatient(patient(pt)).addRelationship({ patient: P(pt), department: 'Cardiology', kind: 'encounter', source: `Encounter/w${k}`, from: '2026-01-01T00:00:00Z' });
    }
    // Three weeks of ordinary hours: 8–12 different ward patients an hour each (explained by the Cardiology relationship).
    for (let h = 0; h < 21 * 24; h += 2) {
      for (const n of nurses) for (let k = 0; k < 8 + (h % 5); k++) events.push(access(n, `ward${(h + k) % 45}`, T0 - 22 * 86_400_000 + h * 3_600_000 + k * 60_000));
    }
    // A spike: 45 different patients in an hour, none of them with a relationship.
    const spikeAt = T0 + 2 * 3_600_000;
    for (let k = 0; k < 45; k++) events.push(access('jortiz', `stranger${k}`, spikeAt + k * 60_000));
    // A busy hour of a colleague, every chart explained (ward work): not a finding.
    for (let k = 0; k < 40; k++) events.push(access('n2', `ward${k}`, spikeAt + k * 60_000));
    const alerts = run(events, ctx, { unexplainedPerDay: 1000, minScore: 1 }).filter((a) => a.title.includes('patient records in'));
    // Only the unexplained spike, at the learned limit (above the 20-patient floor, below the cold-start 60).
    expect(alerts).toHaveLength(1);
    const [a] = alerts;
    const n = Number(/^jortiz opened (\d+) patient records in 60 minutes$/.exec(a!.title)?.[1]);
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThan(60);
    expect(a!.explanation.factors[0]!.threshold).toBe(n);
    const [own, peers, unexplained] = a!.explanation.factors;
    expect(own).toMatchObject({ feature: 'distinct_patients', baseline: { kind: 'self' } });
    expect(Number(own!.baseline!.value)).toBeGreaterThanOrEqual(1);
    expect(peers).toMatchObject({ feature: 'distinct_patients_vs_peers', baseline: { kind: 'peers' } });
    expect(unexplained).toMatchObject({ feature: 'unexplained_in_window', observed: n });
    expect(a!.explanation.summary).toMatch(new RegExp(`their median is \\d+ an hour .*peers' \\(nurse in Cardiology\\) 99th percentile is \\d+; ${n} of them had no treatment relationship`));
  });

  it('keeps per-user state across snapshot and restore, and alerts once per user and patient per day', () => {
    const ctx = world();
    const build = () => ehrAccessDetector.build(ehrAccessDetector.config.parse({ unexplainedPerDay: 3 }), { dataDir: '/tmp', name: 'ehr', clinicalContext: () => ctx });
    const a = build();
    const out: AlertDraft[] = [];
    for (const e of [access('jortiz', 'x1', T0), access('jortiz', 'x2', T0 + 1)]) a.process(e, 'jortiz', (x) => out.push(x));
    const b = build();
    for (const [k, s] of JSON.parse(JSON.stringify(a.snapshot())) as Array<[string, unknown]>) b.restore(k, s);
    b.process(access('jortiz', 'x3', T0 + 2), 'jortiz', (x) => out.push(x));
    b.process(access('jortiz', 'star', T0 + 3), 'jortiz', (x) => out.push(x));
    b.process(access('jortiz', 'star', T0 + 4), 'jortiz', (x) => out.push(x));
    expect(out.map((x) => x.title)).toEqual([
      'jortiz opened 3 records without a treatment relationship today',
      'VIP record: jortiz opened patient pt_star',
    ]);
  });
});

describe('shift clock', () => {
  it('handles overnight shifts and zones', () => {
    const shifts = [{ days: ['mon'], start: '19:00', end: '07:00' }];
    expect(onShift(shifts, { day: 'mon', minutes: 20 * 60 }, 0)).toBe(true);
    expect(onShift(shifts, { day: 'tue', minutes: 6 * 60 }, 0)).toBe(true);
    expect(onShift(shifts, { day: 'tue', minutes: 12 * 60 }, 0)).toBe(false);
    expect(localTime(Date.parse('2026-03-02T02:30:00Z'), 'America/New_York')).toEqual({ day: 'sun', minutes: 21 * 60 + 30 });
  });
});
