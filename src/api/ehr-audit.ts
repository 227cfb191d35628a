import type { Alert } from '../core/alert.js';
import type { WardEvent } from '../core/event.js';
import type { Store } from '../store/store.js';
import type { Principal } from './auth/principal.js';

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
}
