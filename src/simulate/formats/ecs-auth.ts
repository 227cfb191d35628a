import { iso } from './time.js';

export interface WinLogon {
  t: number;
  user: string;
  domain: string;
  sourceIp: string;
  host: string;
  success: boolean;
  /** 2 interactive, 3 network, 10 remote interactive (RDP). */
  logonType: 2 | 3 | 10;
  /** Sub-status of a failure (`0xC000006A` bad password, `0xC0000064` no such user, `0xC0000234` locked out). */
  subStatus?: string;
}

const LOGON_TYPE: Record<number, string> = { 2: 'Interactive', 3: 'Network', 10: 'RemoteInteractive' };
const REASON: Record<string, string> = {
  '0xC000006A': 'wrong password', '0xC0000064': 'unknown user name', '0xC0000234': 'account locked out', '0xC0000072': 'account disabled',
};

/**
 * A Windows Security 4624/4625 logon as an ECS JSON line (the shape Winlogbeat/Elastic Agent
 * ship): `event.category: authentication`, `event.outcome`, `user.name`, `source.ip`, `host.name`.
 *
 * @example
 * JSON.parse(winLogonLine({ t: 0, user: 'jsmith', domain: 'SBG', sourceIp: '10.20.0.5', host: 'dc01', success: false, logonType: 3 })).event.code // '4625'
 */
export function winLogonLine(l: WinLogon): string {
  const code = l.success ? '4624' : '4625';
  const reason = l.subStatus ? REASON[l.subStatus] : undefined;
  const doc = {
    '@timestamp': iso(l.t),
    event: {
      kind: 'event', category: ['authentication'], type: ['start'], action: l.success ? 'logged-in' : 'logon-failed',
      outcome: l.success ? 'success' : 'failure', code, provider: 'Microsoft-Windows-Security-Auditing',
      module: 'windows', dataset: 'windows.security', ...(reason ? { reason } : {}),
    },
    user: { name: l.user, domain: l.domain },
    source: { ip: l.sourceIp },
    host: { name: l.host },
    winlog: {
      event_id: Number(code), channel: 'Security', computer_name: l.host,
      logon: { type: LOGON_TYPE[l.logonType] ?? 'Network' },
      ...(l.subStatus ? { event_data: { SubStatus: l.subStatus, Status: '0xC000006D' } } : {}),
    },
  };
  return JSON.stringify(doc);
}

export interface VpnLogin {
  t: number;
  user: string;
  sourceIp: string;
  /** Country the gateway resolved (omitted when it logs none). */
  country?: string;
  success: boolean;
  host: string;
}

/**
 * A VPN gateway authentication as an ECS JSON line (`event.module: vpn`).
 *
 * @example
 * JSON.parse(vpnLine({ t: 0, user: 'a', sourceIp: '1.2.3.4', country: 'US', success: true, host: 'vpn01' })).event.outcome // 'success'
 */
export function vpnLine(v: VpnLogin): string {
  return JSON.stringify({
    '@timestamp': iso(v.t),
    event: {
      kind: 'event', category: ['authentication', 'network'], type: ['start'], action: v.success ? 'vpn-login' : 'vpn-login-failed',
      outcome: v.success ? 'success' : 'failure', module: 'vpn', dataset: 'vpn.auth', provider: 'globalprotect',
    },
    user: { name: v.user },
    source: v.country ? { ip: v.sourceIp, geo: { country_iso_code: v.country } } : { ip: v.sourceIp },
    host: { name: v.host },
    observer: { name: v.host, product: 'GlobalProtect', vendor: 'Palo Alto Networks', type: 'vpn' },
  });
}
