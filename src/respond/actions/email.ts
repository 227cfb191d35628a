import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { RespondSettings } from '../../core/config.js';
import { parseDuration } from '../../core/duration.js';
import { readSecret } from './secret.js';
import type { ActionDriver } from './types.js';

type SmtpSettings = NonNullable<RespondSettings['smtp']>;

/**
 * `notify-email`: send the alert and its explanation to the step's recipients through the
 * configured relay (nodemailer: STARTTLS when offered, certificates verified, AUTH when a user is
 * set). The Message-ID is derived from the action id, so a retry after a lost reply is recognisable
 * as the same message. Nothing to undo; verify reports whether the relay accepted every recipient.
 */
export function emailNotifyDriver(smtp: SmtpSettings): ActionDriver {
  const delivered = new Set<string>();
  const domain = smtp.from.split('@')[1]?.replace(/[>\s]/g, '') || 'wardwatch.invalid';
  return {
    type: 'notify-email',
    disruptive: false,
    async do(i) {
      if (delivered.has(i.id)) return; // idempotent: sent once per action
      const to = (i.params.to as string[] | undefined) ?? [];
      if (!to.length) throw new Error('notify-email: no recipients (step "to")');
      const pass = readSecret({ file: smtp.passwordFile, env: smtp.passwordEnv }, 'respond.smtp.password');
      const ms = parseDuration(smtp.timeout);
      const transport = nodemailer.createTransport({
        host: smtp.host, port: smtp.port, secure: smtp.secure, requireTLS: smtp.requireTls,
        ...(smtp.user ? { auth: { user: smtp.user, pass } } : {}),
        tls: { rejectUnauthorized: true, ...(smtp.caFile ? { ca: readFileSync(smtp.caFile) } : {}) },
        connectionTimeout: ms, greetingTimeout: ms, socketTimeout: ms,
        logger: false, debug: false,
      });
      const a = i.alert;
      const subject = a ? `[Wardwatch ${a.severity.toUpperCase()}] ${a.title}` : `[Wardwatch] action ${i.id}`;
      const text = a
        ? [
          `${a.title}`, '', `Severity: ${a.severity}`, `Detector: ${a.detector}`, `Time: ${a.time}`, `Alert: ${a.id}`,
          `Entities: ${a.entities.map((e) => `${e.type}:${e.id}`).join(', ')}`, '', a.explanation.text, '',
          ...a.explanation.factors.map((f) => `- ${f.label}: ${String(f.observed)}${f.threshold !== undefined ? ` (threshold ${String(f.threshold)})` : ''}`),
          '', `Playbook: ${String(i.params.playbook ?? '-')}, action ${i.id}`,
        ].join('\n')
        : `Wardwatch action ${i.id}`;
      try {
        const info = await transport.sendMail({ from: smtp.from, to, subject, text, messageId: `<${i.id}@${domain}>` });
        const refused = info.rejected.map(String);
        if (refused.length) throw new Error(`relay ${smtp.host} refused ${refused.length} of ${to.length} recipients`);
      } finally {
        transport.close();
      }
      delivered.add(i.id);
    },
    async undo() {},
    async verify(i) { return delivered.has(i.id); },
  };
}
