import type { ProfileName } from './profiles.js';
import type { SiteStyle } from './site-style.js';

/** When someone works: the hours of a shift (local = UTC in the simulation). */
export type ShiftName = 'day' | 'evening' | 'night' | 'office';

/** How a person is employed: float-pool and agency staff move between units; residents rotate. */
export type StaffKind = 'employee' | 'float' | 'resident' | 'agency' | 'contractor';

export type Role =
  | 'physician' | 'resident' | 'nurse' | 'pharmacist' | 'lab_tech' | 'radiology_tech' | 'registrar'
  | 'billing' | 'him_coder' | 'it_admin' | 'administrator' | 'therapist' | 'transport' | 'case_manager';

/** A member of the workforce, with an AD account and (for IT) a separate Linux admin account. */
export interface Staff {
  id: string;
  username: string;
  given: string;
  family: string;
  email: string;
  role: Role;
  kind: StaffKind;
  department: string;
  /** Ward for nurses; float nurses get a different one each shift. */
  unit?: string;
  shift: ShiftName;
  /** Offset (0..6) of the weekly pattern, so rosters do not all start on Monday. */
  rota: number;
  /** Address, for the neighbour scenarios. */
  address: string;
  /** Day index from which the account should no longer be used (left the organisation). */
  terminatedDay?: number;
  /** First day of work (agency staff arrive mid-run). */
  startDay?: number;
  /** Departments a resident rotates through, four weeks each. */
  rotations?: string[];
  /** Linux admin account (`adm-…`) for IT staff. */
  adminAccount?: string;
  /** The staff member's own patient record, if any. */
  patientId?: string;
  /** Patients who are relatives (same surname and address). */
  family_patients: string[];
  /** Home workstation (office staff); clinical staff use shared unit workstations. */
  workstation?: string;
  /** Home country code for VPN; a few travel. */
  travels: boolean;
}

/** A patient record in the EHR. */
export interface Patient {
  /** Medical record number: the EHR's patient id. */
  id: string;
  given: string;
  family: string;
  birthDate: string;
  sex: 'M' | 'F';
  address: string;
  vip: boolean;
  /** HL7 v3 confidentiality / sensitivity codes (`CEL`, `EMP`, `PSY`, `HIV`, …). */
  sensitivity: string[];
  /** `synthea` when drawn from the shared Synthea sample. */
  origin: 'synthea' | 'synthetic';
  /** Staff id when the patient is also an employee. */
  staffId?: string;
}

export type ServerRole = 'ehr' | 'pacs' | 'hl7' | 'ad' | 'vpn' | 'mail' | 'file' | 'bastion' | 'linux' | 'fhir';

export interface Server {
  name: string;
  ip: string;
  role: ServerRole;
  os: 'linux' | 'windows' | 'appliance';
}

export interface Workstation {
  name: string;
  ip: string;
  department: string;
  unit?: string;
}

/** A medical device and how it behaves on the network. */
export interface Device {
  id: string;
  type: string;
  manufacturer: string;
  model: string;
  firmware: string;
  serial: string;
  ip: string;
  unit: string;
  protocol: 'hl7-mllp' | 'dicom' | 'mqtt' | 'https';
  /** Where it sends data: server IP and port. */
  dest: { ip: string; port: number; service: string };
  criticality: 'life_critical' | 'high' | 'medium' | 'low';
  /** Seconds between telemetry reports. */
  periodSec: number;
  /** Metric names and their normal mean and spread. */
  metrics: Array<[string, number, number]>;
}

/** The simulated organisation: people, patients, machines. Built once from profile + seed. */
export interface World {
  profile: ProfileName;
  seed: string;
  org: string;
  domain: string;
  /** Epoch ms of midnight UTC of day 0. */
  start: number;
  days: number;
  staff: Staff[];
  patients: Patient[];
  servers: Server[];
  workstations: Workstation[];
  devices: Device[];
  departments: string[];
  units: string[];
  /** Public IP of the organisation's NAT (outbound web, mail). */
  egressIp: string;
  /** How this site names roles, which work no care link records, and how its FHIR export is shaped (per seed). */
  site: SiteStyle;
}
