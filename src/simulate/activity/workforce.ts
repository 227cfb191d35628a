import { DAY, HOUR, MIN, departmentOn, shiftOf, type DayCtx, type Encounter } from '../context.js';
import { ehrCsvLine, fhirAuditLine } from '../formats/ehr.js';
import { winLogonLine } from '../formats/ecs-auth.js';
import type { Rng } from '../rng.js';
import type { Staff, Workstation } from '../world/types.js';
import { browse, lookupAndConnect } from './network.js';

/** The address of the VDI (Citrix) gateway some staff log on through. */
export const VDI_GATEWAY = '10.10.9.10';

/** Workstations by unit and by department, for picking where someone sits. */
export interface Desks {
  byPlace: Map<string, Workstation[]>;
  all: Workstation[];
  byName: Map<string, Workstation>;
}

export function desks(ws: Workstation[]): Desks {
  const byPlace = new Map<string, Workstation[]>();
  for (const w of ws) {
    for (const k of [w.unit, w.department]) {
      if (k === undefined) continue;
      const list = byPlace.get(k) ?? [];
      list.push(w);
      byPlace.set(k, list);
    }
  }
  return { byPlace, all: ws, byName: new Map(ws.map((w) => [w.name, w])) };
}

function seatOf(s: Staff, place: string, d: Desks, rng: Rng): Workstation {
  if (s.workstation) {
    const mine = d.byName.get(s.workstation);
    if (mine) return mine;
  }
  const local = d.byPlace.get(place);
  return local && local.length ? rng.pick(local) : rng.pick(d.all);
}

const overlap = (e: Encounter, a: number, b: number) => e.start < b && e.end > a;
const ORDER_ROLES: ReadonlySet<string> = new Set(['pharmacist', 'lab_tech', 'radiology_tech']);
const ordered = (list: Encounter[], dept: string) => [...new Set(list)].filter((e) => e.orders.some((o) => o.dept === dept));

/** The patients a staff member has reason to open during a shift, with a reason when it is not plain treatment. */
function caseload(ctx: DayCtx, s: Staff, unit: string, dept: string, a: number, b: number): Array<{ e: Encounter; n: number; reason?: string; breakGlass?: boolean; action?: string }> {
  const { rng, state, monthEnd } = ctx;
  const out: Array<{ e: Encounter; n: number; reason?: string; breakGlass?: boolean; action?: string }> = [];
  const inpat = state.inpatients.filter((e) => overlap(e, a, b));
  const today = state.today.filter((e) => overlap(e, a - 2 * HOUR, b));
  const pickN = (list: Encounter[], k: number, n: [number, number], extra: { reason?: string; action?: string } = {}) => {
    for (const e of rng.sample(list, k)) out.push({ e, n: rng.int(n[0], n[1]), ...extra });
  };
  switch (s.role) {
    case 'nurse': {
      const mine = inpat.filter((e) => e.unit === unit);
      if (unit === 'ED') {
        const ed = today.filter((e) => e.kind === 'E');
        for (const e of rng.sample(ed, rng.int(4, 8))) {
          const bg = rng.chance(0.02);
          out.push({ e, n: rng.int(3, 7), ...(bg ? { breakGlass: true, reason: 'Emergency treatment - patient unable to consent' } : {}) });
        }
      } else pickN(mine.length ? mine : today, rng.int(4, 6), [4, 9]);
      break;
    }
    case 'physician':
    case 'resident': {
      pickN(today.filter((e) => e.attending === s.username), 40, [2, 4]);
      pickN(inpat.filter((e) => e.attending === s.username), 30, [2, 5]);
      // Night physicians cover their service's other patients; residents work on their rotation's service.
      const service = inpat.filter((e) => e.attending !== s.username && e.department === dept);
      if (s.shift === 'night') pickN(service, rng.int(4, 10), [1, 3], { reason: 'cross-cover' });
      if (s.role === 'resident') pickN(service, rng.int(4, 10), [1, 4]);
      break;
    }
    // Pharmacy, laboratory and radiology work the orders placed with them (open ones and the day's).
    case 'pharmacist': pickN(ordered(inpat.length ? inpat : today, 'Pharmacy'), rng.int(25, 50), [1, 2]); break;
    case 'lab_tech': pickN(ordered([...today, ...inpat], 'Laboratory'), rng.int(25, 45), [1, 2], { action: 'update' }); break;
    case 'radiology_tech': pickN(ordered([...today, ...inpat], 'Radiology'), rng.int(8, 18), [1, 3]); break;
    case 'registrar': pickN(today.filter((e) => e.registeredBy === s.username), 40, [1, 2], { action: 'update' }); break;
    case 'billing':
      if (monthEnd) pickN(state.discharged.length ? state.discharged : today, rng.int(150, 300), [1, 2], { reason: 'month-end billing' });
      else pickN(state.discharged.length ? state.discharged : today, rng.int(12, 30), [1, 2]);
      break;
    case 'him_coder': pickN(state.discharged.length ? state.discharged : today, rng.int(20, 40), [1, 3]); break;
    // Therapists see the inpatients of their service.
    case 'therapist': pickN(inpat.filter((e) => e.department === dept), rng.int(6, 14), [1, 3]); break;
    // Transport opens the chart of each patient it moves (anywhere in the house); case managers plan discharges hospital-wide.
    case 'transport': pickN(inpat, rng.int(8, 20), [1, 1]); break;
    case 'case_manager': pickN(inpat, rng.int(10, 25), [1, 2]); break;
    default: break;
  }
  // Legitimate work no feed records: a nurse helping the next ward for an hour, a curbside consult on a
  // colleague's patient in another service. The detector sees these as unexplained (the false-positive test).
  if ((s.role === 'nurse' && rng.chance(1 / 3)) || ((s.role === 'physician' || s.role === 'resident') && rng.chance(1 / 5))) {
    const elsewhere = inpat.filter((e) => (s.role === 'nurse' ? e.unit !== unit : e.department !== dept));
    pickN(elsewhere, rng.int(1, 4), [1, 3], { reason: s.role === 'nurse' ? 'helping another unit' : 'curbside consult' });
  }
  return out;
}

/**
 * One day of the workforce: shifts, Windows logons (with the odd typo), EHR access that follows
 * the treatment relationships, FHIR app use, and the network traffic of their workstations.
 */
export function runWorkforce(ctx: DayCtx, d: Desks): void {
  const { world, rng, emit, t0, dow, day } = ctx;
  const domain = world.domain.split('.')[0]!.toUpperCase();
  for (const s of world.staff) {
    const shift = shiftOf(s, day, t0, dow);
    if (!shift) continue;
    if (rng.chance(0.03)) continue; // sick day, leave
    const [a, b] = shift;
    const dept = departmentOn(s, day);
    const unit = s.kind === 'float' || s.kind === 'agency' ? rng.pick(world.units) : s.unit ?? dept;
    const seat = seatOf(s, s.role === 'nurse' ? unit : dept, d, rng);
    const vdi = s.id.charCodeAt(s.id.length - 1) % 6 === 0;
    const src = vdi ? VDI_GATEWAY : seat.ip;
    const logons = s.role === 'nurse' ? rng.int(5, 10) : rng.int(2, 4);
    for (let i = 0; i < logons; i++) {
      const t = a + Math.floor(((b - a) * (i + rng.next())) / logons);
      const host = rng.chance(0.5) ? 'dc01' : 'dc02';
      if (rng.chance(0.025)) {
        for (let k = 0, n = rng.chance(0.1) ? 3 : 1; k < n; k++) {
          const tf = t - (n - k) * rng.int(4, 15) * 1000;
          emit('windows', tf, winLogonLine({ t: tf, user: s.username, domain, sourceIp: src, host, success: false, logonType: 2, subStatus: '0xC000006A' }));
        }
      }
      emit('windows', t, winLogonLine({ t, user: s.username, domain, sourceIp: src, host, success: true, logonType: vdi ? 10 : 2 }));
      const ehr = world.servers.find((x) => x.role === 'ehr')!;
      lookupAndConnect(ctx, t + 2000, seat.ip, `${ehr.name}.${world.domain}`, ehr.ip, 443, 'ssl', [rng.int(20_000, 300_000), rng.int(200_000, 8_000_000)], rng.int(600, 7200));
      if (rng.chance(0.4)) browse(ctx, t + rng.int(5, 120) * MIN, seat.ip);
    }
    // EHR access along the caseload.
    const roleName = world.site.roleLabel[s.role];
    // Nurses log in to the EHR on their ward: the access log shows the ward as their department.
    const logDept = s.role === 'nurse' ? unit : dept;
    for (const c of caseload(ctx, s, unit, dept, a, b)) {
      // Order-driven work (pharmacy, laboratory, radiology) starts once the order is placed.
      const order = c.e.orders.find((o) => o.dept === dept);
      const from = Math.max(a, c.e.start - (c.e.kind === 'O' ? 30 * MIN : 0), order && ORDER_ROLES.has(s.role) ? order.t + MIN : 0);
      const to = Math.min(b, c.e.kind === 'I' ? b : c.e.end + 2 * HOUR, t0 + DAY + 12 * HOUR);
      if (to <= from) continue;
      const viaApp = s.role === 'physician' && rng.chance(0.15);
      for (let k = 0; k < c.n; k++) {
        const t = from + Math.floor(rng.next() * (to - from));
        const action = c.action ?? (rng.chance(0.75) ? 'view' : rng.chance(0.85) ? 'update' : 'print');
        if (viaApp) {
          emit('fhir', t, fhirAuditLine({
            t, id: `ae-${ctx.ids.seq()}`, agent: s.username, agentType: 'staff', app: 'RoundingApp', sourceIp: seat.ip,
            patient: c.e.patient, action: action === 'view' || action === 'print' ? 'R' : 'U', resource: rng.pick(['Observation', 'MedicationRequest', 'Condition', 'DocumentReference']),
            purpose: 'TREAT',
          }));
        } else {
          emit('ehr', t, ehrCsvLine({
            t, user: s.username, role: roleName, department: logDept, workstation: seat.name, patient: c.e.patient, action,
            ...(c.reason ? { reason: c.reason } : {}), ...(c.breakGlass ? { breakGlass: true } : {}),
          }));
        }
      }
    }
  }
  runPortal(ctx);
}

/** Patients reading their own record through the portal app (FHIR API, the patient as agent). */
function runPortal(ctx: DayCtx): void {
  const { rng, state, t0, emit } = ctx;
  const pool = [...state.inpatients, ...state.today, ...state.discharged.slice(-200)];
  for (let i = 0, n = Math.round(pool.length / 8); i < n; i++) {
    const e = rng.pick(pool);
    const t = t0 + rng.int(6 * 60, 23 * 60) * MIN + rng.int(0, 59_999);
    emit('fhir', t, fhirAuditLine({
      t, id: `ae-${ctx.ids.seq()}`, agent: e.patient, agentType: 'patient', app: 'PatientPortal', sourceIp: `73.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 250)}`,
      patient: e.patient, action: 'R', resource: rng.pick(['Observation', 'DiagnosticReport', 'Appointment', 'MedicationRequest']), purpose: 'PATRQT',
    }));
  }
}
