import { createHash } from 'node:crypto';
import type { AlertDraft, EntityRef, ExplanationFactor, Severity } from '../../core/alert.js';
import { getField, type WardEvent } from '../../core/event.js';
import { humanDuration } from '../../core/duration.js';
import { techniqueIds, type AttackCatalog } from './attack.js';
import type { CorrelationHit } from './correlation.js';
import type { RuleMatch } from './engine.js';

/**
 * Sigma level → Wardwatch severity (`informational` is kept as `low`).
 *
 * @example
 * severityOf('informational') // 'low'
 */
export function severityOf(level: string | undefined): Severity {
  switch (level) {
    case 'critical': return 'critical';
    case 'high': return 'high';
    case 'medium': return 'medium';
    default: return 'low';
  }
}

/**
 * Stable identity of an event across replays: channel + computer + record id when known.
 *
 * @example
 * eventIdentity(e) // 'DC1|Security|44867'
 */
export function eventIdentity(e: WardEvent): string {
  const raw = e.raw ?? {};
  const rec = raw.EventRecordID ?? raw.RecordNumber;
  if (rec !== undefined && raw.Computer !== undefined) return `${String(raw.Computer)}|${String(raw.Channel)}|${String(rec)}`;
  return e.event.id;
}

/**
 * Deterministic alert id: the same rule on the same event gives the same id.
 *
 * @example
 * alertId('5b1f…', 'DC1|Security|44867') // 'sg_…' (same inputs, same id)
 */
export function alertId(ruleId: string, identity: string): string {
  return `sg_${createHash('sha256').update(`${ruleId}\u0000${identity}`).digest('hex').slice(0, 26)}`;
}

/**
 * Entities named by the usual ECS fields of an event.
 *
 * @example
 * entitiesOf(e) // [{ type: 'host', id: 'ws1' }, { type: 'user', id: 'nurse' }]
 */
export function entitiesOf(e: WardEvent): EntityRef[] {
  const out: EntityRef[] = [];
  const host = getField(e, 'host.name');
  if (typeof host === 'string') out.push({ type: 'host', id: host });
  const user = getField(e, 'user.name');
  if (typeof user === 'string') out.push({ type: 'user', id: user });
  const ip = getField(e, 'source.ip');
  if (typeof ip === 'string') out.push({ type: 'ip', id: ip });
  return out;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/**
 * Turn a rule match into an alert draft. Rule metadata (id, level, status, references,
 * tactics) and each matched field travel as explanation factors; the text is rendered from them.
 *
 * @example
 * engine.match(e).map((m) => alertFromMatch(m, e, catalog))
 */
export function alertFromMatch(m: RuleMatch, e: WardEvent, attack?: AttackCatalog): AlertDraft {
  const doc = m.rule.doc;
  const resolved = attack?.resolveTags(doc.tags);
  const techniques = resolved ? resolved.techniques.map((t) => t.id) : techniqueIds(doc.tags);
  const factors: ExplanationFactor[] = [
    { feature: 'sigma.rule_id', label: 'Sigma rule id', observed: doc.id },
    { feature: 'sigma.level', label: 'rule level', observed: doc.level ?? 'unset' },
  ];
  if (doc.status) factors.push({ feature: 'sigma.status', label: 'rule status', observed: doc.status });
  if (resolved?.tactics.length) factors.push({ feature: 'attack.tactics', label: 'ATT&CK tactics', observed: resolved.tactics.map((t) => `${t.id} ${t.name}`).join(', ') });
  if (resolved?.techniques.length) factors.push({ feature: 'attack.techniques', label: 'ATT&CK techniques', observed: resolved.techniques.map((t) => `${t.id} ${t.name}`).join(', ') });
  if (doc.references.length) factors.push({ feature: 'sigma.references', label: 'references', observed: doc.references.slice(0, 5).join(' ') });
  for (const f of m.fields) {
    factors.push({ feature: `match.${f.search}.${f.field}`, label: `${f.field} (${f.search})`, observed: show(f.value) });
  }
  const matched = m.fields.map((f) => (f.field === '(keyword)' ? `keyword ${show(f.value)}` : `${f.field}=${show(f.value)}`));
  const attackText = resolved?.techniques.length
    ? ` ATT&CK: ${resolved.techniques.map((t) => `${t.id} ${t.name}`).join(', ')}.`
    : techniques.length ? ` ATT&CK: ${techniques.join(', ')}.` : '';
  const summary = `Sigma rule "${doc.title}" (${doc.level ?? 'no level'}) matched`;
  const text = `${summary} on ${m.searches.join(', ') || 'its condition'}${matched.length ? `: ${matched.join('; ')}` : ''}.${attackText}`;
  const draft: AlertDraft = {
    id: alertId(doc.id, eventIdentity(e)),
    time: e['@timestamp'],
    title: doc.title,
    severity: severityOf(doc.level),
    entities: entitiesOf(e),
    explanation: { summary, factors, evidence: [e.event.id], evidenceCount: 1, text },
    firstSeen: e['@timestamp'],
    lastSeen: e['@timestamp'],
  };
  if (techniques.length) draft.techniques = techniques;
  return draft;
}

/**
 * Alert for a correlation that fired.
 *
 * @example
 * corr.onRuleMatch(ref, e, (hit) => emit(alertFromCorrelation(hit, e)))
 */
export function alertFromCorrelation(hit: CorrelationHit, e: WardEvent, attack?: AttackCatalog): AlertDraft {
  const c = hit.correlation;
  const groupText = Object.entries(hit.group).map(([k, v]) => `${k}=${v}`).join(', ');
  const threshold = c.condition.gte ?? c.condition.gt ?? c.condition.eq ?? c.condition.lte ?? c.condition.lt;
  const label =
    c.type === 'event_count' ? 'matching events'
    : c.type === 'value_count' ? `distinct values of ${c.condition.field}`
    : c.type.startsWith('temporal') ? 'correlated rules seen'
    : `${c.type.slice(6)} of ${c.condition.field}`;
  const factor: ExplanationFactor = { feature: `sigma.${c.type}`, label, observed: hit.observed, windowMs: c.timespanMs };
  if (threshold !== undefined) factor.threshold = threshold;
  const factors: ExplanationFactor[] = [
    { feature: 'sigma.rule_id', label: 'Sigma correlation id', observed: c.id },
    { feature: 'sigma.level', label: 'rule level', observed: c.level ?? 'unset' },
    ...(c.status ? [{ feature: 'sigma.status', label: 'rule status', observed: c.status }] : []),
    factor,
    ...Object.entries(hit.group).map(([k, v]) => ({ feature: `group.${k}`, label: k, observed: v })),
  ];
  const techniques = attack ? attack.resolveTags(c.tags).techniques.map((t) => t.id) : techniqueIds(c.tags);
  const summary = `Sigma correlation "${c.title}" (${c.type}) fired${groupText ? ` for ${groupText}` : ''}`;
  const text = `${summary}: ${hit.observed} ${label} in ${humanDuration(c.timespanMs)}${threshold !== undefined ? ` (threshold ${threshold})` : ''}.`;
  const draft: AlertDraft = {
    id: alertId(c.id, `${JSON.stringify(hit.group)}|${hit.firstSeen}|${hit.evidence[0] ?? ''}`),
    time: e['@timestamp'],
    title: c.title,
    severity: severityOf(c.level),
    entities: entitiesOf(e),
    explanation: { summary, factors, evidence: hit.evidence, evidenceCount: hit.evidenceCount, text },
    firstSeen: new Date(hit.firstSeen).toISOString(),
    lastSeen: new Date(hit.lastSeen).toISOString(),
  };
  if (techniques.length) draft.techniques = techniques;
  return draft;
}
