import type { ParserDef } from '../../core/components.js';
import { pseudonymiserFor } from '../../enrich/pseudonymise/index.js';
import { fhirAuditConfig, type FhirAuditConfig } from './config.js';
import { createFhirAuditParser } from './parser.js';
import { sniffFhirAudit } from './sniff.js';

export { fhirAuditConfig, timezoneConfig, type FhirAuditConfig } from './config.js';
export { createFhirAuditParser, type FhirAuditParserOptions } from './parser.js';
export { auditEventToEvent, type AuditContext } from './audit-event.js';
export { bundleResources, readFhirDocument } from './document.js';
export { readXml, XmlError, type XmlElement, type XmlLimits } from './xml.js';
export { readFhirXml, fhirXmlToJson } from './fhir-xml.js';
export { at, codings, conceptText, list, obj, prop, splitReference, str, type Coding, type FhirObject } from './fhir-node.js';
export { fhirTimeIso, fhirTimeMs } from './fhir-time.js';
export { patientPseudonym, splitCxText } from './patient-ref.js';
export { sensitivityCodes, BREAK_GLASS_PURPOSES, VIP_LABELS } from './codes.js';
export { sniffFhirAudit } from './sniff.js';

/**
 * `fhir-audit`: FHIR R4 AuditEvent (JSON or XML; a single resource, a Bundle, or NDJSON) into
 * `ehr.*` access events with the patient pseudonymised. A record is a whole document, so the
 * file source must hand it the whole file (see docs/formats/fhir-audit.md, "Framing").
 *
 * @example
 * const p = fhirAuditParser.build(fhirAuditParser.config.parse({}), { dataDir: '/var/lib/wardwatch' });
 */
export const fhirAuditParser: ParserDef<FhirAuditConfig> = {
  name: 'fhir-audit',
  description: 'FHIR R4 AuditEvent (JSON/XML, single, Bundle, NDJSON) with patient pseudonymisation',
  config: fhirAuditConfig,
  build: (config, ctx) =>
    createFhirAuditParser({ pseudonymiser: pseudonymiserFor(ctx.dataDir).withMapping(config.identifiers), timezone: config.timezone }),
  sniff: sniffFhirAudit,
};

/**
 * How files of this format should be framed once the file source supports it (proposed
 * `ParserDef.framing`): the whole file is one record (a JSON/XML document spans lines).
 *
 * @example
 * fhirAuditFraming.framing // 'document'
 */
export const fhirAuditFraming = { framing: 'document' } as const;
