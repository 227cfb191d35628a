import type { ContextLookup, ExplanationTemplate, PatientInfo, Relationship, StaffInfo } from '../../core/context.js';
import type { WardEvent } from '../../core/event.js';
import { explanationText, type TemplateExplainer } from '../../ml/explanations/explainer.js';
import { accessOf } from '../../ml/explanations/templates.js';
import { localTime, onShift } from './clock.js';

/** Settings of the access assessment (validated in the detector's config). */
export interface AssessConfig {
  /** Labels that make a record sensitive. */
  sensitiveLabels: string[];
  /** A relationship still explains accesses this long after it ended (results, follow-up, billing). */
  afterCareMs: number;
  /** ... and this long before it started (pre-admission work). */
  beforeCareMs: number;
  /** Minutes of slack around a shift. */
  shiftGraceMin: number;
  timezone: string;
  /** Roles whose work legitimately spans every patient (e.g. HIM coders, billing): accesses are explained by role. */
  rolesExplained: string[];
}

/** One reason an access is suspicious, with the weight it adds to the risk score. */
export interface AccessFactor {
  feature: string;
  label: string;
  observed: string | number;
  weight: number;
}

/** The verdict on one access. */
export interface Assessment {
  patient?: PatientInfo;
  staff?: StaffInfo;
  /** How the access is explained, when it is. */
  explainedBy?: string;
  /** The mined template that explained it, when one did. */
  template?: ExplanationTemplate;
  factors: AccessFactor[];
}

function active(r: Relationship, t: number, cfg: AssessConfig): boolean {
  const from = r.from ? Date.parse(r.from) - cfg.beforeCareMs : -Infinity;
  const to = r.to ? Date.parse(r.to) + cfg.afterCareMs : Infinity;
  return t >= from && t <= to;
}

const same = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Explain an EHR access by a treatment relationship, else list what makes it suspicious.
 * Only unexplained accesses carry relationship-dependent factors; break-glass without a reason
 * and access after termination count either way.
 *
 * @example
 * assessAccess(event, context, cfg).explainedBy // 'encounter Encounter/e1 (attending)'
 */
export function assessAccess(e: WardEvent, ctx: ContextLookup, cfg: AssessConfig, templates?: TemplateExplainer): Assessment {
  const t = Date.parse(e['@timestamp']);
  const pid = e.ehr?.patient?.id;
  const login = e.user?.name ?? e.user?.id;
  const patient = pid ? ctx.patient(pid) : undefined;
  const staff = login ? ctx.staffByLogin(login) : undefined;
  const out: Assessment = { factors: [] };
  if (patient) out.patient = patient;
  if (staff) out.staff = staff;
  const f = (feature: string, label: string, observed: string | number, weight: number) =>
    out.factors.push({ feature, label, observed, weight });

  // Always suspicious, explained or not.
  if (staff?.active?.to && t > Date.parse(staff.active.to)) {
    f('after_termination', 'access after the end of employment', staff.active.to, 1);
  }
  if (e.ehr?.break_glass && !e.ehr.reason?.trim()) f('break_glass_no_reason', 'break-glass access without a reason', 'no reason given', 0.6);
  // A relative's record is a conflict of interest even when a role or a relationship would explain the access.
  const relative = !!(patient && staff?.keys?.family && staff.keys.family === patient.keys.family && staff.patientId !== patient.id);
  if (relative) f('family', 'same surname and address as the employee', 'family match', 0.6);

  // Explained?
  const role = staff?.role ?? e.ehr?.role ?? (e.user?.roles?.[0]);
  if (role && cfg.rolesExplained.some((r) => same(r, role))) {
    out.explainedBy = `role ${role}`;
    return out;
  }
  let inCare = false;
  if (pid && templates && templates.size > 0 && login) {
    // Mined templates replace the built-in rule below once there are any (see src/ml/explanations).
    const rels = ctx.relationships(pid);
    const x = templates.explain(accessOf(ctx, { t, user: login, patient: pid, ...(role ? { role } : {}), ...(e.ehr?.department ? { department: e.ehr.department } : {}) }), rels);
    if (x) {
      out.explainedBy = explanationText(x);
      out.template = x.template;
      return out;
    }
    inCare = rels.some((r) => active(r, t, cfg));
  } else if (pid) {
    // The roster's department, and the one the user logged in to (float staff, rotating residents).
    const depts = [staff?.department, e.ehr?.department].filter((d): d is string => !!d);
    for (const r of ctx.relationships(pid)) {
      if (!active(r, t, cfg)) continue;
      inCare = true;
      if (staff && r.staffId && (r.staffId === staff.id || staff.logins.some((l) => same(l, r.staffId)))) {
        out.explainedBy = `${r.kind} ${r.source}`;
        break;
      }
      const dept = depts.find((d) => same(r.department, d));
      if (dept) {
        out.explainedBy = `${r.kind} ${r.source} in ${dept}`;
        break;
      }
    }
  }
  if (out.explainedBy) {
    if (templates && pid && login) templates.remember(login, pid, t);
    return out;
  }

  f('no_relationship', templates && templates.size > 0 ? 'no explanation template links the user to the patient' : 'no treatment relationship with the patient', pid ? (templates && templates.size > 0 ? 'no template' : 'none found') : 'no patient', 0.35);

  if (patient?.vip) f('vip', 'VIP record', 'VIP', 0.5);
  const sensitive = patient?.sensitivity.filter((s) => cfg.sensitiveLabels.includes(s.toUpperCase())) ?? [];
  if (sensitive.length) f('sensitive', 'sensitive record', sensitive.join(', '), 0.3);
  if (patient && staff) {
    if (staff.patientId && staff.patientId === patient.id) f('own_record', "the employee's own record", 'self', 0.3);
    else if (patient.staffId) f('coworker', 'record of a co-worker', 'employee patient', 0.3);
    if (!relative && staff.patientId !== patient.id && staff.keys?.address && staff.keys.address === patient.keys.address) {
      f('neighbour', 'same address as the employee', 'address match', 0.4);
    } else if (!relative && staff.patientId !== patient.id && staff.keys?.street && staff.keys.street === patient.keys.street) {
      f('neighbour', 'lives on the employee\'s street', 'same street', 0.4);
    }
  } else if (patient?.staffId) {
    f('coworker', 'record of a co-worker', 'employee patient', 0.3);
  }
  if (patient?.deceased) f('deceased', 'record of a deceased patient', patient.deceasedAt ?? 'deceased', 0.3);
  if (staff && staff.shifts.length > 0 && !onShift(staff.shifts, localTime(t, cfg.timezone), cfg.shiftGraceMin)) {
    f('off_shift', 'access outside the employee\'s shift', new Date(t).toISOString().slice(11, 16), 0.2);
  }
  // Helping another ward or a quick consult touches patients someone is treating now; a stranger's chart usually is not.
  // Only said of a patient the index knows: with no clinical context loaded, nothing is known to be in care.
  if (patient && !inCare) f('not_in_care', 'the patient is not in anyone\'s care now', 'no current encounter, order or care team', 0.4);
  return out;
}

/** Combine factor weights into a 0..1 risk (noisy-OR: each factor independently raises it). */
export function riskOf(factors: AccessFactor[]): number {
  return 1 - factors.reduce((p, f) => p * (1 - Math.min(1, Math.max(0, f.weight))), 1);
}
