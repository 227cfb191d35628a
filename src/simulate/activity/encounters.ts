import { DAY, HOUR, MIN, type DayCtx, type Encounter } from '../context.js';
import { adtMessage, ormMessage } from '../formats/hl7.js';
import { linked } from '../world/site-style.js';
import type { Patient, Role, Staff } from '../world/types.js';

/** Physicians who can attend a stay: hospitalists and on-shift doctors (any physician in a clinic). */
function attendings(ctx: DayCtx): Staff[] {
  return ctx.world.staff.filter((s) => (s.role === 'physician' || s.role === 'resident') && (s.terminatedDay === undefined || ctx.day < s.terminatedDay));
}

function adt(ctx: DayCtx, e: Encounter, trigger: 'A01' | 'A02' | 'A03' | 'A04', t: number, operator: string, pt: Patient): void {
  const doc = ctx.world.staff.find((s) => s.username === e.attending);
  ctx.emit('hl7', t, adtMessage({
    // A site whose registration system does not name the clerk sends EVN-5 empty: the clerk's work then has no care link.
    t, control: `MSG${String(ctx.ids.seq()).padStart(9, '0')}`, trigger, facility: ctx.world.profile === 'clinic' ? 'RFC' : 'SBG',
    operator: linked(ctx.world.site, 'registrar') ? operator : '',
    patient: { id: pt.id, family: pt.family, given: pt.given, birthDate: pt.birthDate, sex: pt.sex, address: pt.address },
    patientClass: e.kind, unit: e.unit, room: String(100 + (Number.parseInt(pt.id.slice(-3), 10) % 60)),
    attending: { id: e.attending, family: doc?.family ?? 'Unknown', given: doc?.given ?? '' }, visit: e.id, vip: pt.vip, service: e.department,
    admit: e.start, ...(trigger === 'A03' ? { discharge: e.end } : {}),
  }));
}

/** Sections that perform orders, their HL7 table 0074 code, a typical order, and how often each kind of visit needs one. */
const ORDERS: ReadonlyArray<{ dept: string; role: Role; section: string; service: string; p: Record<Encounter['kind'], number> }> = [
  { dept: 'Laboratory', role: 'lab_tech', section: 'LAB', service: 'CBC^Complete blood count', p: { I: 0.85, E: 0.6, O: 0.25 } },
  { dept: 'Pharmacy', role: 'pharmacist', section: 'PHR', service: 'MEDREC^Medication order', p: { I: 0.9, E: 0.3, O: 0.05 } },
  { dept: 'Radiology', role: 'radiology_tech', section: 'RAD', service: 'XR CHEST^Chest X-ray', p: { I: 0.35, E: 0.4, O: 0.1 } },
];

/** Place a visit's orders (HL7 ORM^O01 with the performing section), each a little after the visit starts. */
function placeOrders(ctx: DayCtx, e: Encounter): void {
  for (const o of ORDERS) {
    if (!ctx.rng.chance(o.p[e.kind])) continue;
    if (!ctx.world.departments.includes(o.dept)) continue;
    const t = e.start + ctx.rng.int(5, 90) * MIN;
    e.orders.push({ dept: o.dept, t });
    // The section still works the order; a site that does not interface its orders just never tells anyone.
    if (!linked(ctx.world.site, o.role)) continue;
    ctx.emit('hl7', t, ormMessage({
      t, control: `MSG${String(ctx.ids.seq()).padStart(9, '0')}`, facility: ctx.world.profile === 'clinic' ? 'RFC' : 'SBG',
      patientId: e.patient, patientClass: e.kind, unit: e.unit, visit: e.id, orderNumber: `ORD${String(ctx.ids.seq()).padStart(9, '0')}`,
      section: o.section, service: o.service, orderingProvider: e.attending,
    }));
  }
}

/**
 * Advance the census by one day: discharges, admissions (inpatient and ED), outpatient visits,
 * each announced by an HL7 ADT message. The stays are the treatment relationships the
 * workforce's EHR access follows.
 */
export function runEncounters(ctx: DayCtx, patientsById: Map<string, Patient>): void {
  const { world, rng, state, t0 } = ctx;
  const docs = attendings(ctx);
  if (docs.length === 0 || world.patients.length === 0) return;
  // Clerks still employed (and already started) register today's visits.
  const registrars = world.staff.filter((s) => s.role === 'registrar' && (s.terminatedDay === undefined || ctx.day < s.terminatedDay) && (s.startDay === undefined || ctx.day >= s.startDay));
  const operator = () => (registrars.length ? rng.pick(registrars).username : 'interface');
  const bedsTarget = Math.round((world.profile === 'clinic' ? 0 : world.profile === 'hospital' ? 500 : 1800) * 0.8);
  const end = t0 + DAY;
  state.today = [];
  // Discharges first (stays that end today).
  const staying: Encounter[] = [];
  for (const e of state.inpatients) {
    if (e.end < end) {
      const pt = patientsById.get(e.patient)!;
      adt(ctx, e, 'A03', e.end, operator(), pt);
      state.discharged.push(e);
    } else staying.push(e);
  }
  state.inpatients = staying;
  if (state.discharged.length > 5000) state.discharged.splice(0, state.discharged.length - 5000);
  const newStay = (kind: 'I' | 'O' | 'E', start: number, lengthMs: number, unit: string, department?: string): Encounter => {
    const pt = rng.pick(world.patients);
    const doc = rng.pick(docs);
    const registeredBy = operator();
    const e: Encounter = {
      id: `V${String(++state.visitSeq).padStart(8, '0')}`, patient: pt.id, kind, unit,
      // An inpatient stay belongs to its attending's service (PV1-10), whichever ward it lies on.
      department: department ?? doc.department, attending: doc.username, start, end: start + lengthMs, orders: [], registeredBy,
    };
    // Clinic visits are registered ahead (check-in, chart preparation); admissions and ED arrivals as they happen.
    const announced = kind === 'O' ? start - rng.int(60, 180) * MIN : start;
    adt(ctx, e, kind === 'I' ? 'A01' : 'A04', announced, registeredBy, pt);
    placeOrders(ctx, e);
    return e;
  };
  // Admissions: fill toward the target census (a short first day fills the wards).
  const missing = Math.max(0, bedsTarget - state.inpatients.length);
  const admissions = ctx.day === 0 ? missing : Math.min(missing, rng.poisson(bedsTarget / 4.2));
  const wards = world.units.filter((u) => u !== 'ED' && u !== 'Clinic');
  for (let i = 0; i < admissions; i++) {
    const unit = wards.length ? rng.pick(wards) : 'Clinic';
    const start = ctx.day === 0 && i < missing * 0.9 ? t0 + rng.int(0, 30) * MIN : t0 + rng.int(0, 23) * HOUR + rng.int(0, 59) * MIN;
    const e = newStay('I', start, rng.exp(4.2 * DAY) + 6 * HOUR, unit);
    state.inpatients.push(e);
    state.today.push(e);
    // A few move ward the next morning.
    if (rng.chance(0.1) && wards.length > 1) {
      const pt = patientsById.get(e.patient)!;
      const moved = { ...e, unit: rng.pick(wards) };
      adt(ctx, moved, 'A02', start + rng.int(2, 10) * HOUR, operator(), pt);
    }
  }
  // ED visits and outpatient visits (weekdays for clinics).
  if (world.profile !== 'clinic') {
    for (let i = 0, n = rng.poisson(bedsTarget * 0.3); i < n; i++) {
      state.today.push(newStay('E', t0 + rng.int(0, 1439) * MIN, rng.int(2, 8) * HOUR, 'ED', 'Emergency'));
    }
  }
  if (ctx.dow < 5 || world.profile !== 'clinic') {
    const physicians = world.staff.filter((s) => s.role === 'physician' && s.shift === 'office').length;
    const n = rng.poisson(Math.max(10, physicians * (ctx.dow < 5 ? 14 : 2)));
    const support = new Set(['Registration', 'Billing', 'Health Information', 'IT', 'Administration', 'Human Resources', 'Laboratory', 'Pharmacy', 'Radiology']);
    const depts = world.departments.filter((x) => !support.has(x));
    for (let i = 0; i < n; i++) {
      const dept = rng.pick(depts.length ? depts : world.departments);
      // A clinic's visits are all seen in the one clinic (its nurses' unit), under the visit's department.
      state.today.push(newStay('O', t0 + (8 * 60 + rng.int(0, 520)) * MIN, rng.int(15, 45) * MIN, world.units.includes('Clinic') ? 'Clinic' : dept, dept));
    }
  }
}
