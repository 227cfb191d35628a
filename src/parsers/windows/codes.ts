import type { EventCategory } from '../../core/event.js';

/** ECS categorisation of one Windows event id: `event.category`, `event.type`, `event.action`. */
export interface Categorisation {
  category: EventCategory[];
  type: string[];
  action: string;
}

const c = (category: EventCategory[], type: string[], action: string): Categorisation => ({ category, type, action });
const auth = (type: string, action: string) => c(['authentication'], [type], action);
const user = (type: string, action: string) => c(['iam'], ['user', type], action);
const group = (type: string, action: string) => c(['iam'], ['group', type], action);

/**
 * Security log event ids → ECS categorisation, as the winlogbeat Security module's ingest
 * pipeline (`x-pack/winlogbeat/module/security/ingest/security.yml`) sets them; the action names
 * are winlogbeat's, so queries written for Elastic keep working.
 */
export const SECURITY: ReadonlyMap<number, Categorisation> = new Map([
  [1102, c(['iam'], ['admin', 'change'], 'audit-log-cleared')],
  [4624, auth('start', 'logged-in')],
  [4625, auth('start', 'logon-failed')],
  [4634, auth('end', 'logged-out')],
  [4647, auth('end', 'logged-out')],
  [4648, auth('start', 'logged-in-explicit')],
  [4672, c(['iam'], ['admin'], 'logged-in-special')],
  [4688, c(['process'], ['start'], 'created-process')],
  [4689, c(['process'], ['end'], 'exited-process')],
  [4697, c(['iam', 'configuration'], ['admin', 'change'], 'service-installed')],
  [4698, c(['iam', 'configuration'], ['creation', 'admin'], 'scheduled-task-created')],
  [4699, c(['iam', 'configuration'], ['deletion', 'admin'], 'scheduled-task-deleted')],
  [4700, c(['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-enabled')],
  [4701, c(['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-disabled')],
  [4702, c(['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-updated')],
  [4720, user('creation', 'added-user-account')],
  [4722, user('change', 'enabled-user-account')],
  [4723, user('change', 'changed-password')],
  [4724, user('change', 'reset-password')],
  [4725, user('deletion', 'disabled-user-account')],
  [4726, user('deletion', 'deleted-user-account')],
  [4727, group('creation', 'added-group-account')],
  [4728, group('change', 'added-member-to-group')],
  [4729, group('change', 'removed-member-from-group')],
  [4730, group('deletion', 'deleted-group-account')],
  [4731, group('creation', 'added-group-account')],
  [4732, group('change', 'added-member-to-group')],
  [4733, group('change', 'removed-member-from-group')],
  [4734, group('deletion', 'deleted-group-account')],
  [4735, group('change', 'modified-group-account')],
  [4737, group('change', 'modified-group-account')],
  [4738, user('change', 'modified-user-account')],
  [4740, user('change', 'locked-out-user-account')],
  [4741, c(['iam'], ['creation', 'admin'], 'added-computer-account')],
  [4742, c(['iam'], ['change', 'admin'], 'changed-computer-account')],
  [4743, c(['iam'], ['deletion', 'admin'], 'deleted-computer-account')],
  [4744, group('creation', 'added-distribution-group-account')],
  [4745, group('change', 'changed-distribution-group-account')],
  [4746, group('change', 'added-member-to-distribution-group')],
  [4747, group('change', 'removed-member-from-distribution-group')],
  [4748, group('deletion', 'deleted-distribution-group-account')],
  [4749, group('creation', 'added-distribution-group-account')],
  [4750, group('change', 'changed-distribution-group-account')],
  [4751, group('change', 'added-member-to-distribution-group')],
  [4752, group('change', 'removed-member-from-distribution-group')],
  [4753, group('deletion', 'deleted-distribution-group-account')],
  [4754, group('creation', 'added-group-account')],
  [4755, group('change', 'modified-group-account')],
  [4756, group('change', 'added-member-to-group')],
  [4757, group('change', 'removed-member-from-group')],
  [4758, group('deletion', 'deleted-group-account')],
  [4759, group('creation', 'added-distribution-group-account')],
  [4760, group('change', 'changed-distribution-group-account')],
  [4761, group('change', 'added-member-to-distribution-group')],
  [4762, group('change', 'removed-member-from-distribution-group')],
  [4763, group('deletion', 'deleted-distribution-group-account')],
  [4764, group('change', 'type-changed-group-account')],
  [4767, user('change', 'unlocked-user-account')],
  [4768, auth('start', 'kerberos-authentication-ticket-requested')],
  [4769, auth('start', 'kerberos-service-ticket-requested')],
  [4770, auth('start', 'kerberos-service-ticket-renewed')],
  [4771, auth('start', 'kerberos-preauth-failed')],
  [4776, auth('start', 'credential-validated')],
  [4778, c(['authentication', 'session'], ['start'], 'session-reconnected')],
  [4779, c(['authentication', 'session'], ['end'], 'session-disconnected')],
  [4781, user('change', 'renamed-user-account')],
  [4798, user('info', 'group-membership-enumerated')],
  [4799, group('info', 'user-member-enumerated')],
]);

/** Sysmon event ids → ECS categorisation (winlogbeat Sysmon module, `sysmon.yml`). */
export const SYSMON: ReadonlyMap<number, Categorisation> = new Map([
  [1, c(['process'], ['start'], 'Process creation')],
  [2, c(['file'], ['change'], 'File creation time changed')],
  [3, c(['network'], ['start', 'connection', 'protocol'], 'Network connection')],
  [4, c(['process'], ['change'], 'Sysmon service state changed')],
  [5, c(['process'], ['end'], 'Process terminated')],
  [6, c(['driver'], ['start'], 'Driver loaded')],
  [7, c(['process'], ['change'], 'Image loaded')],
  [8, c(['process'], ['change'], 'CreateRemoteThread')],
  [9, c(['process'], ['access'], 'RawAccessRead')],
  [10, c(['process'], ['access'], 'ProcessAccess')],
  [11, c(['file'], ['creation'], 'FileCreate')],
  [12, c(['configuration', 'registry'], ['change'], 'RegistryEvent (Object create and delete)')],
  [13, c(['configuration', 'registry'], ['change'], 'RegistryEvent (Value Set)')],
  [14, c(['configuration', 'registry'], ['change'], 'RegistryEvent (Key and Value Rename)')],
  [15, c(['file'], ['access'], 'FileCreateStreamHash')],
  [16, c(['configuration'], ['change'], 'ServiceConfigurationChange')],
  [17, c(['file'], ['creation'], 'PipeEvent (Pipe Created)')],
  [18, c(['file'], ['access'], 'PipeEvent (Pipe Connected)')],
  [19, c(['process'], ['info'], 'WmiEvent (WmiEventFilter activity detected)')],
  [20, c(['process'], ['change'], 'WmiEvent (WmiEventConsumer activity detected)')],
  [21, c(['process'], ['access'], 'WmiEvent (WmiEventConsumerToFilter activity detected)')],
  [22, c(['network'], ['connection', 'protocol', 'info'], 'DNSEvent (DNS query)')],
  [23, c(['file'], ['deletion'], 'FileDelete (File Delete archived)')],
  [25, c(['process'], ['change'], 'ProcessTampering (Process image change)')],
  [26, c(['file'], ['deletion'], 'FileDeleteDetected (File Delete logged)')],
]);

/**
 * PowerShell events → ECS (winlogbeat PowerShell module): everything is `process`; engine
 * start/stop (400/403, 4105/4106) are start/end, the rest `info`.
 */
export function powershellCategorisation(eid: number): Categorisation | undefined {
  const actions: Record<number, string> = {
    400: 'Engine state is changed from None to Available', 403: 'Engine state is changed from Available to Stopped',
    600: 'Provider started', 800: 'Pipeline execution details', 4103: 'Executing Pipeline', 4104: 'Execute a Remote Command',
    4105: 'Starting Command', 4106: 'Completing Command',
  };
  const action = actions[eid];
  if (action === undefined) return undefined;
  const type = eid === 400 || eid === 4105 ? 'start' : eid === 403 || eid === 4106 ? 'end' : 'info';
  return c(['process'], [type], action);
}

/** `LogonType` ordinal → winlogbeat's `winlog.logon.type` name. */
export const LOGON_TYPES: Readonly<Record<string, string>> = {
  '0': 'System', '2': 'Interactive', '3': 'Network', '4': 'Batch', '5': 'Service', '7': 'Unlock', '8': 'NetworkCleartext',
  '9': 'NewCredentials', '10': 'RemoteInteractive', '11': 'CachedInteractive', '12': 'CachedRemoteInteractive', '13': 'CachedUnlock',
};

/**
 * What a failed authentication says about the attempt. The credential kinds are what guessing
 * produces (`bad_password`, `unknown_user`, and the account states an attacker runs into);
 * `other` is a failure that is not about the credential (clock skew, no logon server, logon
 * right not granted…) and must not count as a guess.
 */
export type FailureKind = 'bad_password' | 'unknown_user' | 'bad_credentials' | 'locked' | 'disabled' | 'expired' | 'restricted' | 'other';

interface StatusInfo { kind: FailureKind; text: string }

/**
 * NTSTATUS codes of 4625 (Status/SubStatus) and 4776 (Status): winlogbeat's descriptions
 * (`4625 and 4776 Set Status and SubStatus`), keyed by lower-case hex, with the kind of failure.
 */
export const NT_STATUS: ReadonlyMap<string, StatusInfo> = new Map([
  ['0xc000005e', { kind: 'other', text: 'There are currently no logon servers available to service the logon request.' }],
  ['0xc0000064', { kind: 'unknown_user', text: 'User logon with misspelled or bad user account' }],
  ['0xc000006a', { kind: 'bad_password', text: 'User logon with misspelled or bad password' }],
  ['0xc000006d', { kind: 'bad_credentials', text: 'This is either due to a bad username or authentication information' }],
  ['0xc000006e', { kind: 'restricted', text: 'Unknown user name or bad password.' }],
  ['0xc000006f', { kind: 'restricted', text: 'User logon outside authorized hours' }],
  ['0xc0000070', { kind: 'restricted', text: 'User logon from unauthorized workstation' }],
  ['0xc0000071', { kind: 'expired', text: 'User logon with expired password' }],
  ['0xc0000072', { kind: 'disabled', text: 'User logon to account disabled by administrator' }],
  ['0xc00000dc', { kind: 'other', text: 'Indicates the Sam Server was in the wrong state to perform the desired operation.' }],
  ['0xc0000133', { kind: 'other', text: 'Clocks between DC and other computer too far out of sync' }],
  ['0xc000015b', { kind: 'other', text: 'The user has not been granted the requested logon type (aka logon right) at this machine' }],
  ['0xc000018c', { kind: 'other', text: 'The logon request failed because the trust relationship between the primary domain and the trusted domain failed.' }],
  ['0xc0000192', { kind: 'other', text: 'An attempt was made to logon, but the Netlogon service was not started.' }],
  ['0xc0000193', { kind: 'expired', text: 'User logon with expired account' }],
  ['0xc0000224', { kind: 'expired', text: 'User is required to change password at next logon' }],
  ['0xc0000225', { kind: 'other', text: 'Evidently a bug in Windows and not a risk' }],
  ['0xc0000234', { kind: 'locked', text: 'User logon with account locked' }],
  ['0xc00002ee', { kind: 'other', text: 'Failure Reason: An Error occurred during Logon' }],
  ['0xc0000413', { kind: 'other', text: 'Logon Failure: The machine you are logging onto is protected by an authentication firewall. The specified account is not allowed to authenticate to the machine.' }],
  ['0xc0000371', { kind: 'other', text: 'The local account store does not contain secret material for the specified account' }],
]);

/** Kerberos result codes of 4768/4769/4771 (RFC 4120 names, as winlogbeat's table), with the kind of failure. */
export const KERBEROS_STATUS: ReadonlyMap<number, StatusInfo> = new Map([
  [0x6, { kind: 'unknown_user', text: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' }],
  [0x7, { kind: 'other', text: 'KDC_ERR_S_PRINCIPAL_UNKNOWN' }],
  [0xc, { kind: 'restricted', text: 'KDC_ERR_POLICY' }],
  [0xd, { kind: 'other', text: 'KDC_ERR_BADOPTION' }],
  [0xe, { kind: 'other', text: 'KDC_ERR_ETYPE_NOTSUPP' }],
  [0x10, { kind: 'other', text: 'KDC_ERR_PADATA_TYPE_NOSUPP' }],
  [0x12, { kind: 'disabled', text: 'KDC_ERR_CLIENT_REVOKED' }],
  [0x17, { kind: 'expired', text: 'KDC_ERR_KEY_EXPIRED' }],
  [0x18, { kind: 'bad_password', text: 'KDC_ERR_PREAUTH_FAILED' }],
  [0x19, { kind: 'other', text: 'KDC_ERR_PREAUTH_REQUIRED' }],
  [0x1b, { kind: 'other', text: 'KDC_ERR_MUST_USE_USER2USER' }],
  [0x1f, { kind: 'other', text: 'KRB_AP_ERR_BAD_INTEGRITY' }],
  [0x20, { kind: 'other', text: 'KRB_AP_ERR_TKT_EXPIRED' }],
  [0x25, { kind: 'other', text: 'KRB_AP_ERR_SKEW' }],
  [0x3c, { kind: 'other', text: 'KRB_ERR_GENERIC' }],
]);

/** `%%2313`-style FailureReason message ids of 4625 (winlogbeat's `descriptions`, logon subset). */
export const FAILURE_REASONS: Readonly<Record<string, string>> = {
  '2304': 'An Error occured during Logon.', '2305': 'The specified user account has expired.',
  '2306': 'The NetLogon component is not active.', '2307': 'Account locked out.',
  '2308': 'The user has not been granted the requested logon type at this machine.',
  '2309': "The specified account's password has expired.", '2310': 'Account currently disabled.',
  '2311': 'Account logon time restriction violation.', '2312': 'User not allowed to logon at this computer.',
  '2313': 'Unknown user name or bad password.', '2314': 'Domain sid inconsistent.',
  '2315': 'Smartcard logon is required and was not used.',
};

/** Short words for each kind, used in `event.reason` and alert explanations. */
export const KIND_TEXT: Readonly<Record<FailureKind, string>> = {
  bad_password: 'wrong password', unknown_user: 'unknown user name', bad_credentials: 'unknown user name or bad password',
  locked: 'account locked out', disabled: 'account disabled', expired: 'password or account expired',
  restricted: 'account restriction', other: 'not a credential failure',
};
