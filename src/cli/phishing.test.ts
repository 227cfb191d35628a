import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert.js';
import { phishingDetector } from '../detect/phishing/index.js';
import { mailEvent } from '../detect/phishing/testing.js';
import { runDetector } from '../detect/testing.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { TriageRepo } from '../store/sqlite/triage.js';
import { collectFeedback, runScore, runTrain } from './phishing.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const PHISH = `From: "PayPal Security" <service@paypa1.com>\nTo: nurse@stmarys.example\nSubject: Your account has been limited\nDate: Mon, 05 Jan 2026 10:00:00 +0000\nContent-Type: text/html\n\n<p>We detected unusual activity. Please verify your account within 24 hours or it will be suspended.</p><a href="http://140.130.108.11/webscr/login.php">https://www.paypal.com/signin</a>\n`;
const HAM = 'From: "Ward Manager" <manager@stmarys.example>\nTo: team@stmarys.example\nSubject: Rota\nDate: Mon, 05 Jan 2026 09:00:00 +0000\n\nThe rota for next week is on the shared drive; night shifts are unchanged.\n';

describe('wardwatch phishing score', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ww-score-'));
  writeFileSync(join(dir, 'phish.eml'), PHISH);
  writeFileSync(join(dir, 'ham.eml'), HAM);
  writeFileSync(join(dir, 'two.mbox'), `From a@b Mon Jan  5 10:00:00 2026\n${HAM}\nFrom c@d Mon Jan  5 10:00:00 2026\n${PHISH}`);
  writeFileSync(join(dir, 'junk.eml'), 'not a header line\n\nbody');

  it('--json prints one object per message with file, verdict, score in 0..1 and reasons; bad input names its file', () => {
    const c = capture();
    const code = runScore([dir], { json: true }, c.io);
    expect(code).toBe(1);
    const rows = c.out.map((l) => JSON.parse(l) as Record<string, any>);
    expect(rows).toHaveLength(5);
    const scored = rows.filter((r) => !r.error);
    for (const r of scored) {
      expect(typeof r.file).toBe('string');
      expect(['clean', 'suspicious', 'phishing', 'fraud']).toContain(r.verdict);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(r.reasons)).toBe(true);
    }
    const phish = scored.find((r) => r.file.endsWith('phish.eml'))!;
    const ham = scored.find((r) => r.file.endsWith('ham.eml'))!;
    expect(phish.score).toBeGreaterThan(ham.score);
    expect(phish.verdict).toBe('phishing');
    expect(phish.reasons.join('\n')).toMatch(/link text "www\.paypal\.com" goes to 140\.130\.108\.11/);
    expect(scored.filter((r) => r.file.endsWith('two.mbox')).map((r) => r.message)).toEqual([1, 2]);
    expect(rows.find((r) => r.error)).toMatchObject({ file: join(dir, 'junk.eml'), error: expect.stringMatching(/not an RFC 5322 message/) });
  });

  it('reads a gzipped mbox and names each message by sender and subject, not by #number', () => {
    const gz = mkdtempSync(join(tmpdir(), 'ww-score-gz-'));
    const mbox = `From a@b Mon Jan  5 10:00:00 2026\n${HAM}\nFrom c@d Mon Jan  5 10:00:00 2026\n${PHISH}`;
    writeFileSync(join(gz, 'archive.mbox.gz'), gzipSync(Buffer.from(mbox, 'latin1')));
    const human = capture();
    expect(runScore([join(gz, 'archive.mbox.gz')], {}, human.io)).toBe(0);
    const heads = human.out.filter((l) => !l.startsWith('    - '));
    expect(heads).toHaveLength(2);
    expect(heads[0]).toMatch(/archive\.mbox\.gz {2}[A-Z]+ {2}[01]\.\d{3} {2}from manager@stmarys\.example {2}"Rota"$/);
    expect(heads[1]).toMatch(/PHISHING .*from service@paypa1\.com {2}"Your account has been limited"$/);
    expect(human.out.join('\n')).not.toMatch(/#\d/);
    const json = capture();
    runScore([join(gz, 'archive.mbox.gz')], { json: true }, json.io);
    expect(json.out.map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r.message, r.from, r.subject]))
      .toEqual([[1, 'manager@stmarys.example', 'Rota'], [2, 'service@paypa1.com', 'Your account has been limited']]);
  });

  it('a corrupt .gz is reported by name and the run goes on', () => {
    const gz = mkdtempSync(join(tmpdir(), 'ww-score-badgz-'));
    writeFileSync(join(gz, 'a-broken.mbox.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    writeFileSync(join(gz, 'b.eml'), PHISH);
    const c = capture();
    expect(runScore([gz], { json: true }, c.io)).toBe(1);
    const rows = c.out.map((l) => JSON.parse(l) as Record<string, any>);
    expect(rows[0]).toMatchObject({ file: join(gz, 'a-broken.mbox.gz'), error: expect.stringMatching(/gzip/) });
    expect(rows[1]).toMatchObject({ verdict: 'phishing' });
  });

  it('prints verdicts and reasons for people, and a summary on stderr', () => {
    const c = capture();
    runScore([join(dir, 'phish.eml')], {}, c.io);
    expect(c.out[0]).toMatch(/phish\.eml {2}PHISHING {2}[01]\.\d{3}/);
    expect(c.out.slice(1).every((l) => l.startsWith('    - '))).toBe(true);
    expect(c.err.at(-1)).toBe('1 phishing');
  });
});

const CORPORA = join(import.meta.dirname, '../../../shared/data/email');
describe.skipIf(!existsSync(CORPORA))('wardwatch phishing train', () => {
  it('learns from analyst verdicts and user reports in the store and reports before/after metrics', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ww-train-'));
    const store = SqliteStore.open(dataDir);
    const reported = mailEvent(HAM.replace('Rota', 'Shared document'), 'ev_r1');
    (reported.email as Record<string, unknown>).reported = true;
    const judged = mailEvent(PHISH, 'ev_p1');
    store.appendEvents([reported, judged, mailEvent(HAM, 'ev_h1')]);
    const drafts = runDetector(phishingDetector.build(phishingDetector.config.parse({}), { dataDir, name: 'phishing' }), [judged]);
    expect(drafts).toHaveLength(1);
    const alert: Alert = { ...drafts[0]!, created: new Date().toISOString(), status: 'open', detector: 'phishing', rule: 'phishing' };
    store.insertAlerts([alert]);
    new TriageRepo(store.db).apply([alert.id], { verdict: 'false_positive', status: 'closed' }, 'user:test');
    const fb = collectFeedback(store);
    store.close();
    expect(fb.map((f) => [f.source, f.y]).sort()).toEqual([['analyst', 0], ['user_report', 1]]);

    const c = capture();
    expect(await runTrain({ dataDir, json: true, corpora: CORPORA, limit: '40' }, c.io)).toBe(0);
    const r = JSON.parse(c.out[0]!) as Record<string, any>;
    expect(r.feedback).toEqual({ total: 2, analyst: 1, userReports: 1 });
    expect(r.before.heldOutCorpus.n).toBe(r.after.heldOutCorpus.n);
    expect(r.after.heldOutCorpus.recall).toBeGreaterThan(0.5);
    expect(c.err.some((l) => l.startsWith('[phishing train]'))).toBe(true);
    expect(JSON.parse(readFileSync(r.model as string, 'utf8'))).toMatchObject({ name: 'phishing-content', data: { feedback: { total: 2 } } });
  });
});
