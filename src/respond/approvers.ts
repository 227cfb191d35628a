import type { Alert } from '../core/alert.js';
import type { RespondSettings } from '../core/config.js';
import { errorMessage } from '../core/errors.js';
import type { ActionRecord } from './repo.js';

/** How one approver hook answered. */
export interface ApproverDelivery {
  host: string;
  ok: boolean;
  error?: string;
}

/**
 * Tell approvers that an action waits for them: POST JSON to each configured hook whose roles
 * include the one the action needs. `text` is what Slack/Teams incoming webhooks show; it names
 * the action, target, needed role, reason, deadline and the alert (title and explanation), and
 * links to the console's actions page when `consoleUrl` is set. Never throws: each hook's outcome
 * is returned for the audit log.
 *
 * @example
 * await notifyApprovers(settings, rec, alert) // [{ host: 'hooks.slack.com', ok: true }]
 */
export async function notifyApprovers(settings: Pick<RespondSettings, 'approvers' | 'consoleUrl'>, rec: ActionRecord, alert: Alert | undefined): Promise<ApproverDelivery[]> {
  const hooks = settings.approvers.filter((h) => !h.roles || (rec.approverRole !== null && h.roles.includes(rec.approverRole as 'biomed')));
  if (!hooks.length) return [];
  const link = settings.consoleUrl ? `${settings.consoleUrl.replace(/\/$/, '')}/actions?id=${encodeURIComponent(rec.id)}` : undefined;
  const text = [
    `Approval needed (${rec.approverRole ?? 'analyst'}): ${rec.action} ${rec.target} — playbook ${rec.playbook}`,
    rec.reason ? `Why it waits: ${rec.reason}` : undefined,
    alert ? `Alert: [${alert.severity.toUpperCase()}] ${alert.title}\n${alert.explanation.text}` : undefined,
    rec.approvalDeadline ? `Rejected automatically at ${rec.approvalDeadline} unless approved.` : undefined,
    link ? `Approve or reject: ${link}` : `Approve or reject: wardwatch actions approve|reject ${rec.id} --note TEXT`,
  ].filter(Boolean).join('\n');
  const body = JSON.stringify({
    text, action: { id: rec.id, action: rec.action, target: rec.target, playbook: rec.playbook, approverRole: rec.approverRole, reason: rec.reason, approvalDeadline: rec.approvalDeadline },
    alert: alert ? { id: alert.id, title: alert.title, severity: alert.severity, detector: alert.detector } : null, link: link ?? null,
  });
  return Promise.all(hooks.map(async (h): Promise<ApproverDelivery> => {
    const host = new URL(h.url).host;
    try {
      const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...h.headers }, body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      return res.ok ? { host, ok: true } : { host, ok: false, error: `HTTP ${res.status}` };
    } catch (err) {
      return { host, ok: false, error: errorMessage(err).slice(0, 200) };
    }
  }));
}
