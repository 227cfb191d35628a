import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';

/** Build an authentication event for detector tests. */
export function authEvent(
  t: number,
  outcome: 'success' | 'failure',
  user: string,
  ip: string,
  extra: { pid?: number; info?: boolean; repeat?: number } = {},
): WardEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: {
      id: newEventId(),
      category: ['authentication'],
      type: [extra.info ? 'info' : 'start'],
      outcome,
      action: 'ssh_login',
    },
    user: { name: user },
    source: { ip },
    host: { name: 'srv1' },
    ...(extra.pid !== undefined ? { process: { pid: extra.pid } } : {}),
    ...(extra.repeat !== undefined ? { wardwatch: { repeat: extra.repeat } } : {}),
  };
}

/** Run events through a detector the way the runtime does (shared with the other detectors' tests). */
export { runDetector as run } from '../testing.js';

export type { Alert };
