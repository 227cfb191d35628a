import type { Alert } from '../core/alert.js';
import type { WardEvent } from '../core/event.js';
import type { Store } from '../store/store.js';
import type { Principal } from './auth/principal.js';
import type { PhiView } from '../compliance/fhir-audit/index.js';

// Who else hears of each view of PHI (the FHIR AuditEvent sink, when configured), per store.
const listeners = new WeakMap<Store, (v: PhiView) => void>();

/**
 * Send every view of PHI recorded through {@link auditEhrView} on this store to `fn` too (the
 * FHIR AuditEvent sink): patients resolved to their pseudonyms, lists as `search`, one record as `read`.
 *
 * @example
 * onPhiView(rt.store, (v) => sink.emit(v));
 */
export function onPhiView(store: Store, fn: ((v: PhiView) => void) | undefined): void {
  if (fn) listeners.set(store, fn);
  else listeners.delete(store);
}

/** The patients behind a view: pseudonyms themselves, or those the alerts or events name. */
function patientsOf(store: Store, action: string, ids: string[]): string[] {
  if (action === 'view_patient') return ids;
  const out = new Set<string>();
  if (action === 'view_ehr_alert') {
    for (const id of ids) for (const e of store.getAlert(id)?.entities ?? []) if (e.type === 'patient') out.add(e.id);
  } else {
    for (const e of store.getEvents(ids)) { const p = e.ehr?.patient?.id; if (p) out.add(p); }
  }
  return [...out];
}

/** An alert is EHR-related when it names a patient (by pseudonym). */
export const isEhrAlert = (a: Pick<Alert, 'entities'>): boolean => a.entities.some((e) => e.type === 'patient');

/** An event is EHR-related when it carries `ehr.*` fields. */
export const isEhrEvent = (e: WardEvent): boolean => (e as { ehr?: unknown }).ehr !== undefined;

/**
 * Record that a person or machine saw EHR-related alerts or events: who, what, when.
 * Called by every route that returns them (alert detail, alert lists, events, entity pages).
 *
 * @example
 * auditEhrView(rt.store, principal, 'view_ehr_alert', [alert.id]);
 */
export function auditEhrView(store: Store, who: Principal, action: 'view_ehr_alert' | 'view_ehr_events' | 'view_patient', ids: string[], target?: string): void {
  if (!ids.length) return;
  store.audit({
    time: new Date().toISOString(), actor: who.actor, action,
    ...(target ? { target } : {}),
    detail: { role: who.role, ids: ids.slice(0, 200), count: ids.length },
  });
  const fn = listeners.get(store);
  if (!fn) return;
  try {
    const patients = patientsOf(store, action, ids.slice(0, 200));
    const read = action === 'view_patient' || (action === 'view_ehr_alert' && ids.length === 1);
    fn({ time: new Date().toISOString(), actor: who.actor, role: who.role, interaction: read ? 'read' : 'search', patients, ...(target ? { what: target } : {}) });
  } catch {
    // The audit log above holds the view; the FHIR copy is best effort and must not fail the request.
  }
}
