import type { FastifyInstance } from 'fastify';
import { FhirAuditSink } from '../../compliance/fhir-audit/index.js';
import { privacyStatement } from '../../compliance/privacy/index.js';
import { retentionDays } from '../../compliance/retention/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { ROLES } from '../../store/sqlite/users.js';
import { permissionsOf } from '../auth/roles.js';
import { onPhiView } from '../ehr-audit.js';

/**
 * `GET /api/privacy`: what Wardwatch stores, where, for how long, how it is protected and who can
 * see it, generated from the running configuration. Also starts the FHIR AuditEvent sink for
 * Wardwatch's own views of PHI when `privacy.fhirAudit` names a file or URL.
 */
export function privacyRoutes(app: FastifyInstance, rt: Runtime): void {
  const cfg = rt.loaded.config;
  const sink = new FhirAuditSink(cfg.privacy.fhirAudit, (m) => app.log.warn(m));
  if (sink.enabled) {
    onPhiView(rt.store, (v) => sink.emit(v));
    app.addHook('onClose', async () => { onPhiView(rt.store, undefined); await sink.flush(); });
  }

  app.get('/api/privacy', {
    schema: { summary: 'What is stored, where, for how long, how it is protected, and who can see it (from the live configuration)', tags: ['privacy'] },
    config: { perm: 'read' },
  }, async () => ({
    ...privacyStatement(rt.dataDir, cfg.privacy, retentionDays(cfg.privacy.retention, cfg.store.retentionDays), Object.fromEntries(ROLES.map((r) => [r, permissionsOf(r)]))),
    ...(sink.enabled ? { fhirAuditStats: sink.stats } : {}),
  }));
}
