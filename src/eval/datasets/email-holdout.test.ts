import { describe, expect, it } from 'vitest';
import type { LabelledMail } from '../../detect/phishing/corpus.js';
import { featurize } from '../../detect/phishing/features.js';
import { holdout, thresholdAt001, timeSplit } from './email-holdout.js';

const mail = (corpus: string, label: 'ham' | 'phish', subject: string, body: string, time?: number): LabelledMail => ({ id: `${corpus}:${subject}`, corpus, label, subject, body, ...(time !== undefined ? { time } : {}) });

describe('email held-out splits', () => {
  it('chooses the threshold that keeps at most 0.1 % of the training ham above it, never below 0.5', () => {
    const ham = Array.from({ length: 2000 }, (_, i) => i / 2000);
    const t = thresholdAt001(ham);
    expect(ham.filter((s) => s >= t).length).toBeLessThanOrEqual(2);
    expect(thresholdAt001([0.01, 0.02])).toBeGreaterThanOrEqual(0.5);
  });

  it('splits by Date header and leaves out undated and bogus dates', () => {
    const ms = [mail('a', 'ham', 'x', 'y', Date.UTC(2002, 1, 1)), mail('b', 'phish', 'x', 'y', Date.UTC(2022, 1, 1)), mail('c', 'ham', 'x', 'y'), mail('d', 'phish', 'x', 'y', Date.UTC(1970, 0, 1))];
    expect(timeSplit(ms, Date.UTC(2021, 0, 1))).toEqual({ before: [0], after: [1], undated: 2 });
  });

  it('never scores a training message, and reports recall and false positives of the scored part', () => {
    const ms: LabelledMail[] = [];
    for (let i = 0; i < 60; i++) ms.push(mail('old', 'ham', `meeting notes ${i}`, 'agenda for the ward meeting and the rota'));
    for (let i = 0; i < 60; i++) ms.push(mail('old', 'phish', `verify account ${i}`, 'verify your account password now or it will be suspended'));
    for (let i = 0; i < 20; i++) ms.push(mail('new', 'phish', `account suspended ${i}`, 'your password expires verify your account'));
    for (let i = 0; i < 20; i++) ms.push(mail('new', 'ham', `rota ${i}`, 'the rota for the ward meeting'));
    const x = ms.map((m) => featurize(m));
    const train = ms.flatMap((m, i) => (m.corpus === 'old' ? [i] : []));
    const test = ms.flatMap((m, i) => (m.corpus === 'new' ? [i] : []));
    const h = holdout('t', ms, x, train, test, { train: 'old', test: 'new' }, 1);
    expect(h.testRows).toEqual({ 'new/phish': 20, 'new/ham': 20 });
    expect(h.recallAtTrainThreshold).toBeGreaterThan(0.9);
    expect(h.fprAtTrainThreshold).toBe(0);
    expect(h.recallAtTestFpr001).toBeNull();
    expect(() => holdout('t', ms, x, train, [...test, train[0]!], { train: 'old', test: 'new' }, 1)).toThrow(/training message would be scored/);
  });
});
