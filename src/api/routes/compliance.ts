import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildHipaaReport, ComplianceRepo, controlById, evaluate, renderHipaaHtml, rowOf, STATUS_ORDER } from '../../compliance/index.js';
import { WardError } from '../../core/errors.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { principalOf } from '../auth/principal.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

const DAY = 86_400_000;

const period = { from: isoTime.optional(), to: isoTime.optional() };
const listQuery = z.strictObject({
  ...period,
  /** Comma-separated statuses to keep, e.g. `gap,partial`. */
  status: z.string().regex(new RegExp(`^(${STATUS_ORDER.join('|')})(,(${STATUS_ORDER.join('|')}))*$`)).optional(),
  framework: z.enum(['hipaa', 'cpg', 'hicp']).optional(),
});
const reportQuery = z.strictObject({ ...period, format: z.enum(['html', 'json']).default('json') });
const idParams = z.object({ id: z.string().regex(/^[a-z]+-[a-z0-9-]+$/i).max(60) });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'a date (YYYY-MM-DD) or ISO time');
const attestBody = z.strictObject({
  controlId: z.string().min(1).max(60),
  owner: z.string().min(1).max(200),
  statement: z.string().min(1).max(4000),
  evidenceFile: z.string().min(1).max(1000),
  evidenceSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().optional(),
  attestedAt: day.optional(),
  reviewBy: day,
});
const attestPatch = attestBody.omit({ controlId: true }).partial();
const attIdParams = z.object({ id: z.coerce.number().int().min(1) });

/** The period of a request: `from`/`to` (ISO), default the last 30 days to now. */
function periodOf(q: { from?: string | undefined; to?: string | undefined }): { from: number; to: number } {
  const to = q.to ? Date.parse(q.to) : Date.now();
  const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
  if (from >= to) throw new WardError('request.invalid', 'from must be before to', 'query.from');
  return { from, to };
}

/**
 * Compliance evidence: `GET /api/compliance/controls` (status and evidence of every control),
 * `GET /api/compliance/controls/:id` (one control with its evidence, attestations and status history),
 * `POST /api/compliance/attestations`, `PUT /api/compliance/attestations/:id` and
 * `GET /api/compliance/report` (JSON or the sealed HTML report; each report stores a status snapshot).
 * Reading needs `compliance:read` (auditors, privacy officers, admins); attesting `compliance:attest`.
 * Every view and change is written to the audit log, as other PHI-adjacent views are.
 */
export function complianceRoutes(app: FastifyInstance, rt: Runtime): void {
  const repo = new ComplianceRepo(rt.store.db);
  const audit = (req: Parameters<typeof principalOf>[0], action: string, target: string, detail: Record<string, unknown>) =>
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action, target, detail });

  app.get('/api/compliance/controls', {
    schema: { summary: 'HIPAA, CPG and HICP controls with status and evidence for a period; gaps ranked; automated coverage', tags: ['compliance'], querystring: jsonSchema(listQuery) },
    config: { perm: 'compliance:read' },
  }, async (req) => {
    const q = validate(listQuery, req.query, 'query');
    const { from, to } = periodOf(q);
    const ev = evaluate(rt.store.db, rt.context.db, from, to, Date.now(), rt.dataDir);
    const statuses = q.status?.split(',');
    const keep = (r: ReturnType<typeof rowOf>) => (!statuses || statuses.includes(r.status)) && (!q.framework || r.framework === q.framework);
    audit(req, 'view_compliance', 'compliance:controls', { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    return {
      period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      coverage: ev.coverage,
      items: ev.controls.map(rowOf).filter(keep),
      gaps: ev.gaps.map(rowOf).filter(keep).map((g) => ({ id: g.id, citation: g.citation, title: g.title, status: g.status, weight: g.weight })),
      measures: ev.measures,
    };
  });

  app.get('/api/compliance/controls/:id', {
    schema: { summary: 'One control: status, evidence, attestations and status history', tags: ['compliance'], querystring: jsonSchema(z.strictObject(period)) },
    config: { perm: 'compliance:read' },
  }, async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(z.strictObject(period), req.query, 'query');
    if (!controlById(id)) throw new WardError('not_found', `no control ${id}`, 'params.id');
    const { from, to } = periodOf(q);
    const ev = evaluate(rt.store.db, rt.context.db, from, to, Date.now(), rt.dataDir);
    const c = ev.controls.find((x) => x.control.id === id)!;
    audit(req, 'view_compliance', `compliance:${id}`, {});
    return { ...rowOf(c), evidence: c.evidence, children: ev.controls.filter((x) => x.control.parent === id).map(rowOf), attestations: repo.forControl(id), history: repo.history(id) };
  });

  app.post('/api/compliance/attestations', {
    schema: { summary: 'Attest a control: owner, statement, evidence file, review date (audited)', tags: ['compliance'], body: jsonSchema(attestBody) },
    config: { perm: 'compliance:attest' },
  }, async (req, reply) => {
    const b = validate(attestBody, req.body, 'body');
    if (!controlById(b.controlId)) throw new WardError('request.invalid', `no control ${b.controlId}`, 'body.controlId');
    const attestedAt = b.attestedAt ? Date.parse(b.attestedAt) : Date.now();
    const reviewBy = Date.parse(b.reviewBy);
    if (reviewBy <= attestedAt) throw new WardError('request.invalid', 'reviewBy must be after attestedAt', 'body.reviewBy');
    const actor = principalOf(req).actor;
    const a = repo.attest({ controlId: b.controlId, owner: b.owner, statement: b.statement, evidenceFile: b.evidenceFile, evidenceSha256: b.evidenceSha256 ?? null, attestedAt, reviewBy }, actor);
    audit(req, 'compliance_attest', `attestation:${a.id}`, { controlId: a.controlId, owner: a.owner, evidenceFile: a.evidenceFile, reviewBy: b.reviewBy });
    return reply.code(201).send(a);
  });

  app.put('/api/compliance/attestations/:id', {
    schema: { summary: 'Change an attestation (new review date, evidence file, owner …; audited)', tags: ['compliance'], body: jsonSchema(attestPatch) },
    config: { perm: 'compliance:attest' },
  }, async (req) => {
    const { id } = validate(attIdParams, req.params, 'params');
    const b = validate(attestPatch, req.body, 'body');
    const cur = repo.get(id);
    if (!cur) throw new WardError('not_found', `no attestation ${id}`, 'params.id');
    const attestedAt = b.attestedAt ? Date.parse(b.attestedAt) : cur.attestedAt;
    const reviewBy = b.reviewBy ? Date.parse(b.reviewBy) : cur.reviewBy;
    if (reviewBy <= attestedAt) throw new WardError('request.invalid', 'reviewBy must be after attestedAt', 'body.reviewBy');
    const a = repo.update(id, { owner: b.owner, statement: b.statement, evidenceFile: b.evidenceFile, evidenceSha256: b.evidenceSha256, attestedAt, reviewBy }, principalOf(req).actor)!;
    audit(req, 'compliance_attest_update', `attestation:${id}`, { controlId: a.controlId, changed: Object.keys(b) });
    return a;
  });

  app.get('/api/compliance/report', {
    schema: { summary: 'The auditor report for a period: JSON, or the self-contained HTML sealed with its SHA-256 (stores a status snapshot)', tags: ['compliance'], querystring: jsonSchema(reportQuery) },
    config: { perm: 'compliance:read' },
  }, async (req, reply) => {
    const q = validate(reportQuery, req.query, 'query');
    const { from, to } = periodOf(q);
    const report = buildHipaaReport(rt.store.db, rt.context.db, from, to, { snapshot: true, dataDir: rt.dataDir });
    const { html, sha256 } = renderHipaaHtml(report);
    audit(req, 'view_compliance_report', 'compliance:report', { from: report.period.from, to: report.period.to, format: q.format, sha256 });
    if (q.format === 'html') return reply.type('text/html; charset=utf-8').header('x-content-sha256', sha256).send(html);
    return { ...report, sha256 };
  });
}
