import type { PatientInfo, Relationship, StaffInfo } from '../core/context.js';
import type { PatientPseudonym, WardEvent } from '../core/event.js';
import { pseudonymiserFor } from '../enrich/pseudonymise/index.js';
import { readFhirContext, type ContextRecord } from '../parsers/fhir-context/index.js';
import { readWhole, walk } from '../sources/file/index.js';
import type { ContextStore } from '../store/sqlite/index.js';

type Loaded = { patients: Array<PatientInfo & { aliases: string[] }>; staff: StaffInfo[]; relationships: Relationship[] };

/** `Practitioner/123` → `123`; identifiers `system|value` → `value` (what events carry as user names). */
const tail = (s: string) => s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('|')) + 1);

/** The relationship kind for the resource it came from: an encounter, an order, an appointment, a care team. */
function relationshipKind(source: string, role: string | undefined): string {
  const type = source.split('/')[0];
  if (type === 'Encounter') return 'encounter';
  if (type === 'ServiceRequest') return 'order';
  if (type === 'Appointment') return 'appointment';
  if (type === 'CareTeam') return 'care_team';
  return role ?? 'care';
}

/**
 * Turn FHIR context records (Patient, Practitioner, PractitionerRole, Encounter, Person) into the
 * detectors' context: patients by pseudonym with their labels and join keys, staff with their
 * logins, department, shifts and employment period, and treatment relationships.
 */
export function contextFromFhir(records: ContextRecord[], organizations: ReadonlyMap<string, string> = new Map()): Loaded {
  const out: Loaded = { patients: [], staff: [], relationships: [] };
  const roleOwner = new Map<string, string>();
  for (const r of records) if (r.kind === 'staff_role' && r.practitioner) roleOwner.set(r.id, r.practitioner);
  // A department named only by reference (`organization: { reference: 'Organization/x' }`) takes the Organization's name,
  // which is what access logs and HL7 feeds call it.
  const orgName = new Map<string, string>(organizations);
  for (const r of records) if (r.kind === 'organization' && r.name) orgName.set(r.id, r.name);
  const dept = (d: string | undefined) => (d === undefined ? undefined : orgName.get(d) ?? d);
  for (const r of records) {
    switch (r.kind) {
      case 'patient':
        out.patients.push({
          id: r.id, aliases: r.aliases, vip: r.vip, sensitivity: r.sensitivity, deceased: r.deceased,
          ...(r.deceasedAt ? { deceasedAt: r.deceasedAt } : {}),
          keys: {
            ...(r.keys.family ? { family: r.keys.family } : {}),
            ...(r.keys.address ? { address: r.keys.address } : {}),
            ...(r.keys.street ? { street: r.keys.street } : {}),
            ...(r.keys.name ? { name: r.keys.name } : {}),
            ...(r.keys.birth_date ? { birthDate: r.keys.birth_date } : {}),
          },
        });
        break;
      case 'staff':
        out.staff.push({
          id: r.id, ...(r.name ? { name: r.name } : {}), logins: [tail(r.id), ...r.identifiers.map(tail)], shifts: [],
          ...(r.keys ? { keys: { ...r.keys } } : {}),
        });
        break;
      case 'staff_role':
        if (!r.practitioner) break;
        out.staff.push({
          id: r.practitioner,
          logins: [],
          ...(dept(r.department) ? { department: dept(r.department)! } : {}),
          ...(r.roles[0] ? { role: r.roles[0] } : {}),
          shifts: r.shifts.map((s) => ({ days: s.days, allDay: s.allDay, ...(s.start ? { start: s.start } : {}), ...(s.end ? { end: s.end } : {}) })),
          ...(r.period ? { active: { ...(r.period.from ? { from: r.period.from } : {}), ...(r.period.to ? { to: r.period.to } : {}) } } : {}),
        });
        break;
      case 'treatment': {
        const staffId = r.practitioner ? roleOwner.get(r.practitioner) ?? r.practitioner : undefined;
        out.relationships.push({
          patient: r.patient,
          kind: relationshipKind(r.source, r.role),
          source: r.source,
          ...(staffId ? { staffId } : {}),
          ...(dept(r.department) ? { department: dept(r.department)! } : {}),
          ...(r.period?.from ? { from: r.period.from } : {}),
          ...(r.period?.to ? { to: r.period.to } : {}),
        });
        break;
      }
      default:
        break;
    }
  }
  // Staff who are also patients: each side learns the other.
  const links = records.filter((r): r is Extract<ContextRecord, { kind: 'person_link' }> => r.kind === 'person_link');
  if (links.length > 0) {
    const patients = new Map(out.patients.map((p) => [p.id as string, p]));
    for (const l of links) {
      const p = patients.get(l.patient);
      if (p) p.staffId = l.practitioner;
      out.staff.push({ id: l.practitioner, logins: [], shifts: [], patientId: l.patient });
    }
  }
  return out;
}

interface Hl7Relationship {
  patient?: string;
  practitioners?: Array<{ role?: string; id?: string }>;
  department?: string;
  hospital_service?: string;
  performing_department?: string;
  period?: { start?: string; end?: string };
}

/**
 * Treatment relationships carried by events (HL7 ADT/ORM/SIU `ehr.relationship`: attending,
 * referring, consulting practitioners, the registering clerk, the department and the section
 * performing an order, with the admission period).
 */
export function relationshipsFromEvents(events: WardEvent[]): Relationship[] {
  const out: Relationship[] = [];
  for (const e of events) {
    const rel = e.ehr?.relationship as Hl7Relationship | undefined;
    if (!rel?.patient) continue;
    const base = {
      patient: rel.patient as PatientPseudonym,
      source: `hl7:${e.event.id}`,
      ...(rel.period?.start ? { from: rel.period.start } : { from: e['@timestamp'] }),
      ...(rel.period?.end ? { to: rel.period.end } : {}),
    };
    if (rel.department) out.push({ ...base, kind: 'encounter', department: rel.department, source: `${base.source}:dept` });
    // The service the patient is under (PV1-10) as well as the ward they lie on: its doctors and therapists cover them.
    if (rel.hospital_service && rel.hospital_service !== rel.department) out.push({ ...base, kind: 'encounter', department: rel.hospital_service, source: `${base.source}:service` });
    // An order is work of a moment: the performing section's reason lasts from the order on (plus the after-care grace), not open-ended.
    if (rel.performing_department) out.push({ ...base, to: rel.period?.end ?? base.from, kind: 'order', department: rel.performing_department, source: `${base.source}:order` });
    for (const p of rel.practitioners ?? []) {
      if (p.id) out.push({ ...base, kind: p.role ?? 'care', staffId: p.id, source: `${base.source}:${p.role ?? ''}:${p.id}` });
    }
  }
  return out;
}

/**
 * `wardwatch context load`: read FHIR context files (resource, Bundle or NDJSON bulk export;
 * JSON or XML) into the context store, pseudonymising patients with the data directory's key.
 */
export async function loadContextFiles(
  context: ContextStore, dataDir: string, paths: string[],
  /** Report a file that cannot be read and go on with the others (default: the error ends the load). */
  onFileError?: (path: string, err: unknown) => void | Promise<void>,
): Promise<{ files: number; patients: number; staff: number; relationships: number; skipped: number }> {
  const files = await walk(paths);
  const pseudonymiser = pseudonymiserFor(dataDir);
  const totals = { files: files.length, patients: 0, staff: 0, relationships: 0, skipped: 0 };
  // Organization names first: an export folder keeps them in their own file, and rosters and encounters elsewhere refer to them.
  const organizations = new Map<string, string>();
  const staffIds = new Set<string>();
  const read: Array<ReturnType<typeof readFhirContext>> = [];
  for (const f of files) {
    let r: ReturnType<typeof readFhirContext>;
    try {
      r = readFhirContext(await readWhole(f.path), pseudonymiser, { where: f.path });
    } catch (err) {
      if (!onFileError) throw err;
      await onFileError(f.path, err);
      totals.files--;
      continue;
    }
    for (const o of r.records) if (o.kind === 'organization' && o.name) organizations.set(o.id, o.name);
    read.push(r);
  }
  for (const r of read) {
    const loaded = contextFromFhir(r.records, organizations);
    context.load(loaded);
    totals.patients += loaded.patients.length;
    // A member of staff is one, whether their Practitioner and PractitionerRole come in one file or two.
    for (const st of loaded.staff) staffIds.add(st.id);
    totals.staff = staffIds.size;
    totals.relationships += loaded.relationships.length;
    totals.skipped += Object.values(r.skipped).reduce((a, b) => a + b, 0);
  }
  return totals;
}
