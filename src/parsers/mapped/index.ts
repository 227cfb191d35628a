import type { ParserDef } from '../../core/components.js';
import { mappedConfig, type MappedConfig } from './config.js';
import { createMappedParser } from './parser.js';

export { mappedConfig, type MappedConfig, FIELD_TYPES, TIMESTAMP_FORMATS } from './config.js';
export { createMappedParser, lookup } from './parser.js';
export { convert, readTimestamp, ConvertError } from './convert.js';

/**
 * `mapped`: JSON / NDJSON records of any shape, mapped onto the event by a declarative field
 * mapping in config (`parsers.mapped`), so a site can add a source without code. No `sniff`:
 * it reads any JSON, so it is only ever chosen explicitly. Reference: docs/formats/mapped.md.
 *
 * @example
 * const p = mappedParser.build(mappedParser.config.parse({ mappings: { 'user.name': 'badge.holder' }, category: ['authentication'] }), { dataDir: '/tmp' });
 * p.parse({ data: '{"badge":{"holder":"alice"}}', source: 'file:badges.ndjson', receivedAt: Date.now() });
 */
export const mappedParser: ParserDef<MappedConfig> = defineMappedParser('mapped');

/**
 * A `mapped` parser under another name, so a site can run several mappings side by side
 * (`badge-access`, `nurse-call`…) once the registry supports named parser instances; dead
 * letters and `event.module` defaults carry that name.
 *
 * @example
 * const badges = defineMappedParser('badge-access');
 * registry.register(badges.name, badges);
 */
export function defineMappedParser(name: string, description = 'JSON/NDJSON with a declarative field mapping from config (no code per source)'): ParserDef<MappedConfig> {
  return {
    name,
    description,
    config: mappedConfig,
    build: (config) => createMappedParser(config, name),
    // A site's own JSON (badge, nurse call, EHR extracts) may name patients.
    mayCarryPhi: true,
  };
}
