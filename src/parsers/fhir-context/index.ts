export { parseFhirContext, readFhirContext, type FhirContextResult } from './parse.js';
export type {
  ContextRecord,
  OrganizationContext,
  PatientContext,
  Period,
  Shift,
  StaffContext,
  StaffRoleContext,
  TreatmentContext,
} from './types.js';
export { readAppointment, readCareTeam, readEncounter, readServiceRequest, readOrganization, readPatient, readPractitioner, readPractitionerRole, type ContextReaders } from './resources.js';
