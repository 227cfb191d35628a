import { z } from 'zod';
import type { ParserDef } from '../../core/components.js';
import { isValidTimeZone } from '../common/zone.js';
import { ASA_TAG, createAsaParser } from './parser.js';

export { createAsaParser } from './parser.js';

/**
 * Settings of the `cisco-asa` parser.
 *
 * @example
 * asaConfig.parse({}) // { timezone: 'UTC' }
 */
export const asaConfig = z.strictObject({
  /** IANA zone of the device's timestamps, which carry none (`May  5 17:51:17`). */
  timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
});

/**
 * Share (0..1) of sample lines carrying a `%ASA-n-nnnnnn:` / `%FTD-…` tag. Scores 1 on a full
 * match so it outbids `syslog` on syslog-framed ASA lines.
 *
 * @example
 * sniffAsa(['May  5 17:51:17 dev01: %ASA-6-302013: Built inbound TCP connection 1 for a:1.2.3.4/1 (1.2.3.4/1) to b:5.6.7.8/2 (5.6.7.8/2)']) // 1
 */
export function sniffAsa(lines: string[]): number {
  const sample = lines.filter((l) => l.trim().length > 0).slice(0, 50);
  return sample.length === 0 ? 0 : sample.filter((l) => ASA_TAG.test(l)).length / sample.length;
}

/**
 * `cisco-asa`: Cisco ASA / Firepower Threat Defense syslog. See docs/formats/cisco-asa.md.
 *
 * @example
 * const p = asaParser.build(asaParser.config.parse({}), { dataDir: '/tmp' });
 */
export const asaParser: ParserDef<z.output<typeof asaConfig>> = {
  name: 'cisco-asa',
  description: 'Cisco ASA / FTD syslog (connections, denies, VPN, AAA)',
  config: asaConfig,
  build: (config) => createAsaParser(config),
  sniff: sniffAsa,
};
