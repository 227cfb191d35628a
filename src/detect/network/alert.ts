import type { AlertDraft, EntityRef, ExplanationFactor, Severity } from '../../core/alert.js';
import { explain } from '../../core/explain.js';
import { alertId } from '../alert-id.js';

/** What a network finding carries; {@link networkAlert} turns it into an alert draft. */
export interface NetworkFinding {
  rule: string;
  key: string;
  title: string;
  severity: Severity;
  /** Addresses involved (the first is the entity the finding is about). */
  ips: string[];
  hosts?: string[];
  devices?: string[];
  techniques: string[];
  summary: string;
  factors: ExplanationFactor[];
  evidence: string[];
  evidenceCount?: number;
  first: number;
  last: number;
  maxEvidence: number;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * An alert draft from a finding: deterministic id (rule, key, first evidence), entities for every
 * address, host and device, and the explanation rendered from the factors.
 *
 * @example
 * emit(networkAlert({ rule: 'network.scan', key: '10.0.0.5', … }));
 */
export function networkAlert(f: NetworkFinding): AlertDraft {
  const entities: EntityRef[] = [];
  for (const ip of new Set(f.ips)) entities.push({ type: 'ip', id: ip });
  for (const h of new Set(f.hosts ?? [])) entities.push({ type: 'host', id: h });
  for (const d of new Set(f.devices ?? [])) entities.push({ type: 'device', id: d });
  return {
    id: alertId(f.rule, f.key, f.evidence[0] ?? iso(f.first)),
    time: iso(f.last),
    title: f.title,
    severity: f.severity,
    entities,
    techniques: f.techniques,
    firstSeen: iso(f.first),
    lastSeen: iso(f.last),
    explanation: explain(f.summary, f.factors, f.evidence, f.evidenceCount ?? f.evidence.length, f.maxEvidence),
  };
}

/** Bytes for people: 412 MB, 3.1 kB. */
export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${Math.round(n)} B`;
}
