import type { ExplanationFactor } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { attemptCount, attemptFingerprint, attemptKind, failureReason, logonType, sourceKey } from './events.js';
import type { Hit } from './window.js';

/** Values counted most-first: `wrong password ×5, unknown user name ×2`. */
function tally(values: Array<string | undefined>): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
}

function list(entries: Array<[string, number]>, max = 4): string {
  const shown = entries.slice(0, max).map(([v, n]) => `${v} ×${n}`);
  return entries.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * What the hits of an episode have in common, for the explanation: failure reasons ("wrong
 * password" against "unknown user name" tells a spray from a typo), workstations or addresses,
 * and Windows logon types. Returns a clause for the summary and one factor per failure reason.
 *
 * @example
 * episodeContext(hits).clause // ' (wrong password ×8; logon type Interactive; workstation WIN)'
 */
export function episodeContext(hits: readonly Hit[], showSources = true): { clause: string; factors: ExplanationFactor[]; dominant?: string } {
  const reasons = tally(hits.map((h) => h.r));
  const types = tally(hits.map((h) => h.l));
  const sources = tally(hits.map((h) => h.w));
  const parts: string[] = [];
  if (reasons.length) parts.push(`failure reasons: ${list(reasons)}`);
  if (types.length) parts.push(`logon type ${types.map(([t]) => t).join(', ')}`);
  if (showSources && sources.length) parts.push(`from ${list(sources, 3)}`);
  const factors: ExplanationFactor[] = reasons.slice(0, 5).map(([r, n]) => ({ feature: 'failure_reason', label: `failed with ${r}`, observed: n }));
  const out: { clause: string; factors: ExplanationFactor[]; dominant?: string } = { clause: parts.length ? ` (${parts.join('; ')})` : '', factors };
  if (reasons[0]) out.dominant = reasons[0][0];
  return out;
}

/**
 * The hit an authentication failure adds to a window: id, attempt count, de-duplication
 * fingerprint and kind, and the context its explanation needs.
 *
 * @example
 * attemptHit(e, Date.parse(e['@timestamp'])).r // 'wrong password (0xc000006a)'
 */
export function attemptHit(e: WardEvent, t: number, v?: string): Hit {
  const hit: Hit = { t, id: e.event.id, n: attemptCount(e) };
  if (v !== undefined) hit.v = v;
  const f = attemptFingerprint(e);
  if (f !== undefined) hit.f = f;
  const k = attemptKind(e);
  if (k !== undefined) hit.k = k;
  const r = failureReason(e);
  if (r !== undefined) hit.r = r;
  const w = sourceKey(e);
  if (w !== undefined) hit.w = w;
  const l = logonType(e);
  if (l !== undefined) hit.l = l;
  return hit;
}
