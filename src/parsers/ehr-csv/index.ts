import type { ParserDef } from '../../core/components.js';
import { pseudonymiserFor } from '../../enrich/pseudonymise/index.js';
import { ehrCsvConfig, type EhrCsvConfig } from './config.js';
import { createEhrCsvParser } from './parser.js';

export { ehrCsvConfig, columnsConfig, type EhrCsvConfig } from './config.js';
export { createEhrCsvParser, type EhrCsvParserOptions } from './parser.js';
export { parseCsv, CsvError } from './csv.js';
export { compileTimeFormat, isValidTimeFormat, type TimeReader } from './time-format.js';
export { guessAction } from './actions.js';

/**
 * `ehr-csv`: EHR access-log CSV exports with a configured column mapping (RFC 4180; header line
 * per file), into `ehr.*` access events with the patient pseudonymised. Not sniffed: it needs
 * its `columns` config. See docs/formats/ehr-csv.md.
 *
 * @example
 * const p = ehrCsvParser.build(ehrCsvParser.config.parse({ columns: { user: 'User', time: 'Time', patient: 'MRN' } }), { dataDir });
 */
export const ehrCsvParser: ParserDef<EhrCsvConfig> = {
  name: 'ehr-csv',
  description: 'EHR access-log CSV exports with a configurable column mapping and patient pseudonymisation',
  config: ehrCsvConfig,
  build: (config, ctx) => createEhrCsvParser(config, { pseudonymiser: pseudonymiserFor(ctx.dataDir).withMapping(config.identifiers) }),
};

/**
 * How files of this format should be framed once the file source supports it (proposed
 * `ParserDef.framing`): the whole file is one record, so quoted line breaks survive.
 * Line framing also works (one header per source) for exports without them.
 *
 * @example
 * ehrCsvFraming.framing // 'document'
 */
export const ehrCsvFraming = { framing: 'document' } as const;
