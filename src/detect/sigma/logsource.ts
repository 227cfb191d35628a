import { getField, type WardEvent } from '../../core/event.js';
import type { LogSource } from './rule.js';

/** The log source(s) an event belongs to: one product, any number of categories and services. */
export interface EventLogSource {
  product: string | undefined;
  categories: string[];
  services: string[];
}

/** Windows channel (lower-case) → Sigma `service`. */
const CHANNEL_SERVICES: Record<string, string> = {
  security: 'security',
  system: 'system',
  application: 'application',
  'microsoft-windows-sysmon/operational': 'sysmon',
  'microsoft-windows-powershell/operational': 'powershell',
  'windows powershell': 'powershell-classic',
  'microsoft-windows-windows defender/operational': 'windefend',
  'microsoft-windows-taskscheduler/operational': 'taskscheduler',
  'microsoft-windows-wmi-activity/operational': 'wmi',
  'microsoft-windows-dns-client/operational': 'dns-client',
  'microsoft-windows-bits-client/operational': 'bits-client',
  'microsoft-windows-codeintegrity/operational': 'codeintegrity-operational',
  'microsoft-windows-appxdeploymentserver/operational': 'appxdeployment-server',
  'microsoft-windows-appxdeployment-server/operational': 'appxdeployment-server',
  'microsoft-windows-appxpackaging/operational': 'appxpackaging-om',
  'microsoft-windows-appmodel-runtime/admin': 'appmodel-runtime',
  'microsoft-windows-windows firewall with advanced security/firewall': 'firewall-as',
  'msexchange management': 'msexchange-management',
  'microsoft-windows-ntlm/operational': 'ntlm',
  'microsoft-windows-security-mitigations/kernel mode': 'security-mitigations',
  'microsoft-windows-security-mitigations/user mode': 'security-mitigations',
  'microsoft-windows-smbclient/security': 'smbclient-security',
  'microsoft-windows-smbclient/connectivity': 'smbclient-connectivity',
  'microsoft-windows-smbserver/connectivity': 'smbserver-connectivity',
  'microsoft-windows-terminalservices-localsessionmanager/operational': 'terminalservices-localsessionmanager',
  'microsoft-windows-printservice/admin': 'printservice-admin',
  'microsoft-windows-printservice/operational': 'printservice-operational',
  'openssh/operational': 'openssh',
  'dns server': 'dns-server',
  'microsoft-windows-dns-server/analytical': 'dns-server-analytic',
  'microsoft-windows-driverframeworks-usermode/operational': 'driver-framework',
  'microsoft-windows-lsa/operational': 'lsa-server',
  'microsoft-windows-capi2/operational': 'capi2',
  'microsoft-windows-certificateservicesclient-lifecycle-system/operational': 'certificateservicesclient-lifecycle-system',
  'microsoft-windows-shell-core/operational': 'shell-core',
  'microsoft-windows-diagnosis-scripted/operational': 'diagnosis-scripted',
  'microsoft-servicebus-client': 'microsoft-servicebus-client',
  'microsoft-windows-ldap-client/debug': 'ldap_debug',
  'microsoft-windows-iis-configuration/operational': 'iis-configuration',
  'microsoft-windows-kernel-shimengine/operational': 'shimengine',
};

/** Parser modules of Unix host logs → SigmaHQ service (product linux or macos). */
const HOST_LOG_MODULES: Record<string, string> = {
  auditd: 'auditd', 'linux-auth': 'auth', auth: 'auth', sshd: 'sshd', sudo: 'sudo', cron: 'cron', syslog: 'syslog', clamav: 'clamav', vsftpd: 'vsftpd',
};

/** Sysmon event id → Sigma categories (registry event 12 splits on EventType). */
const SYSMON_CATEGORIES: Record<number, string[]> = {
  1: ['process_creation'], 2: ['file_change'], 3: ['network_connection'], 4: ['sysmon_status'],
  5: ['process_termination'], 6: ['driver_load'], 7: ['image_load'], 8: ['create_remote_thread'],
  9: ['raw_access_thread'], 10: ['process_access'], 11: ['file_event'], 12: ['registry_event'],
  13: ['registry_event', 'registry_set'], 14: ['registry_event', 'registry_rename'], 15: ['create_stream_hash'],
  16: ['sysmon_status'], 17: ['pipe_created'], 18: ['pipe_created'], 19: ['wmi_event'], 20: ['wmi_event'],
  21: ['wmi_event'], 22: ['dns_query'], 23: ['file_delete'], 24: ['clipboard_capture'], 25: ['process_tampering'],
  26: ['file_delete', 'file_delete_detected'], 27: ['file_block_executable'], 28: ['file_block_shredding'],
  29: ['file_executable_detected'], 255: ['sysmon_error'],
};

function rawOf(e: WardEvent, key: string): unknown {
  return e.raw?.[key];
}

/**
 * Derive the Sigma log source of an event. Windows events are recognised by their channel and
 * event id (Sysmon 1 → `process_creation`, Security 4688 → `process_creation` too, PowerShell
 * 4104 → `ps_script` …); other parsers can declare theirs with the labels `sigma.product`,
 * `sigma.category` and `sigma.service` (comma-separated).
 *
 * @example
 * eventLogSource(e) // { product: 'windows', categories: ['process_creation'], services: ['sysmon'] }
 */
export function eventLogSource(e: WardEvent): EventLogSource {
  const labels = e.labels;
  const out: EventLogSource = { product: undefined, categories: [], services: [] };
  if (labels?.['sigma.product']) {
    out.product = labels['sigma.product'].toLowerCase();
    if (labels['sigma.category']) out.categories = labels['sigma.category'].toLowerCase().split(',');
    if (labels['sigma.service']) out.services = labels['sigma.service'].toLowerCase().split(',');
    return out;
  }
  const channelRaw = rawOf(e, 'Channel');
  if (typeof channelRaw !== 'string') {
    // Non-Windows events: product from the parser module, categories from ECS event.category,
    // services from the dataset (`ehr.audit` → `ehr.audit` and `audit`).
    const mod = e.event.module;
    if (typeof mod === 'string') {
      const m = mod.toLowerCase();
      const hostService = HOST_LOG_MODULES[m];
      if (hostService) {
        // Host logs of Unix systems: SigmaHQ names them product linux/macos, service auditd/auth/…
        const os = getField(e, 'host.os.family') ?? getField(e, 'host.os.type');
        out.product = typeof os === 'string' && /darwin|mac/i.test(os) ? 'macos' : 'linux';
        out.services.push(hostService);
      } else out.product = m;
    }
    if (Array.isArray(e.event.category)) out.categories = e.event.category.map((c) => String(c).toLowerCase());
    out.categories.push(...sigmaCategoriesFromEcs(e, out.categories));
    const ds = e.event.dataset;
    if (typeof ds === 'string') {
      const d = ds.toLowerCase();
      out.services.push(d);
      if (mod && d.startsWith(`${mod.toLowerCase()}.`)) out.services.push(d.slice(mod.length + 1));
    }
    return out;
  }
  out.product = 'windows';
  const channel = channelRaw.toLowerCase();
  const eid = Number(rawOf(e, 'EventID') ?? e.event.code);
  let service = CHANNEL_SERVICES[channel];
  if (!service && channel.startsWith('microsoft-windows-applocker/')) service = 'applocker';
  if (service) out.services.push(service);
  if (service === 'sysmon') {
    const cats = SYSMON_CATEGORIES[eid];
    if (cats) out.categories.push(...cats);
    if (eid === 12) {
      const t = String(rawOf(e, 'EventType') ?? '').toLowerCase();
      if (t === 'createkey') out.categories.push('registry_add');
      else if (t.startsWith('delete')) out.categories.push('registry_delete');
      else out.categories.push('registry_add', 'registry_delete');
    }
  } else if (service === 'security' && eid === 4688) {
    out.categories.push('process_creation');
  } else if (service === 'powershell') {
    if (eid === 4104) out.categories.push('ps_script');
    else if (eid === 4103) out.categories.push('ps_module');
  } else if (service === 'powershell-classic') {
    if (eid === 400) out.categories.push('ps_classic_start');
    else if (eid === 600) out.categories.push('ps_classic_provider_start');
    else if (eid === 800) out.categories.push('ps_classic_script');
  }
  return out;
}

/**
 * Sigma categories implied by ECS ones: a process start is `process_creation`, web traffic is
 * `proxy` when a proxy reported it and `webserver` otherwise, DNS is `dns`.
 */
function sigmaCategoriesFromEcs(e: WardEvent, ecs: string[]): string[] {
  const out: string[] = [];
  const types = Array.isArray(e.event.type) ? e.event.type.map(String) : [];
  const origin = `${e.event.module ?? ''} ${e.event.dataset ?? ''}`.toLowerCase();
  if (ecs.includes('process') && types.includes('start')) out.push('process_creation');
  if (ecs.includes('web')) out.push(/proxy|squid|zscaler|bluecoat/.test(origin) ? 'proxy' : 'webserver');
  if (/\bdns\b|dns\./.test(origin) || getField(e, 'dns.question.name') !== undefined) out.push('dns');
  if (ecs.includes('network') && /firewall|nftables|iptables|pf\b/.test(origin)) out.push('firewall');
  return out.filter((c) => !ecs.includes(c));
}

/**
 * Stable key of an event log source, for caching the rule bucket it meets.
 *
 * @example
 * logSourceKey({ product: 'windows', categories: ['process_creation'], services: ['sysmon'] }) // 'windows|process_creation|sysmon'
 */
export function logSourceKey(ls: EventLogSource): string {
  return `${ls.product ?? ''}|${ls.categories.join(',')}|${ls.services.join(',')}`;
}

/**
 * Whether a rule written for `rule` applies to an event of `ev`: every part the rule names must
 * be present on the event (an unnamed part matches anything).
 *
 * @example
 * ruleApplies({ product: 'windows', category: 'process_creation' }, eventLogSource(e))
 */
export function ruleApplies(rule: LogSource, ev: EventLogSource): boolean {
  if (rule.product !== undefined && rule.product !== ev.product) return false;
  if (rule.category !== undefined && !ev.categories.includes(rule.category)) return false;
  if (rule.service !== undefined && !ev.services.includes(rule.service)) return false;
  return true;
}

/**
 * pySigma's "rule log source is in filter log source": every part the filter names is equal.
 *
 * @example
 * logSourceWithin({ product: 'windows', category: 'process_creation' }, { product: 'windows' }) // true
 */
export function logSourceWithin(rule: LogSource, filter: LogSource): boolean {
  return (
    (filter.product === undefined || filter.product === rule.product) &&
    (filter.category === undefined || filter.category === rule.category) &&
    (filter.service === undefined || filter.service === rule.service)
  );
}
