import type { Alert } from '../../core/alert.js';

/** What an action runs with: its target, the step's parameters, the alert and how long it should last. */
export interface ActionInput {
  id: string;
  target: string;
  params: Record<string, unknown>;
  alert?: Alert | undefined;
  /** How long the effect lasts (ms); the engine also undoes it at expiry. */
  expiryMs: number;
  /** A person with the `biomed` role (or an admin) approved this action for a protected target. */
  biomedApproved?: boolean;
}

/**
 * Thrown by a driver that finds, while acting, what the gate would have stopped (e.g. a host name
 * resolving to a protected address): the engine suppresses the action, or asks `role` to approve it,
 * instead of retrying.
 */
export class ActionRefused extends Error {
  constructor(message: string, readonly role?: 'biomed') {
    super(message);
    this.name = 'ActionRefused';
  }
}

/**
 * An action with do / undo / verify. `do` and `undo` must be idempotent: the engine retries them.
 * `disruptive` actions (blocking, isolating, disabling) pass the safety gate; notifications do not.
 */
export interface ActionDriver {
  type: string;
  disruptive: boolean;
  /**
   * Returns what its undo will need (e.g. the value it replaced), kept with the action as
   * `params.undo` before `verify` runs, and handed back in `input.params.undo` on retries and undo.
   */
  do(input: ActionInput): Promise<void | Record<string, unknown>>;
  undo(input: ActionInput): Promise<void>;
  /** Whether the effect is in place now. */
  verify(input: ActionInput): Promise<boolean>;
  /** Whether an undo took effect (default: `!verify`); e.g. that the exact previous value is back. */
  verifyUndone?(input: ActionInput): Promise<boolean>;
}
