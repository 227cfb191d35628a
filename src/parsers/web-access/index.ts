import type { ParserDef } from '../../core/components.js';
import { createWebAccessParser } from './access-parser.js';
import { apacheErrorConfig, iisW3cConfig, webAccessConfig, type ApacheErrorConfig, type IisW3cConfig, type WebAccessConfig } from './config.js';
import { createApacheErrorParser } from './error-parser.js';
import { sniffApacheError, sniffIisW3c, sniffWebAccess } from './sniff.js';
import { createIisW3cParser } from './w3c-parser.js';

export { apacheErrorConfig, iisW3cConfig, webAccessConfig, type ApacheErrorConfig, type IisW3cConfig, type WebAccessConfig } from './config.js';
export { createIisW3cParser } from './w3c-parser.js';
export { createWebAccessParser } from './access-parser.js';
export { createApacheErrorParser } from './error-parser.js';

/**
 * `web-access`: Apache / nginx access logs in Common or Combined Log Format → ECS `url.*`,
 * `http.*`, `user_agent.original`, `source.ip`, category `web`, outcome by status. See
 * docs/formats/web-access.md.
 *
 * @example
 * const p = webAccessParser.build(webAccessParser.config.parse({}), { dataDir: '/tmp' });
 */
export const webAccessParser: ParserDef<WebAccessConfig> = {
  name: 'web-access',
  description: 'Apache/nginx access logs (Common and Combined Log Format)',
  config: webAccessConfig,
  build: () => createWebAccessParser(),
  sniff: sniffWebAccess,
};

/**
 * `apache-error`: Apache httpd (2.0–2.4) and nginx error logs → ECS `log.level`, `message`,
 * `process.pid`, `source.ip`. Times have no zone: option `timezone` (default UTC).
 *
 * @example
 * const p = apacheErrorParser.build(apacheErrorParser.config.parse({ timezone: 'Europe/Berlin' }), { dataDir: '/tmp' });
 */
export const apacheErrorParser: ParserDef<ApacheErrorConfig> = {
  name: 'apache-error',
  description: 'Apache httpd and nginx error logs',
  config: apacheErrorConfig,
  build: (config) => createApacheErrorParser(config),
  sniff: sniffApacheError,
};

/**
 * `iis-w3c`: W3C Extended Log File Format as IIS writes it (`#Fields:` header per source) → the
 * same ECS web access fields as `web-access`. Times are UTC unless `timezone` says otherwise.
 *
 * @example
 * const p = iisW3cParser.build(iisW3cParser.config.parse({}), { dataDir: '/tmp' });
 */
export const iisW3cParser: ParserDef<IisW3cConfig> = {
  name: 'iis-w3c',
  description: 'IIS / W3C extended access logs',
  config: iisW3cConfig,
  build: (config) => createIisW3cParser(config),
  sniff: sniffIisW3c,
};
