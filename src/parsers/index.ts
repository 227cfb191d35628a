import type { ParserDef } from '../core/components.js';
import type { Registry } from '../core/registry.js';
import { auditdParser } from './auditd/index.js';
import { cefParser, leefParser } from './cef/index.js';
import { asaParser } from './cisco-asa/index.js';
import { deviceTelemetryParser } from './device-telemetry/index.js';
import { emailParser } from './email/index.js';
import { mappedParser } from './mapped/index.js';
import { ehrCsvParser } from './ehr-csv/index.js';
import { firewallParser } from './firewall/index.js';
import { fortigateParser } from './fortigate/index.js';
import { netflowParser } from './netflow/index.js';
import { panosParser } from './panos/index.js';
import { suricataParser } from './suricata/index.js';
import { apacheErrorParser, iisW3cParser, webAccessParser } from './web-access/index.js';
import { evtxParserDef } from './evtx/index.js';
import { pcapParserDef } from './netproto/index.js';
import { windowsEventParser } from './windows/index.js';
import { windowsDhcpParser } from './windows-dhcp/index.js';
import { windowsDnsParser } from './windows-dns/index.js';
import { zeekParser } from './zeek/index.js';
import { fhirAuditParser } from './fhir-audit/index.js';
import { hl7v2Parser, splitHl7Document } from './hl7v2/index.js';
import { jsonParser } from './json/index.js';
import { linuxAuthParser } from './linux-auth/index.js';
import { m365Parser } from './m365/index.js';
import { oktaParser } from './okta/index.js';
import { syslogParser } from './syslog/index.js';

export { sniffFormat } from './sniff-format.js';
export { syslogParser } from './syslog/index.js';
export { linuxAuthParser, parseAuthMessage } from './linux-auth/index.js';
export { jsonParser } from './json/index.js';

/**
 * The parsers Wardwatch ships, in sniffing priority order (earlier wins a tie).
 *
 * @example
 * BUILTIN_PARSERS.map((p) => p.name) // ['syslog', 'linux-auth', 'json']
 */
export const BUILTIN_PARSERS: readonly ParserDef[] = [
  // Specific formats first: syslog also scores 1 on syslog-wrapped CEF/LEEF/firewall lines, and
  // json on Zeek JSON and Suricata EVE; ties go to the earlier parser.
  zeekParser,
  suricataParser,
  netflowParser,
  // Before firewall: DHCP rows are digit-led CSV, as filterlog records are.
  windowsDhcpParser as ParserDef,
  windowsDnsParser as ParserDef,
  firewallParser,
  asaParser as ParserDef,
  fortigateParser as ParserDef,
  panosParser as ParserDef,
  cefParser,
  leefParser,
  webAccessParser,
  apacheErrorParser,
  iisW3cParser,
  // Before syslog: a file of audit lines also looks like syslog.
  auditdParser,
  emailParser as ParserDef,
  syslogParser,
  linuxAuthParser,
  // Before json: NDJSON AuditEvents also look like JSON, and ties go to the earlier parser.
  { ...fhirAuditParser, phi: true, framing: fhirFraming } as ParserDef,
  { ...hl7v2Parser, phi: true, framing: (text: string) => splitHl7Document(text).map((m) => m.data) } as ParserDef,
  // Before json: Windows events and telemetry are JSON too.
  windowsEventParser as ParserDef,
  evtxParserDef(windowsEventParser) as ParserDef,
  pcapParserDef as ParserDef,
  deviceTelemetryParser as ParserDef,
  // Before json: identity-provider exports are JSON with a known shape.
  m365Parser as ParserDef,
  oktaParser as ParserDef,
  jsonParser,
  { ...ehrCsvParser, phi: true } as ParserDef,
  // Explicit only (no sniff): a site's own JSON records with a declarative field mapping.
  mappedParser as ParserDef,
];

/**
 * FHIR files come as NDJSON bulk exports (one resource per line: one record per line, so one bad
 * resource is dead-lettered alone) or as one JSON/XML document (a resource or a Bundle).
 */
function fhirFraming(text: string): string[] {
  const t = text.trimStart();
  if (t.startsWith('<')) return [text];
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const ndjson = lines.length > 1 && lines.every((l) => l.trimStart().startsWith('{') && l.trimEnd().endsWith('}'));
  return ndjson ? lines : [text];
}

/**
 * Register `syslog`, `linux-auth` and `json`.
 *
 * @example
 * const parsers = new Registry<ParserDef>('parser');
 * registerBuiltinParsers(parsers);
 * parsers.names() // ['json', 'linux-auth', 'syslog']
 */
export function registerBuiltinParsers(registry: Registry<ParserDef>): void {
  for (const def of BUILTIN_PARSERS) registry.register(def.name, def);
}
