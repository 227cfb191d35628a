import type { ParserDef } from '../../core/components.js';
import { suricataConfig, type SuricataConfig } from './config.js';
import { createSuricataParser } from './parser.js';
import { sniffSuricata } from './sniff.js';

export { suricataConfig, type SuricataConfig } from './config.js';
export { createSuricataParser } from './parser.js';

/**
 * `suricata`: Suricata EVE JSON (alert, flow, dns, http, tls, fileinfo, anomaly mapped to ECS;
 * other event types kept with the shared fields). Alerts become `event.kind: alert` with
 * `rule.*` and, from ATT&CK rule metadata, `threat.*`. See docs/formats/suricata.md.
 *
 * @example
 * const p = suricataParser.build(suricataParser.config.parse({}), { dataDir: '/tmp' });
 */
export const suricataParser: ParserDef<SuricataConfig> = {
  name: 'suricata',
  description: 'Suricata EVE JSON: alert, flow, dns, http, tls, fileinfo, anomaly and the rest',
  config: suricataConfig,
  build: (config) => createSuricataParser(config),
  sniff: sniffSuricata,
};
