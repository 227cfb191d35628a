import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryContext } from '../../core/context.js';
import { makeZip, mailWithAttachment } from '../../parsers/email/testing.js';
import { runDetector } from '../testing.js';
import { phishingDetector } from './detector.js';
import { feedbackEvent } from './feedback.js';
import { mailEvent } from './testing.js';

const ORG = 'stmarys-hospital.org';
const roster = new MemoryContext().addStaff({ id: 's1', name: 'Dana Whitfield', role: 'Chief Executive Officer', logins: ['dwhitfield'], shifts: [] });
const build = (cfg: Record<string, unknown> = {}) =>
  phishingDetector.build(phishingDetector.config.parse({ orgDomains: [ORG], ...cfg }), { dataDir: mkdtempSync(join(tmpdir(), 'ww-phish-')), name: 'phishing', clinicalContext: () => roster });

const credentialPhish = `From: "PayPal Security" <service@paypa1.com>
To: nurse.jones@${ORG}
Subject: Your account has been limited
Date: Mon, 05 Jan 2026 10:00:00 +0000
Content-Type: text/html

<p>Dear customer, we detected unusual activity. Please verify your account within 24 hours or it will be suspended.</p>
<a href="http://140.130.108.11/webscr/login.php">https://www.paypal.com/signin</a>
`;
const ham = `From: "Ward Manager" <manager@${ORG}>
To: team@${ORG}
Subject: Rota for next week
Date: Mon, 05 Jan 2026 09:00:00 +0000

Hi all, the rota for next week is on the shared drive. Night shifts are unchanged; please swap through the usual form.
Thanks, Lee
`;
const ceoFraud = `From: "Dana Whitfield" <dana.whitfield.ceo@gmail.com>
To: payroll@${ORG}
Subject: Urgent and confidential
Date: Mon, 05 Jan 2026 11:00:00 +0000

Are you available? I need a quick favor. Please buy 6 Apple gift cards for a staff reward today and keep this between us.
Scratch off the back and send me the codes. Text me on my new number.
`;

describe('phishing detector', () => {
  it('raises an explained alert for credential phishing, naming its strongest signals', () => {
    const alerts = runDetector(build(), [mailEvent(credentialPhish, 'ev_1')]);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.title).toMatch(/^Phishing e-mail from service@paypa1\.com to nurse\.jones@/);
    expect(a.severity).toBe('high');
    expect(a.techniques).toEqual(expect.arrayContaining(['T1566', 'T1566.002']));
    expect(a.explanation.evidence).toEqual(['ev_1']);
    const features = a.explanation.factors.map((f) => f.feature);
    expect(features[0]).toBe('phishing_score');
    expect(features).toEqual(expect.arrayContaining(['url.text_mismatch', 'url.ip_literal', 'sender.lookalike']));
    expect(a.explanation.text).toMatch(/link text "www\.paypal\.com" goes to 140\.130\.108\.11/);
    expect(a.explanation.text).toMatch(/paypa1\.com imitates paypal\.com/);
  });

  it('stays quiet on an ordinary internal message', () => {
    expect(runDetector(build(), [mailEvent(ham, 'ev_2')])).toEqual([]);
  });

  it('labels a gift-card request in an executive’s name from free mail as fraud', () => {
    const [a] = runDetector(build(), [mailEvent(ceoFraud, 'ev_3')]);
    expect(a?.title).toMatch(/^Fraud e-mail/);
    expect(a?.techniques).toContain('T1656');
    expect(a?.explanation.factors.map((f) => f.feature)).toEqual(expect.arrayContaining(['sender.impersonates_executive', 'fraud.gift_card']));
  });

  it('flags a macro attachment as a payload (T1566.001) with critical severity', () => {
    const docm = makeZip([['[Content_Types].xml', '<Types/>'], ['word/vbaProject.bin', Buffer.alloc(32, 1)]]);
    const raw = mailWithAttachment('invoice_4471.docm', 'application/vnd.ms-word.document.macroEnabled.12', docm, `From: "Accounts" <billing@supp1ier-invoices.top>\nTo: ap@${ORG}\nSubject: Invoice overdue - see attached\nDate: Mon, 05 Jan 2026 10:00:00 +0000\n`);
    const [a] = runDetector(build(), [mailEvent(raw, 'ev_4')]);
    expect(a?.techniques).toContain('T1566.001');
    expect(a?.severity).toBe('critical');
    expect(a?.explanation.factors.some((f) => f.feature === 'attachment.macros' && /VBA project/.test(String(f.observed)))).toBe(true);
  });

  it('alerts on every user report and remembers the sender, across a snapshot and restore', () => {
    const det = build();
    const reported = mailEvent(ham.replace(`manager@${ORG}`, 'news@promo.example'), 'ev_5');
    (reported.email as Record<string, unknown>).reported = true;
    const [a] = runDetector(det, [reported]);
    expect(a?.title).toMatch(/^Reported phishing from news@promo\.example/);
    // The next, harmless-looking message from that sender is no longer clean.
    const again = build({ alertFrom: 'suspicious' });
    for (const [k, s] of det.snapshot()) again.restore(k, s);
    const [b] = runDetector(again, [mailEvent(ham.replace(`manager@${ORG}`, 'news@promo.example'), 'ev_6')].map((e) => ({ ...e, '@timestamp': '2026-01-06T09:00:00.000Z' })));
    expect(b?.explanation.factors.map((f) => f.feature)).toContain('sender.reported');
    const score = (a: typeof b) => Number(String(a?.explanation.factors.find((f) => f.feature === 'phishing_score')?.observed ?? 'score 0').replace('score ', ''));
    const [control] = runDetector(build({ alertFrom: 'suspicious' }), [mailEvent(ham.replace(`manager@${ORG}`, 'news@promo.example'), 'ev_7')]);
    expect(control?.explanation.factors.map((f) => f.feature) ?? []).not.toContain('sender.reported');
    expect(score(b)).toBeGreaterThan(score(control) + 0.3);
  });

  it("learns an analyst's verdict on an earlier alert into the sender's reputation", () => {
    const det = build({ alertFrom: 'suspicious' });
    const [first] = runDetector(det, [mailEvent(credentialPhish, 'ev_8')]);
    const fb = feedbackEvent({ ...first!, detector: 'phishing' }, 'true_positive', 'user:ann', new Date('2026-01-05T12:00:00Z'));
    expect(fb).toMatchObject({ event: { action: 'phishing_feedback' }, email: { from: { address: ['service@paypa1.com'] }, feedback: { verdict: 'phish' } } });
    expect(runDetector(det, [{ ...(fb as object), event: { ...(fb as { event: object }).event, id: 'ev_9' } } as never])).toEqual([]);
    const [second] = runDetector(det, [{ ...mailEvent(credentialPhish, 'ev_10'), '@timestamp': '2026-01-06T10:00:00.000Z' }]);
    expect(second?.explanation.factors.map((f) => f.feature)).toContain('sender.reported');
    expect(feedbackEvent({ ...first!, detector: 'auth.spray' }, 'true_positive', 'user:ann', new Date())).toBeUndefined();
  });

  it('rejects bad settings when config loads', () => {
    expect(() => phishingDetector.config.parse({ alertFrom: 'maybe' })).toThrow();
    expect(() => phishingDetector.config.parse({ orgDomain: ['x'] })).toThrow();
  });
});
