import type { Alert, EntityRef } from '../core/alert.js';

/** What an entity is in an alert: who acted, who or what was acted upon, or context around it. */
export type EntityRole = 'actor' | 'target' | 'related';

/** An alert's entity with its role. */
export interface RoledEntity extends EntityRef {
  role: EntityRole;
}

/**
 * Roles by detector, for detectors whose entity list has a fixed meaning. The key is the
 * detector type; the value gives the role of each entity type in its alerts. Anything not
 * listed is `related` (context): it adds little risk and links only weakly.
 */
const BY_DETECTOR: Record<string, Partial<Record<EntityRef['type'], EntityRole>>> = {
  // Guessing: the source address acts, the guessed account is the victim.
  'auth.bruteforce': { ip: 'actor', user: 'target' },
  'auth.spray': { ip: 'actor', user: 'target' },
  // Success after failures: the account is now in the attacker's hands — it acts from here on.
  'auth.success_after_failures': { ip: 'actor', user: 'actor' },
  'intel.match': { ip: 'actor', email: 'actor', host: 'related', user: 'target' },
  // Mail: the sender acts, the recipients are targets.
  phishing: { email: 'actor', user: 'target' },
  // EHR privacy: the staff member acts, the patient's record is what was opened.
  'ehr.access': { user: 'actor', patient: 'target' },
  'ehr.behaviour': { user: 'actor', patient: 'target' },
};

/**
 * The role of each entity of an alert. Detectors that name a first user as the subject of the
 * finding (identity, Sigma, log anomalies) make that user the actor; hosts and addresses around
 * it are context, unless they are the only entity.
 *
 * @example
 * rolesOf({ detector: 'auth.spray', entities: [{ type: 'ip', id: '203.0.113.7' }, { type: 'user', id: 'ann' }] } as Alert)
 * // [{ type: 'ip', id: '203.0.113.7', role: 'actor' }, { type: 'user', id: 'ann', role: 'target' }]
 */
export function rolesOf(alert: Pick<Alert, 'detector' | 'entities'>): RoledEntity[] {
  const table = BY_DETECTOR[alert.detector];
  if (table) return alert.entities.map((e) => ({ ...e, role: table[e.type] ?? 'related' }));
  if (alert.detector === 'auth.explicit_credentials') {
    // The account using explicit credentials acts; the accounts it names are its targets.
    return alert.entities.map((e, i) => ({ ...e, role: e.type === 'user' ? (i === 0 ? 'actor' : 'target') : 'related' }));
  }
  const firstUser = alert.entities.findIndex((e) => e.type === 'user' || e.type === 'account');
  return alert.entities.map((e, i) => {
    if (firstUser >= 0) return { ...e, role: i === firstUser ? 'actor' : e.type === 'user' ? 'target' : 'related' };
    // No user: the first entity (a host for Sigma, an address for network findings) is the subject.
    return { ...e, role: i === 0 ? 'actor' : 'related' };
  });
}

/** A stable key for an entity: type and lower-cased id. */
export function entityKey(e: EntityRef): string {
  return `${e.type}:${e.id.toLowerCase()}`;
}
