import type { Detector } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A login (or other authentication) event for identity-detector tests. */
export function login(t: number, user: string, o: {
  ok?: boolean; ip?: string; country?: string; host?: string; action?: string; logonType?: string; roles?: string[]; code?: string; reason?: string;
} = {}): WardEvent {
  const e: WardEvent = {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(t), kind: 'event', category: ['authentication'], type: ['start'], outcome: o.ok === false ? 'failure' : 'success', action: o.action ?? 'logged-in' },
    user: { name: user, ...(o.roles ? { roles: o.roles } : {}) },
    source: { ip: o.ip ?? '10.1.2.3', ...(o.country ? { geo: { country_iso_code: o.country } } : {}) },
    host: { name: o.host ?? 'ws-001' },
  };
  if (o.code) e.event.code = o.code;
  if (o.reason) e.event.reason = o.reason;
  if (o.logonType) e.winlog = { logon: { type: o.logonType } };
  return e;
}

/** A group-membership change (`usermod -aG` / Windows 4728-style) as the linux-auth parser emits it. */
export function groupAdd(t: number, target: string, group: string, actor?: string): WardEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(t), kind: 'event', category: ['iam'], type: ['group', 'change'], outcome: 'success', action: 'group_member_added' },
    user: { ...(actor ? { name: actor } : {}), target: { name: target } },
    group: { name: group },
    host: { name: 'srv1' },
  };
}

/** Run events through a detector the way the runtime does (shared with the other detectors' tests). */
export { runDetector as run } from '../testing.js';

/** Snapshot a detector through JSON and restore it into a fresh one. */
export function roundTrip(from: Detector, into: Detector): Detector {
  for (const [k, s] of JSON.parse(JSON.stringify(from.snapshot())) as Array<[string, unknown]>) into.restore(k, s);
  return into;
}
