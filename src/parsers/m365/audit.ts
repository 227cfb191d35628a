import type { EventCategory } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { isoTime, str, type Obj } from '../common/json-object.js';

/**
 * Is this a Microsoft 365 unified audit log record (Office 365 Management Activity API /
 * `Search-UnifiedAuditLog` `AuditData`): `CreationTime`, `Operation`, `Workload`, `RecordType`?
 *
 * @example
 * isUnifiedAudit({ CreationTime: '2020-01-01T00:00:00', Operation: 'UserLoggedIn', Workload: 'AzureActiveDirectory', RecordType: 15 }) // true
 */
export function isUnifiedAudit(o: Obj): boolean {
  return typeof o.CreationTime === 'string' && typeof o.Operation === 'string' && 'RecordType' in o && 'Workload' in o;
}

/** Sign-in operations of the Azure AD STS records (RecordType 15). */
const LOGIN_OPS: Record<string, 'success' | 'failure'> = { UserLoggedIn: 'success', UserLoginFailed: 'failure' };

const WORKLOAD_CATEGORY: Record<string, EventCategory> = {
  Exchange: 'email',
  SharePoint: 'file',
  OneDrive: 'file',
  AzureActiveDirectory: 'iam',
  MicrosoftTeams: 'api',
};

/** `ClientIP` may carry a port (`203.0.113.7:51234`, `[2001:db8::1]:443`); ECS wants the address alone. */
function clientIp(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (v6) return v6[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(s);
  return v4 ? v4[1] : s;
}

/**
 * Map a unified audit log record to ECS: `event.action` the `Operation`; `UserLoggedIn` /
 * `UserLoginFailed` are authentication successes/failures (with `LogonError` as the reason);
 * other operations take a category from the workload (Exchange → email, SharePoint/OneDrive →
 * file, Azure AD → iam) and their outcome from `ResultStatus`.
 *
 * @example
 * mapUnifiedAudit({ CreationTime: '2020-01-01T00:00:00', Operation: 'UserLoginFailed', Workload: 'AzureActiveDirectory', RecordType: 15, UserId: 'a@b', ClientIP: '192.0.2.1' }, 'x').event.outcome // 'failure'
 */
export function mapUnifiedAudit(o: Obj, where: string): DraftEvent {
  const op = str(o, 'Operation')!;
  const login = LOGIN_OPS[op];
  const status = (str(o, 'ResultStatus') ?? '').toLowerCase();
  const outcome = login ?? (/^(succeeded|success|true|partiallysucceeded)$/.test(status) ? 'success' : /^(failed|failure|false)$/.test(status) ? 'failure' : 'unknown');
  const workload = str(o, 'Workload') ?? '';
  const ev: DraftEvent = {
    '@timestamp': isoTime(o, 'CreationTime', where),
    event: {
      kind: 'event',
      module: 'm365',
      dataset: 'm365.audit',
      provider: workload || 'microsoft-365',
      category: [login ? 'authentication' : WORKLOAD_CATEGORY[workload] ?? 'api'],
      type: [login ? (login === 'success' ? 'start' : 'info') : 'info'],
      action: op,
      outcome,
      ...(str(o, 'LogonError') !== undefined ? { reason: str(o, 'LogonError')! } : {}),
    },
  };
  const user = str(o, 'UserId');
  if (user !== undefined) ev.user = { name: user.toLowerCase() };
  const ip = clientIp(str(o, 'ClientIP') ?? str(o, 'ActorIpAddress'));
  if (ip !== undefined) ev.source = { ip };
  ev.m365 = {
    audit: Object.fromEntries(Object.entries({
      id: str(o, 'Id'), record_type: str(o, 'RecordType'), workload, organization_id: str(o, 'OrganizationId'),
      object_id: str(o, 'ObjectId'), user_type: str(o, 'UserType'), result_status: str(o, 'ResultStatus'),
    }).filter(([, v]) => v !== undefined && v !== '')),
  };
  ev.related = { ...(user ? { user: [user.toLowerCase()] } : {}), ...(ip ? { ip: [ip] } : {}) };
  return ev;
}
