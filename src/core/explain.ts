import { humanDuration } from './duration.js';
import type { Explanation, ExplanationFactor } from './alert.js';

function fmt(v: number | string): string {
  return typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : v;
}

/**
 * Render one factor as a clause: "23 failed logins for the account in 5 minutes (threshold 10)".
 *
 * @example
 * renderFactor({ feature: 'failures', label: 'failed logins', observed: 23, threshold: 10, windowMs: 300000 })
 * // '23 failed logins in 5 minutes (threshold 10)'
 */
export function renderFactor(f: ExplanationFactor): string {
  let s = `${fmt(f.observed)} ${f.label}`;
  if (f.windowMs !== undefined) s += ` in ${humanDuration(f.windowMs)}`;
  const cmp: string[] = [];
  if (f.threshold !== undefined) cmp.push(`threshold ${fmt(f.threshold)}`);
  // A threshold baseline only repeats the threshold: say it once.
  if (f.baseline && !(f.baseline.kind === 'threshold' && f.threshold !== undefined)) cmp.push(f.baseline.description ?? `${f.baseline.kind} baseline ${fmt(f.baseline.value)}`);
  if (cmp.length) s += ` (${cmp.join('; ')})`;
  return s;
}

/**
 * Build an explanation from structured parts; the text is derived, never hand-written per alert.
 *
 * @example
 * explain('Possible brute force against account "root".', [factor], ids, 23).text
 * // 'Possible brute force against account "root": 23 failed logins in 5 minutes (threshold 10).'
 */
export function explain(
  summary: string,
  factors: ExplanationFactor[],
  evidence: string[],
  evidenceCount: number,
  maxEvidence = 50,
): Explanation {
  const head = summary.replace(/[.:]\s*$/, '');
  const text = factors.length ? `${head}: ${factors.map(renderFactor).join('; ')}.` : `${head}.`;
  return { summary, factors, evidence: evidence.slice(0, maxEvidence), evidenceCount, text };
}
