import type { ParserDef } from '../../core/components.js';
import { cefConfig, type CefConfig } from './config.js';
import { createCefParser } from './parser.js';
import { sniffCef, sniffLeef } from './sniff.js';

export { cefConfig, type CefConfig } from './config.js';
export { createCefParser } from './parser.js';
export { parseCef, parseExtension } from './cef-line.js';
export { parseLeef } from './leef-line.js';

/**
 * `cef`: ArcSight Common Event Format, bare or behind a syslog header. Header → `observer.*`,
 * `rule.*`, `event.code`/`severity`; extension keys (`src`, `dst`, `spt`, `dpt`, `suser`, `duser`,
 * `shost`, `dhost`, `act`, `proto`, `request`, `rt`, `csN`+`csNLabel`…) → ECS. See docs/formats/cef.md.
 *
 * @example
 * const p = cefParser.build(cefParser.config.parse({}), { dataDir: '/tmp' });
 */
export const cefParser: ParserDef<CefConfig> = {
  name: 'cef',
  description: 'ArcSight CEF, bare or syslog-framed',
  config: cefConfig,
  build: (config) => createCefParser('cef', config),
  sniff: sniffCef,
};

/**
 * `leef`: IBM QRadar LEEF 1.0 (tab-separated) and 2.0 (custom delimiter), bare or syslog-framed.
 * See docs/formats/leef.md.
 *
 * @example
 * const p = leefParser.build(leefParser.config.parse({}), { dataDir: '/tmp' });
 */
export const leefParser: ParserDef<CefConfig> = {
  name: 'leef',
  description: 'IBM LEEF 1.0 and 2.0, bare or syslog-framed',
  config: cefConfig,
  build: (config) => createCefParser('leef', config),
  sniff: sniffLeef,
};
