import type { ParsedEvent } from '../../core/components.js';
import type { Endpoint, EventFields, HostFields, LogFields, ProcessFields, UserFields } from '../../core/event.js';

/**
 * Wardwatch's own fields for facts ECS has no place for.
 *
 * @example
 * const w: WardwatchFields = { repeat: 5, auth_method: 'password', invalid_user: true };
 */
export interface WardwatchFields {
  /** How many occurrences this one event stands for (`message repeated N times`, `PAM N more …`). */
  repeat?: number;
  /** Authentication method as the program named it (`password`, `publickey`, `keyboard-interactive/pam`). */
  auth_method?: string;
  /** The login named an account that does not exist (`invalid user`). */
  invalid_user?: boolean;
  /** PAM context: module (`pam_unix`), service (`sshd`) and management group (`auth`, `session`). */
  pam?: { module?: string; service?: string; type?: string };
  [field: string]: unknown;
}

/**
 * A typed view of {@link ParsedEvent} for parsers to write into. `ParsedEvent` is built with
 * `Omit` over an index-signature type, which erases every named field to `unknown`; this
 * interface restores them so parser code stays type-checked. It is assignable to `ParsedEvent`.
 *
 * @example
 * const e: DraftEvent = { '@timestamp': '2026-01-05T10:00:00.000Z', event: { kind: 'event' } };
 * const out: ParsedEvent = e;
 */
export interface DraftEvent {
  '@timestamp': string;
  event: Omit<EventFields, 'id'> & { id?: string };
  message?: string;
  user?: UserFields;
  source?: Endpoint;
  host?: HostFields;
  process?: ProcessFields;
  log?: LogFields;
  group?: { name?: string; id?: string };
  related?: { user?: string[]; ip?: string[]; hosts?: string[] };
  wardwatch?: WardwatchFields;
  [field: string]: unknown;
}

/**
 * View a parsed event as a {@link DraftEvent}.
 *
 * @example
 * draft(parsed).user?.name
 */
export function draft(e: ParsedEvent): DraftEvent {
  return e as DraftEvent;
}
