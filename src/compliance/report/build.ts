import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { VERSION } from '../../version.js';
import { ComplianceRepo } from '../evidence/attestations.js';
import { evaluate, STATUS_ORDER, type ControlEvaluation, type ControlStatus, type Coverage } from '../evidence/status.js';
import type { MeasureResult } from '../evidence/types.js';

/** One control as the report and the API show it. */
export interface ControlRow {
  id: string;
  framework: string;
  kind: string;
  citation: string;
  title: string;
  section: string;
  requirement: string | null;
  tier: string | null;
  parent: string | null;
  status: ControlStatus;
  basis: ControlEvaluation['basis'];
  reason: string;
  weight: number;
  measures: string[];
  attestation: { id: number; owner: string; evidenceFile: string; evidenceSha256: string | null; attestedAt: string; reviewBy: string } | null;
}

/** The HIPAA evidence report: the data behind the HTML/PDF, and the JSON output. */
export interface HipaaReport {
  title: string;
  generated: string;
  version: string;
  period: { from: string; to: string };
  coverage: Coverage & { mappedShare: number; measuredShare: number };
  statusCounts: Record<string, Record<ControlStatus, number>>;
  controls: ControlRow[];
  gaps: ControlRow[];
  measures: MeasureResult[];
  trend: Array<{ taken: string; counts: Record<string, number> }>;
}

const iso = (t: number) => new Date(t).toISOString();

/** A control evaluation as a flat row (ids, statuses, evidence summaries — no event content). */
export function rowOf(c: ControlEvaluation): ControlRow {
  const a = c.attestation;
  return {
    id: c.control.id, framework: c.control.framework, kind: c.control.kind, citation: c.control.citation, title: c.control.title, section: c.control.section,
    requirement: c.control.requirement ?? null, tier: c.control.tier ?? null, parent: c.control.parent ?? null,
    status: c.status, basis: c.basis, reason: c.reason, weight: c.weight, measures: c.control.measures,
    attestation: a ? { id: a.id, owner: a.owner, evidenceFile: a.evidenceFile, evidenceSha256: a.evidenceSha256, attestedAt: iso(a.attestedAt), reviewBy: iso(a.reviewBy) } : null,
  };
}

/**
 * Evaluates the catalogue for [from, to) and shapes the report. With `snapshot`, stores each control's
 * status in the history first (the trend then includes this run).
 *
 * @example
 * const r = buildHipaaReport(store.db, ctx?.db, Date.parse('2026-01-01'), Date.parse('2026-02-01'), { snapshot: true });
 */
export function buildHipaaReport(db: Database.Database, context: Database.Database | undefined, from: number, to: number, o: { snapshot?: boolean; now?: number; dataDir?: string } = {}): HipaaReport {
  const now = o.now ?? Date.now();
  const ev = evaluate(db, context, from, to, now, o.dataDir);
  const repo = new ComplianceRepo(db);
  if (o.snapshot) repo.snapshot(ev.controls.map((c) => ({ controlId: c.control.id, status: c.status, summary: c.reason.slice(0, 500) })), from, to, now);
  const statusCounts: HipaaReport['statusCounts'] = {};
  for (const c of ev.controls) {
    const f = (statusCounts[c.control.framework] ??= Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<ControlStatus, number>);
    f[c.status]++;
  }
  return {
    title: 'HIPAA Security Rule control evidence',
    generated: iso(now), version: VERSION,
    period: { from: iso(from), to: iso(to) },
    coverage: { ...ev.coverage, mappedShare: ev.coverage.mapped / ev.coverage.controls, measuredShare: ev.coverage.measured / ev.coverage.controls },
    statusCounts, controls: ev.controls.map(rowOf), gaps: ev.gaps.map(rowOf), measures: ev.measures,
    trend: repo.trend().map((t) => ({ taken: iso(t.taken), counts: t.counts })),
  };
}

/** 64 zeros: stands in for the digest while it is computed and checked. */
export const DIGEST_PLACEHOLDER = '0'.repeat(64);

/**
 * Seals a document that contains {@link DIGEST_PLACEHOLDER}: the digest is the SHA-256 of the
 * document as it is with the placeholder, written in its place. To check a file, replace the
 * digest by 64 zeros and hash it: `sed "s/$D/$(printf '0%.0s' {1..64})/g" report.html | sha256sum`.
 */
export function seal(doc: string): { doc: string; sha256: string } {
  const sha256 = createHash('sha256').update(doc, 'utf8').digest('hex');
  return { doc: doc.split(DIGEST_PLACEHOLDER).join(sha256), sha256 };
}

/** Checks a sealed document: true when its digest matches its content. */
export function verifySeal(doc: string, sha256: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(sha256) || !doc.includes(sha256)) return false;
  return createHash('sha256').update(doc.split(sha256).join(DIGEST_PLACEHOLDER), 'utf8').digest('hex') === sha256;
}
