import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auth, cli, serve, tempDir } from './helpers.js';

const ORG = 'stmarys-hospital.org';
const PHISH = `From: "PayPal Security" <service@paypa1.com>\r\nTo: nurse.jones@${ORG}\r\nSubject: Your account has been limited\r\nDate: Mon, 05 Jan 2026 10:00:00 +0000\r\nMessage-ID: <a1@paypa1.com>\r\nContent-Type: text/html\r\n\r\n<p>Dear customer, we detected unusual activity. Please verify your account within 24 hours or it will be suspended.</p>\r\n<a href="http://140.130.108.11/webscr/login.php">https://www.paypal.com/signin</a>\r\n`;
const HAM = `From: "Ward Manager" <manager@${ORG}>\r\nTo: team@${ORG}\r\nSubject: Rota for next week\r\nDate: Mon, 05 Jan 2026 09:00:00 +0000\r\nMessage-ID: <r1@${ORG}>\r\n\r\nHi all, the rota for next week is on the shared drive. Night shifts are unchanged.\r\n`;

/** One SMTP transaction over a raw socket; resolves with the reply to the final dot. */
function smtpSend(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    s.setEncoding('latin1');
    const script = ['EHLO e2e.example', 'MAIL FROM:<a@b.example>', `RCPT TO:<nurse.jones@${ORG}>`, 'DATA', `${message}\r\n.`, 'QUIT'];
    let buf = '';
    const replies: string[] = [];
    s.on('data', (d: string) => {
      buf += d;
      let m: RegExpExecArray | null;
      while ((m = /^((?:\d{3}-[^\n]*\n)*(\d{3}) [^\n]*)\n/.exec(buf))) {
        replies.push(m[1]!);
        buf = buf.slice(m[0].length);
        const next = script.shift();
        if (next !== undefined) s.write(`${next}\r\n`);
        if (replies.length === 6) resolve(replies[5]!);
      }
    });
    s.on('error', reject);
  });
}

describe('phishing alerts through the pipeline', () => {
  it('wardwatch ingest of .eml files raises an explained phishing alert and none for ordinary mail', () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'mail'));
      writeFileSync(join(dir, 'mail', 'phish.eml'), PHISH);
      writeFileSync(join(dir, 'mail', 'ham.eml'), HAM);
      const ing = cli(['ingest', join(dir, 'mail'), '--data-dir', join(dir, 'data'), '--json']);
      expect(ing.code).toBe(0);
      expect(JSON.parse(ing.stdout.trim().split('\n').at(-1)!)).toMatchObject({ events: 2, deadLetters: 0 });
      const out = cli(['alerts', '--json', '--detector', 'phishing', '--data-dir', join(dir, 'data')]);
      const alerts = out.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; explanation: { text: string; factors: Array<{ feature: string }> } });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.title).toBe(`Phishing e-mail from service@paypa1.com to nurse.jones@${ORG}`);
      expect(alerts[0]!.explanation.factors.map((f) => f.feature)).toEqual(expect.arrayContaining(['sender.lookalike', 'url.text_mismatch']));
    } finally {
      cleanup();
    }
  });

  it('mail received by the SMTP source under wardwatch serve becomes an alert in the API', async () => {
    const { dir, cleanup } = tempDir();
    const srv = await serve(dir, [], '  - type: smtp\n    listen: 127.0.0.1:0\n');
    try {
      const port = Number(/smtp:\/\/127\.0\.0\.1:(\d+)/.exec(srv.lines.join('\n'))?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(await smtpSend(port, PHISH)).toMatch(/^250 /);
      expect(await smtpSend(port, HAM)).toMatch(/^250 /);
      let items: Array<{ detector: string; title: string; explanation: { text: string } }> = [];
      for (let i = 0; i < 100 && items.length === 0; i++) {
        const res = await fetch(`${srv.url}/api/alerts?detector=phishing`, { headers: auth });
        items = ((await res.json()) as { items: typeof items }).items;
        if (items.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(items).toHaveLength(1);
      expect(items[0]!.explanation.text).toMatch(/paypa1\.com imitates paypal\.com/);
      // The analyst's verdict goes back to the detector as an event (sender reputation).
      const id = (items[0] as unknown as { id: string }).id;
      const res = await fetch(`${srv.url}/api/alerts/${id}/triage`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ verdict: 'true_positive' }) });
      expect(res.status).toBe(200);
      const events = (await (await fetch(`${srv.url}/api/events?category=email&limit=10`, { headers: auth })).json()) as { items: Array<{ event: { action?: string }; email?: { feedback?: { verdict: string } } }> };
      expect(events.items.find((e) => e.event.action === 'phishing_feedback')?.email?.feedback?.verdict).toBe('phish');
      // The HTTP ingest takes e-mail too.
      const phish2 = PHISH.replace(/service@paypa1\.com/g, 'security@paypal-account-verify.top').replace('<a1@', '<a2@');
      const ing = await fetch(`${srv.url}/api/ingest?format=email`, { method: 'POST', headers: { ...auth, 'content-type': 'message/rfc822' }, body: phish2 });
      expect(ing.status).toBe(202);
      let titles: string[] = [];
      for (let i = 0; i < 100 && titles.length < 2; i++) {
        const r = await fetch(`${srv.url}/api/alerts?detector=phishing`, { headers: auth });
        titles = ((await r.json()) as { items: Array<{ title: string }> }).items.map((a) => a.title);
        if (titles.length < 2) await new Promise((r2) => setTimeout(r2, 200));
      }
      expect(titles).toContain(`Phishing e-mail from security@paypal-account-verify.top to nurse.jones@${ORG}`);
    } finally {
      await srv.stop();
      cleanup();
    }
  });
});
