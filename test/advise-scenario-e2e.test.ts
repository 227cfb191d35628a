import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

/**
 * End to end: mail → `wardwatch ingest` → the phishing detector → alerts → `wardwatch advise`, with
 * the departments from a FHIR roster loaded by `wardwatch context load`. A month of phishing aimed
 * at radiology must move "phishing training for radiology" up the ranked advice, and leave the
 * other departments' training where the evidence puts it.
 */
const ORG = 'stexample-hospital.org';
const DAY = 86_400_000;
const START = Date.parse('2026-09-01T00:00:00Z');
const DEPTS = { radiology: 80, emergency: 120, pharmacy: 30, administration: 200 } as const;
type Dept = keyof typeof DEPTS;
const login = (d: Dept, i: number): string => `${d.slice(0, 3)}${String(i).padStart(3, '0')}`;

const LURES: Array<{ from: string; subject: string; text: string; href: string; shown: string }> = [
  { from: 'service@paypa1.com', subject: 'Your account has been limited', text: 'we detected unusual activity. Please verify your account within 24 hours or it will be suspended.', href: 'http://140.130.108.11/webscr/login.php', shown: 'https://www.paypal.com/signin' },
  { from: 'it-helpdesk@micros0ft-support.com', subject: 'Mailbox quota exceeded - action required', text: 'your mailbox is full. Verify your password immediately to avoid losing incoming mail.', href: 'http://185.244.25.17/owa/verify.php', shown: 'https://outlook.office365.com/owa' },
  { from: 'payroll@hr-docs-secure.top', subject: 'Urgent: confirm your direct deposit details', text: 'your salary payment is on hold. Confirm your bank login within 24 hours to release it.', href: 'http://91.215.85.40/payroll/login.html', shown: 'https://payroll.workday.com/login' },
];

function phish(to: string, t: number, k: number): string {
  const l = LURES[k % LURES.length]!;
  return `From: "Security Team" <${l.from}>\r\nTo: ${to}\r\nSubject: ${l.subject}\r\nDate: ${new Date(t).toUTCString().replace('GMT', '+0000')}\r\nMessage-ID: <m${k}.${t}@${l.from.split('@')[1]}>\r\nContent-Type: text/html\r\n\r\n<p>Dear colleague, ${l.text}</p>\r\n<a href="${l.href}">${l.shown}</a>\r\n`;
}

/** Practitioner + PractitionerRole (department as the organisation's display), one per member of staff. */
function roster(): string {
  const lines: string[] = [];
  for (const [d, n] of Object.entries(DEPTS) as Array<[Dept, number]>) {
    for (let i = 0; i < n; i++) {
      const id = login(d, i);
      lines.push(JSON.stringify({ resourceType: 'Practitioner', id, identifier: [{ system: `urn:${ORG}:ad`, value: id }] }));
      lines.push(JSON.stringify({ resourceType: 'PractitionerRole', id: `r-${id}`, practitioner: { reference: `Practitioner/${id}` }, organization: { display: d } }));
    }
  }
  return `${lines.join('\n')}\n`;
}

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface AdviceDoc { window: { alerts: number }; advice: Array<{ control: string; department: string | null; evidence: { alerts: number; alertIds: string[] }; reduction: { mean: number } }> }

describe('advice follows a scenario change (mail through the pipeline)', () => {
  it('a month of phishing in radiology moves phishing training for radiology up the list', () => {
    const { dir } = tempDir('ww-advise-e2e-');
    dirs.push(dir);
    const data = join(dir, 'data');
    writeFileSync(join(dir, 'roster.ndjson'), roster());
    const ctx = cli(['context', 'load', join(dir, 'roster.ndjson'), '-d', data, '--json']);
    expect(ctx.code, ctx.stderr).toBe(0);

    // 90 days of background phishing spread over the hospital, more in administration (larger, more exposed).
    const base = join(dir, 'base');
    mkdirSync(base);
    const background: Array<[Dept, number]> = [['administration', 9], ['emergency', 3], ['radiology', 2], ['pharmacy', 2]];
    let k = 0;
    for (const [d, n] of background) {
      for (let j = 0; j < n; j++) {
        const t = START + Math.floor(((j + 0.5) * 90) / n) * DAY + 10 * 3_600_000;
        writeFileSync(join(base, `b${k}.eml`), phish(`${login(d, j)}@${ORG}`, t, k));
        k++;
      }
    }
    const ing = cli(['ingest', base, '-d', data, '--json']);
    expect(ing.code, ing.stderr).toBe(0);
    const advise = (): AdviceDoc => {
      const r = cli(['advise', '-d', data, '--days', '90', '--iterations', '3000', '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as AdviceDoc;
    };
    const before = advise();
    expect(before.window.alerts).toBeGreaterThanOrEqual(12); // most of the 16 lures are caught
    const rank = (doc: AdviceDoc, d: Dept) => doc.advice.findIndex((a) => a.control === `phishing-training:${d}`);
    // The recipients (user entities, mail addresses) map to the roster's logins: departments are seen.
    expect(before.advice.find((a) => a.control === 'phishing-training:administration')!.evidence.alerts).toBeGreaterThanOrEqual(7);

    // The scenario change: the last 30 days, three lures a day to radiology staff.
    const surge = join(dir, 'surge');
    mkdirSync(surge);
    for (let day = 60; day < 90; day++) {
      for (let j = 0; j < 3; j++) writeFileSync(join(surge, `s${day}-${j}.eml`), phish(`${login('radiology', (day * 3 + j) % DEPTS.radiology)}@${ORG}`, START + day * DAY + (8 + 3 * j) * 3_600_000, k++));
    }
    const ing2 = cli(['ingest', surge, '-d', data, '--json']);
    expect(ing2.code, ing2.stderr).toBe(0);
    const after = advise();
    const rad = after.advice.find((a) => a.control === 'phishing-training:radiology')!;
    expect(rad.evidence.alerts).toBeGreaterThanOrEqual(70); // of 90 sent
    console.info(`radiology training: rank ${rank(before, 'radiology') + 1} → ${rank(after, 'radiology') + 1} of ${after.advice.length}; alerts ${before.window.alerts} → ${after.window.alerts}; radiology evidence ${rad.evidence.alerts}`);
    expect(rank(after, 'radiology')).toBeLessThan(rank(before, 'radiology'));
    // Radiology's training now leads every other department's, which it did not before.
    const training = (doc: AdviceDoc) => doc.advice.filter((a) => a.control.startsWith('phishing-training:')).map((a) => a.department);
    expect(training(before)[0]).not.toBe('radiology');
    expect(training(after)[0]).toBe('radiology');
    expect(rad.reduction.mean).toBeGreaterThan(before.advice[rank(before, 'radiology')]!.reduction.mean * 3);
    // The evidence names real alerts of the store.
    const shown = cli(['alerts', '-d', data, '--json', '--detector', 'phishing']);
    const ids = new Set(shown.stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id));
    for (const id of rad.evidence.alertIds) expect(ids.has(id)).toBe(true);
  }, 240_000);
});
