import type { ActionDriver } from './types.js';

/**
 * `notify`: POST the alert and its explanation as JSON to a webhook. The body's `text` is what
 * Slack and Teams incoming webhooks show; ticketing and SOAR receivers read the structured fields.
 * Nothing to undo (a message cannot be unsent); verify reports whether it was delivered.
 */
export function notifyDriver(): ActionDriver {
  const delivered = new Set<string>();
  return {
    type: 'notify',
    disruptive: false,
    async do(i) {
      const url = String(i.params.url);
      const a = i.alert;
      const text = a
        ? `[${a.severity.toUpperCase()}] ${a.title}\n${a.explanation.text}`
        : `Wardwatch action ${i.id}`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(i.params.headers as Record<string, string> | undefined) },
        body: JSON.stringify({
          text,
          action: i.id,
          playbook: i.params.playbook,
          alert: a ? { id: a.id, time: a.time, title: a.title, severity: a.severity, detector: a.detector, entities: a.entities, explanation: a.explanation } : null,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`webhook ${new URL(url).host} answered HTTP ${res.status}`);
      delivered.add(i.id);
    },
    async undo() {},
    async verify(i) { return delivered.has(i.id); },
  };
}
