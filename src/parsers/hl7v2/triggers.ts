/**
 * What a message type and trigger event mean for Wardwatch: an `event.action` name, the
 * `ehr.action`, the ECS `event.type` and the FHIR resource type the message is about.
 */

/**
 * Semantics of one trigger event.
 *
 * @example
 * const t: Trigger = { action: 'admit', ehr: 'create', type: 'creation', resource: 'Encounter' };
 */
export interface Trigger {
  action: string;
  /** `undefined` when the message is not itself a change to a record (billing, queries). */
  ehr: 'create' | 'update' | 'delete' | 'view' | undefined;
  type: 'creation' | 'change' | 'deletion' | 'info';
  resource: string;
}

const t = (action: string, ehr: NonNullable<Trigger['ehr']>, resource: string): Trigger => ({
  action,
  ehr,
  type: ehr === 'create' ? 'creation' : ehr === 'delete' ? 'deletion' : ehr === 'view' ? 'info' : 'change',
  resource,
});

/** ADT triggers (HL7 table 0003). */
const ADT: Record<string, Trigger> = {
  A01: t('admit', 'create', 'Encounter'), A02: t('transfer', 'update', 'Encounter'), A03: t('discharge', 'update', 'Encounter'),
  A04: t('register', 'create', 'Encounter'), A05: t('pre_admit', 'create', 'Encounter'),
  A06: t('change_outpatient_to_inpatient', 'update', 'Encounter'), A07: t('change_inpatient_to_outpatient', 'update', 'Encounter'),
  A08: t('update_patient_information', 'update', 'Patient'), A09: t('patient_departing', 'update', 'Encounter'),
  A10: t('patient_arriving', 'update', 'Encounter'), A11: t('cancel_admit', 'delete', 'Encounter'),
  A12: t('cancel_transfer', 'update', 'Encounter'), A13: t('cancel_discharge', 'update', 'Encounter'),
  A14: t('pending_admit', 'create', 'Encounter'), A15: t('pending_transfer', 'update', 'Encounter'),
  A16: t('pending_discharge', 'update', 'Encounter'), A17: t('swap_patients', 'update', 'Encounter'),
  A18: t('merge_patient_information', 'update', 'Patient'), A21: t('leave_of_absence_out', 'update', 'Encounter'),
  A22: t('leave_of_absence_return', 'update', 'Encounter'), A23: t('delete_visit', 'delete', 'Encounter'),
  A24: t('link_patients', 'update', 'Patient'), A25: t('cancel_pending_discharge', 'update', 'Encounter'),
  A26: t('cancel_pending_transfer', 'update', 'Encounter'), A27: t('cancel_pending_admit', 'delete', 'Encounter'),
  A28: t('add_person', 'create', 'Patient'), A29: t('delete_person', 'delete', 'Patient'), A30: t('merge_person', 'update', 'Patient'),
  A31: t('update_person', 'update', 'Patient'), A32: t('cancel_patient_arriving', 'update', 'Encounter'),
  A33: t('cancel_patient_departing', 'update', 'Encounter'), A34: t('merge_patient_id', 'update', 'Patient'),
  A35: t('merge_account', 'update', 'Account'), A36: t('merge_patient_id_and_account', 'update', 'Patient'),
  A37: t('unlink_patients', 'update', 'Patient'), A38: t('cancel_pre_admit', 'delete', 'Encounter'),
  A39: t('merge_person', 'update', 'Patient'), A40: t('merge_patient_identifier_list', 'update', 'Patient'),
  A41: t('merge_account', 'update', 'Account'), A42: t('merge_visit', 'update', 'Encounter'),
  A43: t('move_patient_information', 'update', 'Patient'), A44: t('move_account_information', 'update', 'Account'),
  A45: t('move_visit_information', 'update', 'Encounter'), A46: t('change_patient_id', 'update', 'Patient'),
  A47: t('change_patient_identifier_list', 'update', 'Patient'), A48: t('change_alternate_patient_id', 'update', 'Patient'),
  A49: t('change_patient_account', 'update', 'Account'), A50: t('change_visit_number', 'update', 'Encounter'),
  A51: t('change_alternate_visit_id', 'update', 'Encounter'), A52: t('cancel_leave_of_absence', 'update', 'Encounter'),
  A53: t('cancel_leave_of_absence_return', 'update', 'Encounter'), A54: t('change_attending_doctor', 'update', 'Encounter'),
  A55: t('cancel_change_attending_doctor', 'update', 'Encounter'), A60: t('update_allergy_information', 'update', 'AllergyIntolerance'),
  A61: t('change_consulting_doctor', 'update', 'Encounter'), A62: t('cancel_change_consulting_doctor', 'update', 'Encounter'),
};

const SIU: Record<string, Trigger> = {
  S12: t('new_appointment', 'create', 'Appointment'), S13: t('reschedule_appointment', 'update', 'Appointment'),
  S14: t('modify_appointment', 'update', 'Appointment'), S15: t('cancel_appointment', 'delete', 'Appointment'),
  S16: t('discontinue_appointment', 'update', 'Appointment'), S17: t('delete_appointment', 'delete', 'Appointment'),
  S26: t('appointment_no_show', 'update', 'Appointment'),
};

const MDM: Record<string, Trigger> = {
  T01: t('document_created', 'create', 'DocumentReference'), T02: t('document_created', 'create', 'DocumentReference'),
  T03: t('document_status_changed', 'update', 'DocumentReference'), T04: t('document_status_changed', 'update', 'DocumentReference'),
  T05: t('document_addendum', 'update', 'DocumentReference'), T06: t('document_addendum', 'update', 'DocumentReference'),
  T07: t('document_edited', 'update', 'DocumentReference'), T08: t('document_edited', 'update', 'DocumentReference'),
  T09: t('document_replaced', 'update', 'DocumentReference'), T10: t('document_replaced', 'update', 'DocumentReference'),
  T11: t('document_cancelled', 'delete', 'DocumentReference'),
};

/** ORC-1 order control codes (table 0119) → create/update/delete of the order. */
const ORDER_CONTROL: Record<string, NonNullable<Trigger['ehr']>> = {
  NW: 'create', CH: 'create', RO: 'create', XO: 'update', SC: 'update', SS: 'view', OK: 'update', RE: 'create',
  CA: 'delete', OC: 'delete', DC: 'delete', OD: 'delete', CR: 'delete', DR: 'delete', HD: 'update', RL: 'update',
  XX: 'update', RP: 'update', RU: 'update', SN: 'create', NA: 'update', PA: 'update', CN: 'create',
};

/** Resource type of message types without a trigger table. */
const RESOURCE: Record<string, string> = {
  ORM: 'ServiceRequest', OML: 'ServiceRequest', OMG: 'ServiceRequest', ORU: 'Observation', OUL: 'Observation',
  VXU: 'Immunization', RDE: 'MedicationRequest', RDS: 'MedicationDispense', BAR: 'Account', DFT: 'ChargeItem',
  REF: 'ServiceRequest', PPR: 'Condition', ADT: 'Encounter', SIU: 'Appointment', MDM: 'DocumentReference',
};

/**
 * The semantics of a message: from the trigger tables for ADT, SIU and MDM; from ORC-1 for orders;
 * results (ORU/OUL) are observations created; anything else is `<type>_<trigger>` with `info`.
 *
 * @example
 * triggerOf('ADT', 'A01', '') // { action: 'admit', ehr: 'create', type: 'creation', resource: 'Encounter' }
 * triggerOf('ORM', 'O01', 'CA') // { action: 'order_cancelled', ehr: 'delete', … }
 */
export function triggerOf(type: string, trigger: string, orderControl: string): Trigger {
  const table = type === 'ADT' ? ADT : type === 'SIU' ? SIU : type === 'MDM' ? MDM : undefined;
  const known = table?.[trigger];
  if (known) return known;
  const resource = RESOURCE[type] ?? 'Unknown';
  if (type === 'ORU' || type === 'OUL') return t('result', 'create', resource);
  const oc = ORDER_CONTROL[orderControl];
  if (oc !== undefined && /^(ORM|OML|OMG|RDE|RDS|REF)$/.test(type)) {
    const verb = oc === 'create' ? 'order_placed' : oc === 'delete' ? 'order_cancelled' : oc === 'view' ? 'order_status_request' : 'order_changed';
    return t(verb, oc, resource);
  }
  return { action: `${type}_${trigger}`.toLowerCase().replace(/[^a-z0-9_]/g, '') || 'message', ehr: undefined, type: 'info', resource };
}
