import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusionModel } from '../../detect/phishing/fusion.js';
import { LogisticModel } from '../../detect/phishing/logistic.js';
import { PhishingScorer } from '../../detect/phishing/score.js';
import { readableBody } from '../../detect/phishing/text.js';
import { mailView } from '../../detect/phishing/view.js';
import { csvMessage, fusedHoldout, headerDate, loadFusedRows, type FusedRow } from './email-fused.js';
import { timeSplit } from './email-holdout.js';

const EMAIL = join(process.cwd(), '../shared/data/email');
const have = existsSync(join(EMAIL, 'nazario-phishing')) && existsSync(join(EMAIL, 'modern-ham'));

describe('Nazario CSV rows as messages', () => {
  it('rebuilds a message the e-mail parser reads back: sender, date, non-ASCII subject and body', () => {
    const raw = csvMessage({ sender: 'Sécurité <alerte@banque.example>', receiver: 'jose@monkey.org', date: 'Fri, 30 Oct 2015 00:00:48 -0500', subject: 'Vérifiez votre compte', body: 'Cliquez ici pour vérifier: http://login.example.test/verify\nMerci' });
    const scorer = new PhishingScorer({ content: new LogisticModel(), fusion: new FusionModel(), files: { content: 'test' } });
    const v = mailView(scorer.parse(raw));
    expect(v.subject).toBe('Vérifiez votre compte');
    expect(readableBody(v)).toContain('pour vérifier');
    expect(v.from).toContain('alerte@banque.example');
    expect(headerDate(raw)).toBe(Date.parse('2015-10-30T05:00:48Z'));
  });

  it('reads a folded Date header and ignores a trailing comment; no Date → undefined', () => {
    expect(headerDate('From: a@b\nDate: Fri, 30 Oct 2015\n 06:21:59 -0300 (BRT)\n\nbody')).toBe(Date.parse('2015-10-30T09:21:59Z'));
    expect(headerDate('From: a@b\n\nDate: Fri, 30 Oct 2015 06:21:59 -0300')).toBeUndefined();
  });
});

describe.skipIf(!have)('fused scorer on a held-out split of the shared corpora', () => {
  let rows: FusedRow[] = [];
  beforeAll(async () => { rows = (await loadFusedRows(EMAIL, { every: 6 })).rows; }, 240_000);

  it('trains on old corpora, chooses its bands there, and scores newer mail it never saw', () => {
    const idx = (p: (c: string) => boolean) => rows.flatMap((r, i) => (p(r.corpus) ? [i] : []));
    const train = idx((c) => c === 'spamassassin' || c === 'nazario');
    const test = idx((c) => c === 'modern-ham' || c === 'nazario-2015-22');
    expect(test.length).toBeGreaterThan(800);
    const { figures: f, scores } = fusedHoldout(rows, train, test, 1);
    expect(scores).toHaveLength(test.length);
    expect(f.bands.suspicious).toBeLessThanOrEqual(f.bands.phishing);
    // The phishing band was chosen for ≥ 95 % precision on the training part's out-of-fold scores.
    expect(f.bandPrecision.training.phishing.precision!).toBeGreaterThanOrEqual(0.95);
    // A sixth of the corpora: the 2004–05 phishing teaches little about 2015–22 lures, so recall is
    // modest here (the full figures are in bench/results); a broken scorer would catch none.
    expect(f.atPhishingVerdict.recall).toBeGreaterThan(0.2);
    expect(f.atSuspiciousOrWorse.recall).toBeGreaterThanOrEqual(f.atPhishingVerdict.recall);
    expect(f.atPhishingVerdict.fpr!).toBeLessThan(0.01);
    expect(f.reliability.raw.reduce((s, b) => s + b.n, 0)).toBe(test.length);
    expect(() => fusedHoldout(rows, train, [...test, train[0]!], 1)).toThrow(/training message would be scored/);
  }, 240_000);

  it('time-splits the rebuilt CSV rows by their Date header', () => {
    const t = timeSplit(rows, Date.UTC(2021, 0, 1));
    const after = new Set(t.after.map((i) => rows[i]!.corpus));
    expect(after.has('nazario-2015-22')).toBe(true);
    expect(after.has('spamassassin')).toBe(false);
    expect(t.before.some((i) => rows[i]!.corpus === 'nazario-2015-22')).toBe(true);
  });
});
