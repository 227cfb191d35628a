/** The size and shape of a simulated organisation. */
export interface Profile {
  name: ProfileName;
  /** Organisation display name and mail/AD domain. */
  org: string;
  domain: string;
  sites: string[];
  staff: number;
  beds: number;
  /** Synthetic patients added to those drawn from Synthea. */
  patients: number;
  workstations: number;
  devices: number;
  departments: string[];
  /** Inpatient units (wards) that nurses are rostered to. */
  units: string[];
  /** Linux servers beside the core ones (EHR, PACS, HL7, AD, VPN, mail). */
  linuxServers: number;
}

export type ProfileName = 'clinic' | 'hospital' | 'health-system';

export const PROFILE_NAMES: readonly ProfileName[] = ['clinic', 'hospital', 'health-system'];

const CLINICAL = ['Emergency', 'Internal Medicine', 'Surgery', 'Pediatrics', 'Obstetrics', 'Cardiology', 'Oncology', 'Psychiatry', 'Radiology', 'Laboratory', 'Pharmacy', 'Intensive Care', 'Neurology', 'Orthopedics'];
const SUPPORT = ['Registration', 'Billing', 'Health Information', 'IT', 'Administration', 'Human Resources'];

/**
 * The three built-in profiles.
 *
 * @example
 * PROFILES.hospital.staff // 1500
 */
export const PROFILES: Record<ProfileName, Profile> = {
  clinic: {
    name: 'clinic', org: 'Riverside Family Clinic', domain: 'riverside-clinic.org', sites: ['RFC'],
    staff: 45, beds: 0, patients: 400, workstations: 30, devices: 12,
    departments: ['Primary Care', 'Pediatrics', 'Laboratory', 'Registration', 'Billing', 'IT'],
    units: ['Clinic'], linuxServers: 2,
  },
  hospital: {
    name: 'hospital', org: 'St. Brigid General Hospital', domain: 'stbrigid-health.org', sites: ['SBG'],
    staff: 1500, beds: 500, patients: 6000, workstations: 900, devices: 700,
    departments: [...CLINICAL, ...SUPPORT],
    units: ['ED', 'ICU', 'CCU', 'MedSurg-3', 'MedSurg-4', 'MedSurg-5', 'Peds-2', 'L&D', 'Oncology-6', 'Psych-1', 'Stepdown-7', 'PACU'],
    linuxServers: 12,
  },
  'health-system': {
    name: 'health-system', org: 'Northfield Health System', domain: 'northfield-health.org', sites: ['NHM', 'NHE', 'NHW', 'NHC'],
    staff: 6000, beds: 1800, patients: 24000, workstations: 3500, devices: 2600,
    departments: [...CLINICAL, ...SUPPORT],
    units: ['ED', 'ICU', 'CCU', 'NICU', 'MedSurg-3', 'MedSurg-4', 'MedSurg-5', 'MedSurg-6', 'Peds-2', 'L&D', 'Oncology-6', 'Psych-1', 'Stepdown-7', 'PACU', 'Rehab-8', 'Burn-9'],
    linuxServers: 40,
  },
};
