import type { DraftEvent } from '../common/draft-event.js';
import { defined, num, obj, str } from './fields.js';

type Rec = Record<string, unknown>;

/** First string of an ET-style metadata list (`"mitre_technique_id": ["T1071"]`). */
function meta(m: Rec | undefined, k: string): string[] | undefined {
  const v = m?.[k];
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((x): x is string => typeof x === 'string');
  return out.length > 0 ? out : undefined;
}

/**
 * `alert`: a signature matched. `event.kind` `alert`, categories `network` + `intrusion_detection`,
 * `event.type` `allowed` or `denied` (action `blocked`), `event.severity` (1 high … 4 low, as
 * Suricata numbers it), `rule.id`/`name`/`category`/`version`/`gid`… and, when the rule carries
 * ATT&CK metadata (`mitre_tactic_id`, `mitre_technique_id` …), `threat.*`.
 *
 * @example
 * mapAlert({ action: 'allowed', signature_id: 2001999, signature: 'ET MALWARE …', severity: 1 }, ev);
 */
export function mapAlert(a: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.kind = 'alert';
  e.category = ['network', 'intrusion_detection'];
  const action = str(a, 'action');
  e.type = [action === 'blocked' ? 'denied' : 'allowed'];
  if (action !== undefined) e.action = action;
  const severity = num(a, 'severity');
  if (severity !== undefined) e.severity = severity;
  const sid = num(a, 'signature_id');
  const signature = str(a, 'signature');
  ev.rule = defined({
    id: sid !== undefined ? String(sid) : undefined,
    name: signature,
    category: str(a, 'category'),
    version: num(a, 'rev') !== undefined ? String(num(a, 'rev')) : undefined,
    ruleset: num(a, 'gid') !== undefined ? `gid:${num(a, 'gid')}` : undefined,
  });
  if (signature !== undefined) ev.message = signature;
  const m = obj(a.metadata);
  const tacticId = meta(m, 'mitre_tactic_id');
  const tacticName = meta(m, 'mitre_tactic_name');
  const techniqueId = meta(m, 'mitre_technique_id');
  const techniqueName = meta(m, 'mitre_technique_name');
  if (tacticId || tacticName || techniqueId || techniqueName) {
    ev.threat = defined({
      framework: 'MITRE ATT&CK',
      tactic: tacticId || tacticName ? defined({ id: tacticId, name: tacticName?.map((n) => n.replaceAll('_', ' ')) }) : undefined,
      technique: techniqueId || techniqueName ? defined({ id: techniqueId, name: techniqueName?.map((n) => n.replaceAll('_', ' ')) }) : undefined,
    });
  }
}
