import type { ParserDef } from '../../core/components.js';
import { firewallConfig, type FirewallConfig } from './config.js';
import { createFirewallParser } from './parser.js';
import { sniffFirewall } from './sniff.js';

export { firewallConfig, type FirewallConfig } from './config.js';
export { createFirewallParser } from './parser.js';

/**
 * `firewall`: Linux netfilter (iptables, nftables, ufw) `LOG` kernel lines and pfSense / OPNsense
 * `filterlog` records (IPv4/IPv6; TCP, UDP, ICMP, CARP), bare or syslog-framed →
 * `source`/`destination`, `network.*`, `observer.*` interfaces, `event.type` allowed/denied,
 * `rule.*`. See docs/formats/firewall.md.
 *
 * @example
 * const p = firewallParser.build(firewallParser.config.parse({ timezone: 'Europe/Berlin' }), { dataDir: '/tmp' });
 */
export const firewallParser: ParserDef<FirewallConfig> = {
  name: 'firewall',
  description: 'iptables/nftables/ufw kernel log lines and pfSense/OPNsense filterlog',
  config: firewallConfig,
  build: (config) => createFirewallParser(config),
  sniff: sniffFirewall,
};
