import { ParseError } from '../../core/errors.js';
import type { EhrFields, PatientPseudonym } from '../../core/event.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import type { DraftEvent } from '../common/draft-event.js';
import type { ZoneResolver } from '../common/zone.js';
import { ACTION_CODES, BREAK_GLASS_PURPOSES, DICOM_ACTIONS, REST_EHR_ACTION, sensitivityCodes, VIP_LABELS } from './codes.js';
import { at, codings, conceptText, list, obj, prop, splitReference, str, type Coding, type FhirObject } from './fhir-node.js';
import { fhirTimeIso } from './fhir-time.js';
import { patientPseudonym } from './patient-ref.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REST = 'http://hl7.org/fhir/restful-interaction';
const IP = /^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]*:[0-9a-f:.]*$/i;

/**
 * What {@link auditEventToEvent} needs besides the resource.
 *
 * @example
 * const c: AuditContext = { pseudonymiser, toUtc: (l) => l, where: 'file:a.xml' };
 */
export interface AuditContext {
  pseudonymiser: Pseudonymiser;
  toUtc: ZoneResolver;
  where: string | undefined;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** The requesting agent: `requestor = true`, else a human user, else the first agent. */
function requestor(agents: FhirObject[]): FhirObject | undefined {
  return (
    agents.find((a) => str(prop(a, 'requestor')) === 'true') ??
    agents.find((a) => codings(prop(a, 'type')).some((c) => c.code === 'humanuser')) ??
    agents[0]
  );
}

/** Network of an agent: R4 `network.{address,type}`, R5 `networkString`/`networkUri`. */
function network(a: FhirObject | undefined): { address: string; kind: string | undefined } | undefined {
  if (a === undefined) return undefined;
  const r4 = obj(prop(a, 'network'));
  const address = str(prop(r4, 'address')) ?? str(prop(a, 'networkString')) ?? str(prop(a, 'networkUri'));
  return address === undefined ? undefined : { address, kind: str(prop(r4, 'type')) };
}

function setEndpoint(target: Record<string, unknown>, net: { address: string; kind: string | undefined }): void {
  target.address = net.address;
  const urnIp = /^urn:ipv[46]:(.+)$/i.exec(net.address)?.[1];
  if (urnIp !== undefined) target.ip = urnIp;
  else if (IP.test(net.address) || net.kind === '2') target.ip = net.address;
  else if (net.address.includes('://')) {
    const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(net.address)?.[1];
    if (host !== undefined) target.domain = host;
  } else if (net.kind === undefined || net.kind === '1') target.domain = net.address;
}

/**
 * Map one FHIR R4 (or R5-shaped) AuditEvent to a Wardwatch event; see docs/formats/fhir-audit.md.
 * Patient identity leaves only as a pseudonym; entity `query`, `name`, `description` and
 * `detail` values are not copied (they routinely carry patient identifiers).
 *
 * @example
 * auditEventToEvent({ resourceType: 'AuditEvent', action: 'R', recorded: '2013-06-20T23:42:24Z', agent: [] }, ctx)['@timestamp']
 * // '2013-06-20T23:42:24.000Z'
 */
export function auditEventToEvent(r: FhirObject, ctx: AuditContext, index?: number): DraftEvent {
  const where = index === undefined ? ctx.where : `${ctx.where ?? ''}#entry${index}`;
  const recordedText = str(prop(r, 'recorded'));
  if (recordedText === undefined) throw new ParseError('AuditEvent.recorded is missing', where);
  const ts = fhirTimeIso(recordedText, ctx.toUtc);
  if (ts === undefined) throw new ParseError('AuditEvent.recorded is not a FHIR instant', where);

  // R4 `type` + `subtype`; R5 `category` + `code`.
  const kinds = [...codings(prop(r, 'type')), ...codings(prop(r, 'category'))];
  const subs = [...codings(prop(r, 'subtype')), ...codings(prop(r, 'code'))];
  const actionCode = str(prop(r, 'action'));
  const ac = actionCode === undefined ? undefined : ACTION_CODES[actionCode];
  const rest = [...subs, ...kinds].find((c) => c.system === REST && c.code !== undefined && c.code !== 'rest')?.code;
  const dicom = [...subs, ...kinds].find((c) => c.system === DCM && c.code !== undefined && DICOM_ACTIONS[c.code] !== undefined);
  const firstSub = subs[0];
  const eventAction =
    rest ?? (dicom?.code !== undefined ? DICOM_ACTIONS[dicom.code] : undefined) ??
    (firstSub?.display !== undefined ? slug(firstSub.display) : firstSub?.code !== undefined ? slug(firstSub.code) : undefined) ??
    ac?.ehr ?? 'audit_event';

  let ehrAction = (rest !== undefined ? REST_EHR_ACTION[rest] : undefined) ?? ac?.ehr;
  if (eventAction === 'export' || eventAction === 'disclosure') ehrAction = 'export';
  if (eventAction === 'query') ehrAction = 'query';

  const ev: DraftEvent = { '@timestamp': ts, event: { kind: 'event', module: 'fhir-audit', dataset: 'fhir.auditevent', action: eventAction } };
  const category: string[] = [];
  const type: string[] = [];
  if (eventAction === 'login' || eventAction === 'user_authentication' || eventAction === 'node_authentication') {
    category.push('authentication', 'session');
    type.push('start');
  } else if (eventAction === 'logout') {
    category.push('authentication', 'session');
    type.push('end');
  } else if (/configuration|security_roles|security_attributes/.test(eventAction)) {
    category.push('configuration');
    type.push('change');
  } else if (eventAction === 'application_start' || eventAction === 'application_stop') {
    category.push('process');
    type.push(eventAction.endsWith('stop') ? 'end' : 'start');
  } else if (eventAction.startsWith('emergency_override') || eventAction === 'security_alert') {
    category.push('iam');
    type.push(eventAction.endsWith('stopped') ? 'end' : 'start');
  } else {
    category.push('database');
    type.push(ac?.type ?? 'access');
  }
  ev.event.category = category as NonNullable<DraftEvent['event']['category']>;
  ev.event.type = type;
  const code = kinds[0]?.code;
  if (code !== undefined) ev.event.code = code;

  // Outcome: R4 code 0/4/8/12; R5 outcome.code Coding (same codes, or issue severity).
  const outcomeCode = str(prop(r, 'outcome')) ?? codings(at(r, 'outcome', 'code'))[0]?.code;
  if (outcomeCode !== undefined) {
    ev.event.outcome = outcomeCode === '0' ? 'success' : /^(4|8|12|error|fatal)$/.test(outcomeCode) ? 'failure' : 'unknown';
  } else ev.event.outcome = 'unknown';
  const outcomeText = str(prop(r, 'outcomeDesc')) ?? conceptText(at(r, 'outcome', 'detail'));
  if (outcomeText !== undefined) ev.event.reason = outcomeText;
  const severity = str(prop(r, 'severity'));
  if (severity !== undefined) ev.event.severity = SEVERITY[severity] ?? 0;

  const ehr: EhrFields = {};
  if (ehrAction !== undefined) ehr.action = ehrAction;

  // Agents.
  const agents = list(prop(r, 'agent')).map(obj).filter((a): a is FhirObject => a !== undefined);
  const req = requestor(agents);
  if (req !== undefined) mapUser(ev, ehr, req, ctx.pseudonymiser);
  const sourceAgent = agents.find((a) => codings(prop(a, 'type')).some((c) => c.code === '110153'));
  const destAgent = agents.find((a) => codings(prop(a, 'type')).some((c) => c.code === '110152'));
  const srcNet = network(req) ?? network(sourceAgent);
  if (srcNet !== undefined) {
    ev.source = {};
    setEndpoint(ev.source, srcNet);
    if ((srcNet.kind === undefined || srcNet.kind === '1') && !srcNet.address.includes(':')) ehr.workstation = srcNet.address;
  }
  const dstNet = destAgent !== req ? network(destAgent) : undefined;
  if (dstNet !== undefined) {
    const d: Record<string, unknown> = {};
    setEndpoint(d, dstNet);
    ev.destination = d;
  }

  // Purpose of use: R4 purposeOfEvent, agent.purposeOfUse; R5 authorization.
  const purposes: Coding[] = [
    ...codings(prop(r, 'purposeOfEvent')),
    ...codings(prop(r, 'authorization')),
    ...agents.flatMap((a) => [...codings(prop(a, 'purposeOfUse')), ...codings(prop(a, 'authorization'))]),
  ];
  const purpose = purposes.find((c) => c.code !== undefined)?.code;
  if (purpose !== undefined) ehr.purpose_of_use = purpose;
  const reasonText = conceptText(prop(r, 'purposeOfEvent')) ?? conceptText(prop(r, 'authorization')) ??
    agents.map((a) => conceptText(prop(a, 'purposeOfUse')) ?? conceptText(prop(a, 'authorization'))).find((t) => t !== undefined);
  if (reasonText !== undefined) ehr.reason = reasonText;

  // Entities: the patient, the resource, their security labels.
  const entities = list(prop(r, 'entity')).map(obj).filter((e): e is FhirObject => e !== undefined);
  const labels: Coding[] = [...codings(at(r, 'meta', 'security'))];
  let patient: PatientPseudonym | undefined = patientPseudonym(ctx.pseudonymiser, prop(r, 'patient'));
  let resource: { type: string; id: string } | undefined;
  for (const e of entities) {
    labels.push(...codings(prop(e, 'securityLabel')));
    const what = prop(e, 'what') ?? prop(e, 'reference');
    const roleCodes = codings(prop(e, 'role')).map((c) => c.code);
    const typeCodes = codings(prop(e, 'type')).map((c) => c.code);
    const patientRole = roleCodes.includes('1') && (typeCodes.length === 0 || typeCodes.includes('1'));
    const pt = patientPseudonym(ctx.pseudonymiser, what, patientRole);
    if (pt !== undefined) {
      patient ??= pt;
      continue;
    }
    const ref = str(at(what, 'reference'));
    const split = ref === undefined ? undefined : splitReference(ref);
    if (split !== undefined && resource === undefined) resource = split;
  }
  if (resource !== undefined) {
    ehr.resource_type = resource.type;
    ehr.resource_id = resource.id;
  } else if (patient !== undefined) {
    ehr.resource_type = 'Patient';
    ehr.resource_id = patient;
  }
  const sensitivity = sensitivityCodes(labels);
  if (patient !== undefined || sensitivity.length > 0) {
    const p: NonNullable<EhrFields['patient']> = {};
    if (patient !== undefined) p.id = patient;
    if (sensitivity.length > 0) p.sensitivity = sensitivity;
    if (sensitivity.some((s) => VIP_LABELS.has(s))) p.vip = true;
    ehr.patient = p;
  }
  const breakGlass =
    purposes.some((c) => c.code !== undefined && BREAK_GLASS_PURPOSES.has(c.code.toUpperCase())) ||
    labels.some((c) => c.code?.toUpperCase() === 'BTG') ||
    eventAction === 'emergency_override_started';
  ehr.break_glass = breakGlass;

  const observer = obj(at(r, 'source', 'observer'));
  const app = str(at(r, 'source', 'site')) ?? str(prop(observer, 'display')) ?? str(at(observer, 'identifier', 'value'));
  if (app !== undefined) {
    ehr.application = app;
    ev.observer = { name: app, type: 'ehr' };
  }
  ev.ehr = ehr;

  const id = str(prop(r, 'id'));
  ev.raw = {
    resourceType: 'AuditEvent',
    ...(id !== undefined ? { id } : {}),
    ...(actionCode !== undefined ? { action: actionCode } : {}),
    ...(outcomeCode !== undefined ? { outcome: outcomeCode } : {}),
    type: kinds.map(codeText),
    subtype: subs.map(codeText),
  };
  const who = ev.user?.full_name ?? ev.user?.name ?? ev.user?.id ?? 'unknown agent';
  ev.message = `${who} ${eventAction}${ehr.resource_type !== undefined ? ` ${String(ehr.resource_type)}` : ''}`;
  return ev;
}

const SEVERITY: Record<string, number> = { emergency: 0, alert: 1, critical: 2, error: 3, warning: 4, notice: 5, informational: 6, debug: 7 };

function codeText(c: Coding): string {
  return c.system !== undefined ? `${c.system}|${c.code ?? ''}` : (c.code ?? '');
}

function mapUser(ev: DraftEvent, ehr: EhrFields, a: FhirObject, p: Pseudonymiser): void {
  const who = obj(prop(a, 'who')) ?? obj(prop(a, 'reference'));
  const user: Record<string, unknown> = {};
  const roles = [...codings(prop(a, 'role')), ...codings(prop(a, 'type')).filter((c) => c.code !== 'humanuser' && c.system !== DCM)];
  const reference = str(prop(who, 'reference'));
  if (reference !== undefined && /(^|\/)Patient\//.test(reference)) {
    // A patient reading their own record (portal): their identity is PHI too.
    const pt = p.patientFromReference(reference);
    if (pt !== undefined) user.id = pt;
    user.roles = ['patient'];
    ev.user = user;
    ehr.role = 'patient';
    return;
  }
  const identValue = str(at(who, 'identifier', 'value'));
  const altId = str(prop(a, 'altId'));
  const display = str(prop(who, 'display')) ?? str(prop(a, 'name'));
  if (identValue !== undefined) user.id = identValue;
  else if (reference !== undefined) user.id = reference;
  const name = altId ?? identValue ?? (reference !== undefined ? splitReference(reference)?.id : undefined);
  if (name !== undefined) user.name = name;
  if (display !== undefined) user.full_name = display;
  const roleNames = roles.map((c) => c.code ?? c.display).filter((x): x is string => x !== undefined);
  if (roleNames.length > 0) {
    user.roles = roleNames;
    ehr.role = roles[0]?.display ?? roleNames[0];
  }
  if (Object.keys(user).length > 0) ev.user = user;
}
