import type { ParserDef } from '../../core/components.js';
import { zeekConfig, type ZeekConfig } from './config.js';
import { createZeekParser } from './parser.js';
import { sniffZeek } from './sniff.js';

export { zeekConfig, type ZeekConfig } from './config.js';
export { createZeekParser } from './parser.js';
export { sniffZeek } from './sniff.js';

/**
 * `zeek`: Zeek logs in TSV (with the `#separator`/`#fields`/`#types` header, read statefully per
 * source) and JSON (one object per line). conn, dns, http, ssl, files, notice, weird and x509
 * are mapped to ECS (`source`/`destination`, `network.*`, `dns.*`, `http.*`/`url.*`, `tls.*`,
 * `file.*`, `rule.*`); any other stream keeps the shared fields. The record stays under `raw`.
 * See docs/formats/zeek.md.
 *
 * @example
 * const p = zeekParser.build(zeekParser.config.parse({}), { dataDir: '/tmp' });
 * p.parse({ data: '{"_path":"conn","ts":1632928690.5,"uid":"C1","id.orig_h":"10.0.0.1","proto":"udp"}', source: 'f', receivedAt: 0 });
 */
export const zeekParser: ParserDef<ZeekConfig> = {
  name: 'zeek',
  description: 'Zeek logs (TSV with #fields header, or JSON): conn, dns, http, ssl, files, notice, weird, x509',
  config: zeekConfig,
  build: (config) => createZeekParser(config),
  sniff: sniffZeek,
};
