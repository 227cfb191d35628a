/**
 * Confidence that the first lines are a FHIR AuditEvent document (JSON, NDJSON or XML).
 *
 * @example
 * sniffFhirAudit(['<AuditEvent xmlns="http://hl7.org/fhir">']) // 0.95
 */
export function sniffFhirAudit(lines: string[]): number {
  const head = lines.slice(0, 30).join('\n').replace(/^\uFEFF/, '');
  if (/<AuditEvent[\s>]/.test(head) && head.includes('http://hl7.org/fhir')) return 0.95;
  // 1, not 0.95: NDJSON AuditEvents also score 1 with the generic `json` parser; register fhir-audit before it.
  if (/"resourceType"\s*:\s*"AuditEvent"/.test(head)) return 1;
  if (/<Bundle[\s>]/.test(head) && /<AuditEvent[\s>]/.test(head)) return 0.9;
  if (/"resourceType"\s*:\s*"Bundle"/.test(head) && head.includes('"AuditEvent"')) return 0.9;
  return 0;
}
