import { z } from 'zod';
import type { ParsedEvent, ParserDef } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { objectOf, sniffJsonObjects } from '../common/json-object.js';
import { recordWhere } from '../common/where.js';
import { isUnifiedAudit, mapUnifiedAudit } from './audit.js';
import { isSignIn, mapSignIn } from './sign-in.js';

export { mapSignIn, isSignIn } from './sign-in.js';
export { mapUnifiedAudit, isUnifiedAudit } from './audit.js';

/**
 * The `m365` parser has no settings; strict so a typo is reported.
 *
 * @example
 * m365Config.parse({}) // {}
 */
export const m365Config = z.strictObject({});

/**
 * `m365`: Microsoft Entra ID sign-ins (Graph `signIn` objects — the `/auditLogs/signIns` API, the
 * portal's JSON download — and the Azure Monitor `SignInLogs` diagnostic form) and Microsoft 365
 * unified audit log records, one JSON object per record (NDJSON, or a JSON array / Graph
 * `{"value": […]}` page, which the framing splits). See docs/formats/m365.md.
 *
 * @example
 * const p = m365Parser.build({}, { dataDir: '/tmp' });
 */
export const m365Parser: ParserDef<z.output<typeof m365Config>> = {
  name: 'm365',
  description: 'Microsoft Entra ID sign-in logs (Graph / portal JSON) and Microsoft 365 unified audit log',
  config: m365Config,
  build: () => ({
    name: 'm365',
    parse(record): ParsedEvent[] {
      const o = objectOf(record);
      const where = recordWhere(record);
      if (isSignIn(o)) return [mapSignIn(o, where)];
      if (isUnifiedAudit(o)) return [mapUnifiedAudit(o, where)];
      throw new ParseError('not an Entra ID sign-in (createdDateTime, userPrincipalName, status) nor a unified audit record (CreationTime, Operation, Workload, RecordType)', where);
    },
  }),
  sniff: (lines) => sniffJsonObjects(lines, (o) => isSignIn(o) || isUnifiedAudit(o)),
};
