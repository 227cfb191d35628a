import type { Alert, EntityRef } from '../core/alert.js';

/**
 * A scoped, temporary exception an analyst made from a verdict: alerts of this detector (and
 * rule), about this entity, until it expires, are kept but closed and not acted on.
 * At least one of `detector`, `rule` or `entity` is set (see {@link validSuppression}).
 */
export interface Suppression {
  id: string;
  detector?: string;
  rule?: string;
  entity?: Pick<EntityRef, 'type' | 'id'>;
  /** Text the alert's title must contain (case-insensitive), e.g. a Sigma rule title or a host. */
  titleContains?: string;
  reason: string;
  createdBy: string;
  created: string;
  /** ISO time; a suppression never lasts for ever. */
  expires: string;
  /** The alert or incident the verdict was given on. */
  from?: string;
}

/** Longest a suppression may last: exceptions are revisited. */
export const MAX_SUPPRESSION_DAYS = 180;

/** Why a suppression is not acceptable, or undefined when it is. */
export function validSuppression(s: Pick<Suppression, 'detector' | 'rule' | 'entity' | 'titleContains' | 'created' | 'expires'>): string | undefined {
  if (!s.detector && !s.rule && !s.entity) return 'a suppression needs a scope: a detector, a rule or an entity (suppressing everything is the kill switch, not an exception)';
  const created = Date.parse(s.created);
  const expires = Date.parse(s.expires);
  if (!Number.isFinite(expires)) return 'expires must be an ISO time';
  if (expires <= created) return 'expires must be after now';
  if (expires - created > MAX_SUPPRESSION_DAYS * 86_400_000) return `a suppression lasts at most ${MAX_SUPPRESSION_DAYS} days`;
  return undefined;
}

/**
 * The first suppression that covers an alert being raised: the alert's own time is before the
 * suppression's expiry (a replay of old events is judged by when they happened, and events that
 * arrive late are still covered), and it matches every field the suppression scopes.
 *
 * @example
 * suppressing(alert, [{ id: 's1', detector: 'identity.new_source', entity: { type: 'user', id: 'ann' }, … }])?.id // 's1'
 */
export function suppressing(alert: Alert, list: readonly Suppression[]): Suppression | undefined {
  const t = Date.parse(alert.time);
  const title = alert.title.toLowerCase();
  return list.find((s) => {
    if (t >= Date.parse(s.expires)) return false;
    if (s.detector && s.detector !== alert.detector) return false;
    if (s.rule && s.rule !== alert.rule) return false;
    if (s.titleContains && !title.includes(s.titleContains.toLowerCase())) return false;
    if (s.entity) {
      const id = s.entity.id.toLowerCase();
      if (!alert.entities.some((e) => e.type === s.entity!.type && e.id.toLowerCase() === id)) return false;
    }
    return true;
  });
}
