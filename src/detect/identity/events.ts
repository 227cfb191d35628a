import { getField, type WardEvent } from '../../core/event.js';
import type { RosterEntry } from './roster.js';

/** A successful authentication (a login that worked). */
export function isLoginSuccess(e: WardEvent): boolean {
  return e.event.outcome === 'success' && e.event.category?.includes('authentication') === true && e.event.type?.includes('info') !== true;
}

/** The acting user's name, lower-cased: the identity detectors' sharding key. */
export function userKey(e: WardEvent): string | undefined {
  const n = e.user?.name;
  return typeof n === 'string' && n.length > 0 ? n.toLowerCase() : undefined;
}

/** The value of a dotted field as a non-empty string (numbers are stringified). */
export function fieldString(e: WardEvent, path: string): string | undefined {
  const v = getField(e, path);
  if (typeof v === 'string') return v.length ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** ISO country code of the login's source (set by the geoip enricher), upper-cased. */
export function sourceCountry(e: WardEvent): string | undefined {
  const c = e.source?.geo?.country_iso_code;
  return typeof c === 'string' && c.length === 2 ? c.toUpperCase() : undefined;
}

/**
 * Peer group of a user, e.g. `role=nurse` or `role=nurse|unit=ICU`: from the roster first, else from
 * the event (`user.roles[0]` or `ehr.role`, `ehr.department`, `labels.unit`). When not every
 * attribute is known, the first known one alone is the group; none known, no group.
 */
export function peerGroup(by: readonly string[], entry: RosterEntry | undefined, e: WardEvent): string | undefined {
  const val = (a: string): string | undefined => {
    if (a === 'role') return entry?.role ?? (Array.isArray(e.user?.roles) ? e.user.roles[0] : undefined) ?? e.ehr?.role;
    if (a === 'department') return entry?.department ?? e.ehr?.department;
    if (a === 'unit') return entry?.unit ?? e.labels?.unit;
    return undefined;
  };
  const parts = by.map((a) => [a, val(a)] as const);
  if (parts.every(([, v]) => v)) return parts.map(([a, v]) => `${a}=${v!.toLowerCase()}`).join('|');
  const first = parts.find(([, v]) => v);
  return first ? `${first[0]}=${first[1]!.toLowerCase()}` : undefined;
}

/** Epoch ms → ISO string. */
export const iso = (t: number): string => new Date(t).toISOString();

/** Percent with sensible precision: 0.4 %, 12 %. */
export function pct(share: number): string {
  const p = share * 100;
  return `${p === 0 ? '0' : p < 1 ? p.toFixed(1) : p.toFixed(0)} %`;
}
