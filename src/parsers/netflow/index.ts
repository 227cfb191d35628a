import type { ParserDef } from '../../core/components.js';
import { netflowConfig, type NetflowConfig } from './config.js';
import { createNetflowParser } from './parser.js';
import { sniffNetflow } from './sniff.js';

export { netflowConfig, type NetflowConfig } from './config.js';
export { createNetflowParser } from './parser.js';
export { nfdumpFraming } from './framing.js';

/**
 * `netflow`: NetFlow v5/v9 and IPFIX flows as exported by nfdump (`-o csv` with its header, or
 * `-o json` / `-o json-log` objects) → ECS network connection events. See docs/formats/netflow.md.
 *
 * @example
 * const p = netflowParser.build(netflowParser.config.parse({ timezone: 'UTC' }), { dataDir: '/tmp' });
 */
export const netflowParser: ParserDef<NetflowConfig> = {
  name: 'netflow',
  description: 'NetFlow/IPFIX flows from nfdump (CSV and JSON)',
  config: netflowConfig,
  build: (config) => createNetflowParser(config),
  sniff: sniffNetflow,
};
