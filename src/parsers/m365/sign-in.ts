import type { DraftEvent } from '../common/draft-event.js';
import { isoTime, obj, str, type Obj } from '../common/json-object.js';

/**
 * Is this an Entra ID sign-in: Microsoft Graph `signIn` (`/auditLogs/signIns`, the portal's JSON
 * download) or the Azure Monitor diagnostic form (`{"category":"SignInLogs","properties":{…}}`)?
 *
 * @example
 * isSignIn({ createdDateTime: '2020-03-13T19:15:41Z', userPrincipalName: 'a@b', status: { errorCode: 0 } }) // true
 */
export function isSignIn(o: Obj): boolean {
  const p = signInBody(o);
  return typeof p.createdDateTime === 'string' && ('userPrincipalName' in p || 'servicePrincipalId' in p) && typeof p.status === 'object';
}

/** The Graph-shaped body: the object itself, or the diagnostic record's `properties`. */
function signInBody(o: Obj): Obj {
  return typeof o.category === 'string' && /SignInLogs$/.test(o.category) && typeof o.properties === 'object' && o.properties !== null
    ? (o.properties as Obj)
    : o;
}

/**
 * Map an Entra ID sign-in to ECS: `event.category` authentication, `event.outcome` from
 * `status.errorCode` (0 = success, anything else — wrong password 50126, locked 50053, MFA
 * required 50074 … — failure, with `failureReason` as `event.reason`), `user.name` the UPN,
 * `source.ip`/`source.geo`, and the sign-in's own facts under `m365.signin`.
 *
 * @example
 * mapSignIn({ createdDateTime: '2020-03-13T19:15:41Z', userPrincipalName: 'a@b', ipAddress: '192.0.2.1', status: { errorCode: 50126 } }, 'x').event.outcome // 'failure'
 */
export function mapSignIn(o: Obj, where: string): DraftEvent {
  const p = signInBody(o);
  const status = obj(p, 'status');
  const code = typeof status.errorCode === 'number' ? status.errorCode : Number(status.errorCode ?? NaN);
  const outcome = code === 0 ? 'success' : Number.isFinite(code) ? 'failure' : 'unknown';
  const ev: DraftEvent = {
    '@timestamp': isoTime(p, 'createdDateTime', where),
    event: {
      kind: 'event',
      module: 'm365',
      dataset: 'entra.signin',
      provider: 'entra-id',
      category: ['authentication'],
      type: [outcome === 'success' ? 'start' : 'info'],
      action: p.isInteractive === false ? 'non-interactive-sign-in' : 'sign-in',
      outcome,
      ...(Number.isFinite(code) ? { code: String(code) } : {}),
      ...(str(status, 'failureReason') !== undefined && code !== 0 ? { reason: str(status, 'failureReason')! } : {}),
    },
  };
  const upn = str(p, 'userPrincipalName');
  if (upn !== undefined) {
    ev.user = { name: upn.toLowerCase() };
    const id = str(p, 'userId');
    if (id !== undefined) ev.user.id = id;
    const at = upn.indexOf('@');
    if (at > 0) ev.user.domain = upn.slice(at + 1).toLowerCase();
  }
  const ip = str(p, 'ipAddress');
  if (ip !== undefined) {
    ev.source = { ip };
    const loc = obj(p, 'location');
    const geo: Record<string, string> = {};
    if (str(loc, 'city')) geo.city_name = str(loc, 'city')!;
    if (str(loc, 'state')) geo.region_name = str(loc, 'state')!;
    if (str(loc, 'countryOrRegion')) geo.country_iso_code = str(loc, 'countryOrRegion')!;
    if (Object.keys(geo).length > 0) ev.source.geo = geo;
  }
  const ua = str(p, 'userAgent');
  if (ua !== undefined) ev.user_agent = { original: ua };
  const device = obj(p, 'deviceDetail');
  const mfa = obj(p, 'mfaDetail');
  const signin: Record<string, unknown> = {
    id: str(p, 'id'),
    app: str(p, 'appDisplayName'),
    app_id: str(p, 'appId'),
    resource: str(p, 'resourceDisplayName'),
    client_app: str(p, 'clientAppUsed'),
    interactive: typeof p.isInteractive === 'boolean' ? p.isInteractive : undefined,
    conditional_access_status: str(p, 'conditionalAccessStatus'),
    risk_level: str(p, 'riskLevelDuringSignIn') ?? str(p, 'riskLevel'),
    risk_state: str(p, 'riskState'),
    authentication_requirement: str(p, 'authenticationRequirement'),
    mfa_method: str(mfa, 'authMethod'),
    correlation_id: str(p, 'correlationId'),
    device_os: str(device, 'operatingSystem'),
    device_browser: str(device, 'browser'),
    device_compliant: typeof device.isCompliant === 'boolean' ? device.isCompliant : undefined,
  };
  ev.m365 = { signin: Object.fromEntries(Object.entries(signin).filter(([, v]) => v !== undefined)) };
  ev.related = { ...(upn ? { user: [upn.toLowerCase()] } : {}), ...(ip ? { ip: [ip] } : {}) };
  return ev;
}
