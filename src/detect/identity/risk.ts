import type { Severity } from '../../core/alert.js';
import type { ExplanationFactor } from '../../core/alert.js';

/** Clamp a risk score to 0..100, rounded. */
export function clampRisk(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(100, Math.round(x))) : 0;
}

/**
 * Severity from a 0..100 risk score: ≥ 85 critical, ≥ 65 high, ≥ 40 medium, else low;
 * never below the configured floor.
 *
 * @example
 * severityFor(70) // 'high'
 */
export function severityFor(risk: number, floor: Severity = 'low'): Severity {
  const s: Severity = risk >= 85 ? 'critical' : risk >= 65 ? 'high' : risk >= 40 ? 'medium' : 'low';
  const rank = { low: 1, medium: 2, high: 3, critical: 4 } as const;
  return rank[s] >= rank[floor] ? s : floor;
}

/** The risk score as the last factor of an explanation. */
export function riskFactor(risk: number): ExplanationFactor {
  return { feature: 'risk_score', label: 'risk points of 100', observed: clampRisk(risk) };
}
