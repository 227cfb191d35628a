import type { EmitAlert } from '../../core/components.js';
import type { ExplanationFactor, Severity } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { templateText, type DrainTemplate } from '../../ml/index.js';
import { alertId } from '../alert-id.js';
import type { Finding } from './config.js';

/** Everything an alert of `logs.anomaly` is made from. */
export interface FindingDraft {
  rule: string;
  key: string;
  kind: Finding;
  title: string;
  host: string;
  program: string;
  event: WardEvent;
  t: number;
  template: DrainTemplate;
  factors: ExplanationFactor[];
  /** Alerts the hourly budget held back since the last one. */
  suppressed: number;
  /** Event ids of the preceding lines, oldest first. */
  evidence: string[];
  salt: string;
  maxEvidence: number;
  severity: Severity;
  /** The evidence is exactly `evidence` (a session's own lines), not the triggering line and the lines before it. */
  ownEvidence?: boolean;
}

/**
 * Emit one finding. The template (variables masked as `<*>`, at most 300 characters) is a factor, so
 * an analyst sees which line shape was unusual without the raw values; the triggering line and the
 * lines before it are the evidence, by event id.
 *
 * @example
 * emitFinding(emit, { kind: 'new_template', … })
 */
export function emitFinding(emit: EmitAlert, d: FindingDraft): void {
  const text = templateText(d.template);
  const factors: ExplanationFactor[] = [
    { feature: 'template', label: `template #${d.template.id} v${d.template.version}`, observed: text.length > 300 ? `${text.slice(0, 300)}…` : text },
    ...d.factors,
  ];
  if (d.suppressed) factors.push({ feature: 'suppressed_alerts', label: 'earlier findings held back by the hourly alert budget', observed: d.suppressed });
  const evidence = d.ownEvidence ? [...d.evidence] : [d.event.event.id, ...d.evidence.filter((id) => id !== d.event.event.id).reverse()];
  const entities = [];
  if (d.host !== '-') entities.push({ type: 'host' as const, id: d.host });
  emit({
    id: alertId(d.rule, `${d.key}\u0000${d.kind}${d.salt}`, d.ownEvidence ? (d.evidence[0] ?? d.event.event.id) : d.event.event.id),
    time: d.event['@timestamp'],
    title: d.title,
    severity: d.severity,
    entities,
    firstSeen: new Date(d.t).toISOString(),
    lastSeen: d.event['@timestamp'],
    explanation: explain(`${d.title} (${d.kind.replace('_', ' ')})`, factors, evidence, evidence.length, d.maxEvidence),
  });
}
