import { EHR_CSV_HEADER } from './formats/ehr.js';
import { ZEEK_CONN, ZEEK_DNS, ZEEK_HTTP, ZEEK_SMB_FILES, zeekFooter, zeekHeader } from './formats/zeek.js';

/** The outputs a simulated day writes, one file per stream per day. */
export type StreamId = 'auth' | 'windows' | 'vpn' | 'zeek-conn' | 'zeek-dns' | 'zeek-http' | 'zeek-smb-files' | 'fhir' | 'hl7' | 'ehr' | 'telemetry' | 'mail';

export interface StreamDef {
  id: StreamId;
  /** File name inside the day's folder (`mail` writes one `.eml` per message into this folder). */
  file: string;
  /** What the file holds, for people. */
  format: string;
  /** Registered parser name that reads it (eval skips streams whose parser is not registered). */
  parser: string;
  header?(dayStart: number): string[];
  footer?(dayEnd: number): string[];
  /** One file per record (mail). */
  perRecord?: boolean;
  /** Settings the parser needs for this file (e.g. the EHR CSV column mapping), copied into the manifest. */
  parserConfig?: Record<string, unknown>;
}

/** How the `ehr-csv` parser reads the simulator's EHR access log. */
export const EHR_CSV_PARSER_CONFIG = {
  columns: {
    time: 'time', user: 'user', role: 'role', department: 'department', workstation: 'workstation',
    patient: 'patient_id', action: 'action', reason: 'reason', breakGlass: 'break_glass',
  },
  patientSystem: 'urn:sim:mrn',
};

/** HL7 assigning authorities (PID-3.4) of the simulated facilities name the same MRN system as the EHR and the patient index. */
export const HL7_PARSER_CONFIG = { identifiers: { authorities: { SBG: 'urn:sim:mrn', RFC: 'urn:sim:mrn' } } };

/**
 * Every stream the simulator writes, in a fixed order (the order files are written, listed and — within a
 * replay slot — ingested: HL7 announces the visits and orders before the accesses that follow them).
 *
 * @example
 * STREAMS.find((s) => s.id === 'auth')?.parser // 'syslog'
 */
export const STREAMS: readonly StreamDef[] = [
  { id: 'auth', file: 'auth.log', format: 'Linux auth.log (RFC 3164 syslog file lines: sshd, PAM, sudo, cron)', parser: 'syslog' },
  { id: 'windows', file: 'windows-security.ndjson', format: 'ECS JSON, Windows Security 4624/4625 logons', parser: 'json' },
  { id: 'vpn', file: 'vpn.ndjson', format: 'ECS JSON, VPN gateway authentications', parser: 'json' },
  { id: 'zeek-conn', file: 'zeek/conn.log', format: 'Zeek conn.log (TSV)', parser: 'zeek', header: (t) => zeekHeader(ZEEK_CONN, t), footer: zeekFooter },
  { id: 'zeek-dns', file: 'zeek/dns.log', format: 'Zeek dns.log (TSV)', parser: 'zeek', header: (t) => zeekHeader(ZEEK_DNS, t), footer: zeekFooter },
  { id: 'zeek-http', file: 'zeek/http.log', format: 'Zeek http.log (TSV)', parser: 'zeek', header: (t) => zeekHeader(ZEEK_HTTP, t), footer: zeekFooter },
  { id: 'zeek-smb-files', file: 'zeek/smb_files.log', format: 'Zeek smb_files.log (TSV)', parser: 'zeek', header: (t) => zeekHeader(ZEEK_SMB_FILES, t), footer: zeekFooter },
  { id: 'hl7', file: 'adt.hl7', format: 'HL7 v2.5.1 ADT and ORM messages, segments ended by CR, one message per line', parser: 'hl7v2', parserConfig: HL7_PARSER_CONFIG },
  { id: 'fhir', file: 'fhir-audit.ndjson', format: 'FHIR R4 AuditEvent, one resource per line', parser: 'fhir-audit' },
  { id: 'ehr', file: 'ehr-access.csv', format: 'EHR access-log CSV', parser: 'ehr-csv', header: () => [EHR_CSV_HEADER], parserConfig: EHR_CSV_PARSER_CONFIG },
  { id: 'telemetry', file: 'device-telemetry.ndjson', format: 'MQTT device telemetry, one publish per line', parser: 'device-telemetry' },
  { id: 'mail', file: 'mail', format: 'RFC 5322 .eml messages (ham and phishing from the shared corpora)', parser: 'email', perRecord: true },
];

/**
 * The stream definition for an id.
 *
 * @example
 * streamDef('hl7').file // 'adt.hl7'
 */
export function streamDef(id: StreamId): StreamDef {
  return STREAMS.find((s) => s.id === id)!;
}
