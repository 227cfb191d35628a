import type { ParserDef } from '../../core/components.js';
import { pseudonymiserFor } from '../../enrich/pseudonymise/index.js';
import { hl7v2Config, type Hl7v2Config } from './config.js';
import { createHl7v2Parser } from './parser.js';
import { sniffHl7v2 } from './sniff.js';
import { splitHl7Document } from './message.js';

export { hl7v2Config, type Hl7v2Config } from './config.js';
export { createHl7v2Parser, type Hl7v2ParserOptions } from './parser.js';
export {
  component,
  field,
  Hl7Error,
  parseHl7,
  repetitions,
  segment,
  splitHl7Document,
  splitHl7Messages,
  subcomponents,
  unescapeHl7,
  type Delimiters,
  type Hl7ErrorCode,
  type Hl7Message,
  type Segment,
} from './message.js';
export { messageToEvent, type Hl7Context, type Hl7Fields, type TreatmentRelationship } from './to-event.js';
export { staff, type PatientIdRef, type PatientKeys, type StaffRef } from './people.js';
export { hl7TimeIso, hl7TimeMs } from './time.js';
export { triggerOf, type Trigger } from './triggers.js';
export { sniffHl7v2 } from './sniff.js';

/**
 * `hl7v2`: HL7 v2.3–2.8 messages (ADT, ORM, ORU, SIU, MDM and others) into `ehr.*` events with
 * the patient pseudonymised and the treatment relationship in `ehr.relationship`. A record may
 * hold several messages (a file); see docs/formats/hl7v2.md.
 *
 * @example
 * const p = hl7v2Parser.build(hl7v2Parser.config.parse({}), { dataDir: '/var/lib/wardwatch' });
 */
export const hl7v2Parser: ParserDef<Hl7v2Config> = {
  name: 'hl7v2',
  description: 'HL7 v2 messages (ADT, ORM, ORU, SIU, MDM, …) with patient pseudonymisation',
  config: hl7v2Config,
  build: (config, ctx) =>
    createHl7v2Parser({ pseudonymiser: pseudonymiserFor(ctx.dataDir).withMapping(config.identifiers), timezone: config.timezone }),
  sniff: sniffHl7v2,
};

/**
 * How files of this format should be framed once the file source supports it (proposed
 * `ParserDef.framing` / `split`): whole file, split into one record per message.
 *
 * @example
 * hl7v2Framing.split('MSH|…\nMSH|…').length // 2
 */
export const hl7v2Framing = { framing: 'document', split: splitHl7Document } as const;
