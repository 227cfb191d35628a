import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { auditEventToEvent } from './audit-event.js';
import { bundleResources, readFhirDocument } from './document.js';

/**
 * What {@link createFhirAuditParser} needs.
 *
 * @example
 * const o: FhirAuditParserOptions = { pseudonymiser: pseudonymiserFor(dataDir) };
 */
export interface FhirAuditParserOptions {
  pseudonymiser: Pseudonymiser;
  /** IANA zone for date-times without an offset (default UTC). */
  timezone?: string;
}

/**
 * Build a `fhir-audit` parser. One record is one whole document: a JSON or XML AuditEvent, a
 * Bundle of them, or NDJSON lines of them. Every AuditEvent becomes one event; other resources
 * in a Bundle are skipped; a document with no AuditEvent, or with one that cannot be mapped, is
 * a {@link ParseError} (naming the field, never a value).
 *
 * @example
 * const p = createFhirAuditParser({ pseudonymiser });
 * p.parse({ data: xmlText, source: 'file:audit.xml', receivedAt: Date.now() });
 */
export function createFhirAuditParser(opts: FhirAuditParserOptions): Parser {
  const toUtc = zoneResolver(opts.timezone ?? 'UTC');
  return {
    name: 'fhir-audit',
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      const resources = readFhirDocument(record.data, where).flatMap((r) => bundleResources(r));
      const audits = resources.filter((r) => r.resourceType === 'AuditEvent');
      if (audits.length === 0) {
        const found = [...new Set(resources.map((r) => String(r.resourceType).slice(0, 40)))].join(', ') || 'nothing';
        throw new ParseError(`no AuditEvent in the document (found ${found})`, where);
      }
      const ctx = { pseudonymiser: opts.pseudonymiser, toUtc, where };
      return audits.map((r, i) => auditEventToEvent(r, ctx, audits.length > 1 ? i : undefined));
    },
  };
}
