import { createHash } from 'node:crypto';

/**
 * Deterministic alert id: the same finding (rule, entity, first evidence event) always gets the
 * same id, so replaying events after a crash cannot duplicate an alert.
 *
 * @example
 * alertId('auth.bruteforce', 'root', '01JH…') // 'al_3f9a…'
 */
export function alertId(rule: string, key: string, firstEvidence: string): string {
  return `al_${createHash('sha256').update(`${rule}\u0000${key}\u0000${firstEvidence}`).digest('hex').slice(0, 24)}`;
}
