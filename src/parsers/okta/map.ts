import type { EventCategory } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { isoTime, obj, str, type Obj } from '../common/json-object.js';

/**
 * Is this an Okta System Log event (`/api/v1/logs`): `published`, `eventType`, `actor`, `outcome`?
 *
 * @example
 * isOktaEvent({ published: '2020-02-14T20:18:57.718Z', eventType: 'user.session.start', actor: {}, outcome: { result: 'SUCCESS' } }) // true
 */
export function isOktaEvent(o: Obj): boolean {
  return typeof o.published === 'string' && typeof o.eventType === 'string' && typeof o.actor === 'object' && 'outcome' in o;
}

/** Okta `outcome.result` → ECS outcome (CHALLENGE, SKIPPED, UNKNOWN are not decided yet). */
const RESULT: Record<string, 'success' | 'failure'> = { SUCCESS: 'success', ALLOW: 'success', FAILURE: 'failure', DENY: 'failure' };

/** Event types that are sign-in attempts (counted by the auth.* detectors). */
function isAuthentication(type: string): boolean {
  return type === 'user.session.start' || type.startsWith('user.authentication.') || type === 'core.user_auth.login_failed' || type === 'core.user_auth.login_success';
}

function categoryOf(type: string): EventCategory {
  if (isAuthentication(type) || type === 'user.session.end') return 'authentication';
  if (type.startsWith('user.') || type.startsWith('group.') || type.startsWith('application.user_membership')) return 'iam';
  if (type.startsWith('policy.') || type.startsWith('system.')) return 'configuration';
  return 'api';
}

/**
 * Map an Okta System Log event to ECS: sign-in attempts (`user.session.start`,
 * `user.authentication.*`) are `authentication` with `event.outcome` from `outcome.result`
 * (`FAILURE`/`DENY` → failure) and `outcome.reason` as `event.reason`; `user.name` is the actor's
 * login (`alternateId`, also for unknown users — that is what a spray tries); `source.ip` and geo
 * from `client`. Other events take `iam`/`configuration` categories; targets go to `okta.target`.
 *
 * @example
 * mapOkta({ published: '2020-02-14T20:18:57.718Z', eventType: 'user.session.start', actor: { alternateId: 'a@b', type: 'User' }, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' }, client: { ipAddress: '192.0.2.1' } }, 'x').event.outcome // 'failure'
 */
export function mapOkta(o: Obj, where: string): DraftEvent {
  const type = str(o, 'eventType')!;
  const out = obj(o, 'outcome');
  const result = (str(out, 'result') ?? '').toUpperCase();
  const outcome = RESULT[result] ?? 'unknown';
  const auth = isAuthentication(type);
  const ev: DraftEvent = {
    '@timestamp': isoTime(o, 'published', where),
    event: {
      kind: 'event',
      module: 'okta',
      dataset: 'okta.system',
      provider: 'okta',
      category: [categoryOf(type)],
      type: [type === 'user.session.end' ? 'end' : auth && outcome === 'success' ? 'start' : 'info'],
      action: type,
      outcome,
      ...(str(out, 'reason') !== undefined ? { reason: str(out, 'reason')! } : {}),
    },
  };
  const msg = str(o, 'displayMessage');
  if (msg !== undefined) ev.message = msg;
  const actor = obj(o, 'actor');
  const login = str(actor, 'alternateId');
  if (login !== undefined && login !== 'unknown') {
    ev.user = { name: login.toLowerCase() };
    const id = str(actor, 'id');
    if (id !== undefined && id !== 'unknown') ev.user.id = id;
    const display = str(actor, 'displayName');
    if (display !== undefined) ev.user.full_name = display;
  }
  const client = obj(o, 'client');
  const ip = str(client, 'ipAddress');
  if (ip !== undefined) {
    ev.source = { ip };
    const g = obj(client, 'geographicalContext');
    const geo: Record<string, string> = {};
    if (str(g, 'city')) geo.city_name = str(g, 'city')!;
    if (str(g, 'state')) geo.region_name = str(g, 'state')!;
    if (str(g, 'country')) geo.country_name = str(g, 'country')!;
    if (Object.keys(geo).length > 0) ev.source.geo = geo;
  }
  const ua = str(obj(client, 'userAgent'), 'rawUserAgent');
  if (ua !== undefined) ev.user_agent = { original: ua };
  const ac = obj(o, 'authenticationContext');
  const targets = Array.isArray(o.target) ? (o.target as unknown[]).filter((t): t is Obj => typeof t === 'object' && t !== null) : [];
  const okta: Record<string, unknown> = {
    uuid: str(o, 'uuid'),
    severity: str(o, 'severity'),
    actor_type: str(actor, 'type'),
    credential_type: str(ac, 'credentialType'),
    credential_provider: str(ac, 'credentialProvider'),
    external_session_id: str(ac, 'externalSessionId'),
    threat_suspected: str(obj(obj(o, 'debugContext'), 'debugData'), 'threatSuspected'),
    target: targets.length > 0 ? targets.map((t) => Object.fromEntries(Object.entries({ type: str(t, 'type'), id: str(t, 'id'), alternate_id: str(t, 'alternateId'), display_name: str(t, 'displayName') }).filter(([, v]) => v !== undefined && v !== 'unknown'))) : undefined,
  };
  ev.okta = Object.fromEntries(Object.entries(okta).filter(([, v]) => v !== undefined));
  ev.related = { ...(ev.user?.name ? { user: [ev.user.name] } : {}), ...(ip ? { ip: [ip] } : {}) };
  return ev;
}
