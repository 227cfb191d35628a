import type { Rng } from '../rng.js';
import { FAMILY, GIVEN, STREETS, TOWNS } from './names.js';
import type { Profile } from './profiles.js';
import type { SyntheaPatient } from './synthea.js';
import type { Patient, Role, ShiftName, Staff, StaffKind } from './types.js';

/** Share of the workforce per role (the rest of the clinic/hospital shape follows from it). */
const ROLE_MIX: ReadonlyArray<readonly [Role, number]> = [
  ['nurse', 38], ['physician', 10], ['resident', 5], ['pharmacist', 3], ['lab_tech', 5], ['radiology_tech', 4],
  ['registrar', 7], ['billing', 4], ['him_coder', 3], ['it_admin', 3], ['administrator', 10], ['therapist', 8],
];
/** Roles only a hospital with beds has: they move and plan for inpatients. */
const WARD_ROLES: ReadonlyArray<readonly [Role, number]> = [['transport', 3], ['case_manager', 2]];

const OFFICE_DEPT: Partial<Record<Role, string>> = {
  pharmacist: 'Pharmacy', lab_tech: 'Laboratory', radiology_tech: 'Radiology', registrar: 'Registration',
  billing: 'Billing', him_coder: 'Health Information', it_admin: 'IT', administrator: 'Administration',
  transport: 'Administration', case_manager: 'Administration',
};

function address(rng: Rng): string {
  return `${rng.int(1, 120)} ${rng.pick(STREETS)}, ${rng.pick(TOWNS)}`;
}

function clinicalDepartments(profile: Profile): string[] {
  const support = new Set(['Registration', 'Billing', 'Health Information', 'IT', 'Administration', 'Human Resources', 'Laboratory', 'Pharmacy', 'Radiology']);
  const d = profile.departments.filter((x) => !support.has(x));
  return d.length ? d : profile.departments;
}

/**
 * The workforce of a profile: roles, departments, units, shifts, float-pool and agency nurses,
 * rotating residents, IT admins with separate Linux accounts, and a few terminations in the run.
 *
 * @example
 * buildStaff(new Rng('1'), PROFILES.clinic, 30).length // 45
 */
export function buildStaff(rng: Rng, profile: Profile, days: number): Staff[] {
  const staff: Staff[] = [];
  const used = new Map<string, number>();
  const clinical = clinicalDepartments(profile);
  const depts = new Set(profile.departments);
  for (let i = 0; i < profile.staff; i++) {
    // The first few are fixed so even a clinic has IT and registration.
    const role: Role = i === 0 || i === 1 ? 'it_admin' : i === 2 ? 'registrar' : i === 3 ? 'physician' : i === 4 ? 'billing' : rng.weighted(profile.beds > 0 ? [...ROLE_MIX, ...WARD_ROLES] : ROLE_MIX);
    const given = rng.pick(GIVEN);
    const family = rng.pick(FAMILY);
    const base = `${given[0]}${family}`.toLowerCase().replace(/[^a-z]/g, '');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const username = n === 1 ? base : `${base}${n}`;
    let kind: StaffKind = 'employee';
    let shift: ShiftName = 'office';
    let department = OFFICE_DEPT[role] ?? rng.pick(clinical);
    if (!depts.has(department)) department = rng.pick(profile.departments);
    let unit: string | undefined;
    let rotations: string[] | undefined;
    if (role === 'nurse') {
      kind = rng.weighted([['employee', 85], ['float', 9], ['agency', 6]]);
      shift = profile.beds === 0 ? 'office' : rng.weighted([['day', 50], ['night', 35], ['evening', 15]]);
      unit = rng.pick(profile.units);
    } else if (role === 'physician') {
      shift = profile.beds === 0 ? 'office' : rng.weighted([['office', 55], ['day', 30], ['night', 15]]);
    } else if (role === 'resident') {
      kind = 'resident';
      shift = profile.beds === 0 ? 'office' : rng.weighted([['day', 70], ['night', 30]]);
      rotations = rng.sample(clinical, 4);
      department = rotations[0] ?? department;
    } else if (role === 'transport') {
      shift = rng.weighted([['day', 60], ['evening', 25], ['night', 15]]);
    } else if (role === 'registrar' && profile.beds > 0 && rng.chance(0.4)) {
      shift = rng.pick(['day', 'night', 'evening'] as const);
    } else if (role === 'it_admin' && i === 1 && profile.staff < 100) {
      kind = 'contractor';
    }
    const s: Staff = {
      id: `E${String(10001 + i)}`,
      username, given, family,
      email: `${username}@${profile.domain}`,
      role, kind, department, shift,
      rota: rng.int(0, 6),
      address: address(rng),
      family_patients: [],
      travels: rng.chance(0.04),
    };
    if (unit !== undefined) s.unit = unit;
    if (rotations !== undefined) s.rotations = rotations;
    if (role === 'it_admin') s.adminAccount = `adm-${username}`;
    if (kind === 'agency') s.startDay = rng.int(0, Math.max(0, days - 3));
    // About one person in 200 leaves during a month.
    if (i > 5 && rng.chance(0.005 * Math.max(1, days / 30))) s.terminatedDay = rng.int(1, Math.max(1, days - 1));
    staff.push(s);
  }
  return staff;
}

/**
 * Patients: Synthea's first, then synthetic ones; a few VIPs and sensitive records; staff who
 * are patients; relatives of staff (same surname and address); neighbours of staff.
 *
 * @example
 * buildPatients(new Rng('1'), PROFILES.clinic, [], staff).length // 400 + staff-patients
 */
export function buildPatients(rng: Rng, profile: Profile, synthea: SyntheaPatient[], staff: Staff[]): Patient[] {
  const patients: Patient[] = [];
  let next = 1000001;
  const mrn = () => `MRN${String(next++)}`;
  for (const p of synthea) {
    patients.push({ id: mrn(), given: p.given, family: p.family, birthDate: p.birthDate, sex: p.sex, address: p.address, vip: false, sensitivity: [], origin: 'synthea' });
  }
  for (let i = 0; i < profile.patients; i++) {
    const year = rng.int(1930, 2024);
    patients.push({
      id: mrn(), given: rng.pick(GIVEN), family: rng.pick(FAMILY),
      birthDate: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      sex: rng.chance(0.5) ? 'F' : 'M', address: address(rng), vip: false, sensitivity: [], origin: 'synthetic',
    });
  }
  const vips = Math.max(2, Math.round(patients.length * 0.002));
  for (const p of rng.sample(patients, vips)) { p.vip = true; p.sensitivity.push('CEL'); }
  for (const p of patients) {
    if (rng.chance(0.03)) p.sensitivity.push('PSY');
    else if (rng.chance(0.005)) p.sensitivity.push('HIV');
  }
  // Staff who are also patients, and relatives of staff.
  for (const s of staff) {
    if (rng.chance(0.1)) {
      const p: Patient = {
        id: mrn(), given: s.given, family: s.family, birthDate: `${rng.int(1960, 2000)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
        sex: rng.chance(0.5) ? 'F' : 'M', address: s.address, vip: false, sensitivity: ['EMP'], origin: 'synthetic', staffId: s.id,
      };
      patients.push(p);
      s.patientId = p.id;
    }
    if (rng.chance(0.04)) {
      const p: Patient = {
        id: mrn(), given: rng.pick(GIVEN), family: s.family, birthDate: `${rng.int(1940, 2015)}-0${rng.int(1, 9)}-2${rng.int(0, 8)}`,
        sex: rng.chance(0.5) ? 'F' : 'M', address: s.address, vip: false, sensitivity: [], origin: 'synthetic',
      };
      patients.push(p);
      s.family_patients.push(p.id);
    }
  }
  return patients;
}
