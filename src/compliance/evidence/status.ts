import type Database from 'better-sqlite3';
import { CATALOGUE, childrenOf, weightOf, type Control } from '../controls/index.js';
import { ComplianceRepo, type Attestation } from './attestations.js';
import { runMeasures } from './measures.js';
import type { MeasureResult } from './types.js';

/** A control's status: from automated evidence, from a person's attestation, or neither. */
export type ControlStatus = 'met' | 'partial' | 'gap' | 'not_measured' | 'attested' | 'attestation_overdue';

/** Display order, worst first. */
export const STATUS_ORDER: readonly ControlStatus[] = ['gap', 'attestation_overdue', 'partial', 'not_measured', 'attested', 'met'];

/** A control with its status and the evidence behind it. */
export interface ControlEvaluation {
  control: Control;
  status: ControlStatus;
  /** automated: decided by measures; attestation: by a person; children: by its specifications; none: no evidence. */
  basis: 'automated' | 'attestation' | 'children' | 'none';
  /** Why, in one line. */
  reason: string;
  evidence: MeasureResult[];
  attestation: Attestation | null;
  weight: number;
}

/** Everything evaluated for a period. */
export interface Evaluation {
  from: number;
  to: number;
  controls: ControlEvaluation[];
  measures: MeasureResult[];
  /** Controls not met or attested, worst and heaviest first. */
  gaps: ControlEvaluation[];
  coverage: Coverage;
}

/** How much of the catalogue automated evidence reaches. */
export interface Coverage {
  controls: number;
  /** Controls with at least one automated measure mapped (own or a child's). */
  mapped: number;
  /** Controls whose status this run came (at least partly) from a measure that could be computed. */
  measured: number;
  byFramework: Record<string, { controls: number; mapped: number; measured: number }>;
}

const SEVERITY: Record<ControlStatus, number> = { gap: 3, attestation_overdue: 2, partial: 1.5, not_measured: 1, attested: 0, met: 0 };

/** Combines several statuses into one: any gap is a gap; all met is met; otherwise partial. */
function combine(list: ControlStatus[]): ControlStatus {
  if (!list.length) return 'not_measured';
  if (list.includes('gap')) return 'gap';
  if (list.includes('attestation_overdue')) return 'attestation_overdue';
  if (list.every((s) => s === 'met')) return 'met';
  if (list.every((s) => s === 'met' || s === 'attested')) return 'attested';
  if (list.every((s) => s === 'not_measured')) return 'not_measured';
  return 'partial';
}

/**
 * Evaluates every control of the catalogue for a period: runs the measures once, then decides each
 * control from its measures, its latest attestation and (for a standard or practice) its children.
 * Automated evidence of a gap outranks an attestation — a signed policy does not hide clear-text HL7.
 *
 * @example
 * const ev = evaluate(store.db, ctx.db, Date.parse('2026-01-01'), Date.parse('2026-02-01'));
 * ev.gaps[0].control.citation // '45 CFR 164.312(e)(2)(ii)'
 */
export function evaluate(db: Database.Database, context: Database.Database | undefined, from: number, to: number, now = Date.now(), dataDir?: string): Evaluation {
  const results = runMeasures({ db, context, from, to, now, dataDir });
  const attestations = new ComplianceRepo(db).latest(now);
  const done = new Map<string, ControlEvaluation>();
  const evalOne = (c: Control): ControlEvaluation => {
    const hit = done.get(c.id);
    if (hit) return hit;
    const evidence = c.measures.map((m) => results.get(m)!).filter(Boolean);
    const auto = evidence.map((e) => e.status).filter((s) => s !== 'not_measured') as ControlStatus[];
    const att = attestations.get(c.id) ?? null;
    const attStatus: ControlStatus | null = att ? (att.reviewBy < now ? 'attestation_overdue' : 'attested') : null;
    const kids = childrenOf(c.id).map(evalOne);
    let status: ControlStatus;
    let basis: ControlEvaluation['basis'];
    let reason: string;
    if (kids.length) {
      status = combine([...kids.map((k) => k.status), ...auto, ...(attStatus ? [attStatus] : [])]);
      basis = 'children';
      const counts = STATUS_ORDER.map((s) => [s, kids.filter((k) => k.status === s).length] as const).filter(([, n]) => n);
      reason = `${kids.length} ${c.framework === 'hipaa' ? 'implementation specifications' : 'sub-practices'}: ${counts.map(([s, n]) => `${n} ${s.replace('_', ' ')}`).join(', ')}`;
    } else if (auto.length) {
      const a = combine(auto);
      // A control measured only in part (some measures not computable) is at best partial.
      status = a === 'met' && auto.length < evidence.length ? (attStatus === 'attested' ? 'met' : 'partial') : a;
      basis = 'automated';
      reason = evidence.map((e) => e.summary).join(' ');
    } else if (attStatus) {
      status = attStatus;
      basis = 'attestation';
      reason = `${att!.owner}: ${att!.statement} (evidence ${att!.evidenceFile}; review by ${new Date(att!.reviewBy).toISOString().slice(0, 10)})`;
    } else {
      status = 'not_measured';
      basis = 'none';
      reason = evidence.length ? evidence.map((e) => e.summary).join(' ') + ' No attestation either.' : 'No automated evidence applies; needs an attestation (owner, evidence file, review date).';
    }
    const ev: ControlEvaluation = { control: c, status, basis, reason, evidence, attestation: att, weight: weightOf(c) };
    done.set(c.id, ev);
    return ev;
  };
  const controls = CATALOGUE.map(evalOne);
  const gaps = controls.filter((c) => SEVERITY[c.status] > 0)
    .sort((a, b) => SEVERITY[b.status] * b.weight - SEVERITY[a.status] * a.weight || a.control.id.localeCompare(b.control.id));
  return { from, to, controls, measures: [...results.values()], gaps, coverage: coverageOf(controls) };
}

function coverageOf(controls: ControlEvaluation[]): Coverage {
  const mappedIds = new Set<string>();
  const measuredIds = new Set<string>();
  const byId = new Map(controls.map((c) => [c.control.id, c]));
  const mark = (c: ControlEvaluation): { mapped: boolean; measured: boolean } => {
    const kids = childrenOf(c.control.id).map((k) => mark(byId.get(k.id)!));
    const mapped = c.control.measures.length > 0 || kids.some((k) => k.mapped);
    const measured = c.evidence.some((e) => e.status !== 'not_measured') || kids.some((k) => k.measured);
    if (mapped) mappedIds.add(c.control.id);
    if (measured) measuredIds.add(c.control.id);
    return { mapped, measured };
  };
  controls.forEach(mark);
  const byFramework: Coverage['byFramework'] = {};
  for (const c of controls) {
    const f = (byFramework[c.control.framework] ??= { controls: 0, mapped: 0, measured: 0 });
    f.controls++;
    if (mappedIds.has(c.control.id)) f.mapped++;
    if (measuredIds.has(c.control.id)) f.measured++;
  }
  return { controls: controls.length, mapped: mappedIds.size, measured: measuredIds.size, byFramework };
}
