import type { EventCategory } from '../../core/event.js';

/** What a DhcpSrvLog event id means (Microsoft's legend at the top of every log file). */
export interface DhcpId {
  action: string;
  category: EventCategory;
  type: string;
  outcome?: 'success' | 'failure';
}

/**
 * DhcpSrvLog event ids (IPv4), as the legend in the log's preamble lists them.
 *
 * @example
 * DHCP_IDS['10']?.action // 'dhcp-lease-assigned'
 */
export const DHCP_IDS: Record<string, DhcpId> = {
  '00': { action: 'dhcp-log-started', category: 'configuration', type: 'start' },
  '01': { action: 'dhcp-log-stopped', category: 'configuration', type: 'end' },
  '02': { action: 'dhcp-log-paused', category: 'configuration', type: 'change', outcome: 'failure' },
  '10': { action: 'dhcp-lease-assigned', category: 'network', type: 'allowed', outcome: 'success' },
  '11': { action: 'dhcp-lease-renewed', category: 'network', type: 'allowed', outcome: 'success' },
  '12': { action: 'dhcp-lease-released', category: 'network', type: 'end', outcome: 'success' },
  '13': { action: 'dhcp-address-in-use', category: 'network', type: 'info', outcome: 'failure' },
  '14': { action: 'dhcp-pool-exhausted', category: 'network', type: 'denied', outcome: 'failure' },
  '15': { action: 'dhcp-lease-denied', category: 'network', type: 'denied', outcome: 'failure' },
  '16': { action: 'dhcp-lease-deleted', category: 'network', type: 'deletion' },
  '17': { action: 'dhcp-lease-expired-not-deleted', category: 'network', type: 'info' },
  '18': { action: 'dhcp-lease-expired', category: 'network', type: 'end' },
  '20': { action: 'dhcp-bootp-assigned', category: 'network', type: 'allowed', outcome: 'success' },
  '21': { action: 'dhcp-dynamic-bootp-assigned', category: 'network', type: 'allowed', outcome: 'success' },
  '22': { action: 'dhcp-bootp-pool-exhausted', category: 'network', type: 'denied', outcome: 'failure' },
  '23': { action: 'dhcp-bootp-deleted', category: 'network', type: 'deletion' },
  '24': { action: 'dhcp-cleanup-started', category: 'configuration', type: 'start' },
  '25': { action: 'dhcp-cleanup-statistics', category: 'configuration', type: 'info' },
  '30': { action: 'dhcp-dns-update-request', category: 'network', type: 'info' },
  '31': { action: 'dhcp-dns-update-failed', category: 'network', type: 'info', outcome: 'failure' },
  '32': { action: 'dhcp-dns-update-successful', category: 'network', type: 'info', outcome: 'success' },
  '33': { action: 'dhcp-packet-dropped-nap', category: 'network', type: 'denied', outcome: 'failure' },
  '34': { action: 'dhcp-dns-update-queue-full', category: 'network', type: 'info', outcome: 'failure' },
  '35': { action: 'dhcp-dns-update-request-failed', category: 'network', type: 'info', outcome: 'failure' },
  '36': { action: 'dhcp-packet-dropped-failover', category: 'network', type: 'denied', outcome: 'failure' },
  '50': { action: 'dhcp-unreachable-domain', category: 'configuration', type: 'info', outcome: 'failure' },
  '51': { action: 'dhcp-authorized', category: 'configuration', type: 'info', outcome: 'success' },
  '52': { action: 'dhcp-upgraded', category: 'configuration', type: 'change' },
  '53': { action: 'dhcp-cached-authorization', category: 'configuration', type: 'info', outcome: 'success' },
  '54': { action: 'dhcp-not-authorized', category: 'configuration', type: 'info', outcome: 'failure' },
  '55': { action: 'dhcp-authorized-servicing', category: 'configuration', type: 'info', outcome: 'success' },
  '56': { action: 'dhcp-authorization-failed', category: 'configuration', type: 'info', outcome: 'failure' },
  '57': { action: 'dhcp-server-found-in-domain', category: 'configuration', type: 'info' },
  '58': { action: 'dhcp-server-not-found-in-domain', category: 'configuration', type: 'info' },
  '59': { action: 'dhcp-network-failure', category: 'configuration', type: 'info', outcome: 'failure' },
  '60': { action: 'dhcp-no-ds-enabled-dc', category: 'configuration', type: 'info', outcome: 'failure' },
  '61': { action: 'dhcp-server-in-other-forest', category: 'configuration', type: 'info' },
  '62': { action: 'dhcp-another-server-found', category: 'configuration', type: 'info' },
  '63': { action: 'dhcp-rogue-detection-restarted', category: 'configuration', type: 'info' },
  '64': { action: 'dhcp-no-interfaces-bound', category: 'configuration', type: 'info', outcome: 'failure' },
};
