import { auditSelf, deadLetters, detectionActive, logCoverage } from './coverage.js';
import { dormantAccounts, emergencyAccess, loginMonitoring, mfaShare, sessionLength, terminatedActive, uniqueIds } from './identity.js';
import { cleartextPhi, kevDevices, tlsShare } from './network.js';
import { activityReview, ehrAccessReview, incidentResponse } from './review.js';
import type { Measure, MeasureInput, MeasureResult } from './types.js';

/** Every automated evidence measure, by id. Controls name these in their `measures`. */
export const MEASURES: readonly Measure[] = [
  logCoverage, auditSelf, deadLetters, detectionActive,
  mfaShare, uniqueIds, terminatedActive, dormantAccounts, loginMonitoring, sessionLength, emergencyAccess,
  cleartextPhi, tlsShare, kevDevices,
  activityReview, ehrAccessReview, incidentResponse,
];

/**
 * Runs every measure once for the period. A measure that throws (a table missing from an old store)
 * becomes "not measured" with the reason, so one broken query never hides the rest of the report.
 */
export function runMeasures(input: MeasureInput): Map<string, MeasureResult> {
  const out = new Map<string, MeasureResult>();
  for (const m of MEASURES) {
    try {
      out.set(m.id, m.run(input));
    } catch (e) {
      out.set(m.id, { id: m.id, title: m.title, status: 'not_measured', summary: `Not measured: the query failed (${(e as Error).message})`, value: null, unit: 'count', counts: {}, query: '', examples: [] });
    }
  }
  return out;
}
