import type { ParserDef } from '../../core/components.js';
import { auditdConfig, type AuditdConfig } from './config.js';
import { createAuditdParser } from './parser.js';
import { sniffAuditd } from './sniff.js';

export { auditdConfig, type AuditdConfig } from './config.js';
export { createAuditdParser } from './parser.js';
export { readAuditRecord, auditStart, type AuditRecord } from './record.js';
export { readAuditFields, type AuditFields } from './fields.js';
export { recordToEvent, decodeSaddr } from './to-event.js';
export { AUDIT_TYPES, AUDIT_TYPE_NAMES, type AuditTypeInfo } from './types.js';
export { sniffAuditd } from './sniff.js';

/**
 * `auditd`: Linux audit records (audit.log lines, with or without `node=`, or inside a syslog
 * envelope from audispd / `audit` / the kernel) into ECS process, user, file, source and
 * `auditd.*` fields, one event per record. Field mapping: docs/formats/auditd.md.
 *
 * @example
 * const p = auditdParser.build(auditdParser.config.parse({}), { dataDir: '/tmp' });
 * p.parse({ data: 'type=USER_CMD msg=audit(1767607200.000:7): pid=1 uid=1000 auid=1000 ses=2 msg=\'cwd="/" cmd=6C73 exe="/usr/bin/sudo" terminal=pts/0 res=success\'', source: 'file:audit.log', receivedAt: Date.now() });
 */
export const auditdParser: ParserDef<AuditdConfig> = {
  name: 'auditd',
  description: 'Linux audit records (audit.log, audispd/syslog), one event per record',
  config: auditdConfig,
  build: (config) => createAuditdParser(config),
  sniff: sniffAuditd,
};
