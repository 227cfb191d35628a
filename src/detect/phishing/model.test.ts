import { describe, expect, it } from 'vitest';
import { featurize, tokens, type Names } from './features.js';
import { LogisticModel } from './logistic.js';
import { htmlText, splitMbox } from './corpus.js';

const phish = [
  'Your account has been suspended. Verify your password now at http://paypa1-secure.example/login',
  'Urgent: confirm your bank details within 24 hours or your account will be closed http://bank.example.ru',
  'Dear customer, we detected unusual activity. Update your billing information: http://x.example/verify',
  'Security alert: please verify your identity to restore access to your account http://y.example',
];
const ham = [
  'Minutes of the ward meeting are attached; next meeting Tuesday at 10 in room 4.',
  'The patch fixes the build on arm64; please review before the release branch is cut.',
  'Reminder: flu vaccination clinic for staff runs all week in the main lobby.',
  'Thanks for the draft, I left comments on section 3 about the rota for nights.',
];

describe('content features', () => {
  it('folds URLs, addresses, money and numbers into class tokens', () => {
    expect(tokens('Pay $500 to bob@x.org via https://evil.example/p?q=1 by 2026')).toEqual(['pay', '__money__', 'to', '__email__', 'via', '__url__', 'by', '__num__']);
  });

  it('makes unit-norm sparse vectors and remembers feature names', () => {
    const names: Names = new Map();
    const x = featurize({ subject: 'Verify now', body: 'verify your account' }, names);
    const norm = Math.sqrt([...x.values()].reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 6);
    expect([...names.values()]).toEqual(expect.arrayContaining(['s:verify', 's:verify now', 'b:your account']));
  });
});

describe('LogisticModel', () => {
  const data = [...phish.map((b) => ({ x: featurize({ subject: 'Action required', body: b }), y: 1 as const })),
    ...ham.map((b) => ({ x: featurize({ subject: 'Re: notes', body: b }), y: 0 as const }))];

  it('separates phishing from ham it was not trained on, and explains with words', () => {
    const m = new LogisticModel().fit(data, { epochs: 20, seed: 1 });
    const names: Names = new Map();
    const unseen = featurize({ subject: 'Account notice', body: 'Please verify your password at http://login.example to avoid suspension of your account' }, names);
    const p = m.predict(unseen);
    expect(p).toBeGreaterThan(0.5);
    expect(m.predict(featurize({ subject: 'Re: rota', body: 'Comments on the nights rota are in the draft for the ward meeting' }))).toBeLessThan(0.5);
    const top = m.contributions(unseen, names, 5);
    expect(top.some((c) => /verify|password|account|__url__/.test(c.feature) && c.weight > 0)).toBe(true);
  });

  it('round-trips through its JSON form', () => {
    const m = new LogisticModel().fit(data, { epochs: 5, seed: 2 });
    const back = LogisticModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as ReturnType<LogisticModel['toJSON']>);
    const x = featurize({ subject: 'x', body: phish[0]! });
    expect(back.predict(x)).toBeCloseTo(m.predict(x), 5);
  });
});

describe('corpus helpers', () => {
  it('splits an mbox on From_ lines and unescapes >From', () => {
    const mbox = 'From a@b Sat Jan  1 00:00:00 2005\nSubject: one\n\nhi\n>From here\nFrom c@d Sun Jan  2 00:00:00 2005\nSubject: two\n\nyo\n';
    const msgs = splitMbox(mbox);
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toContain('From here');
    expect(msgs[0]).not.toContain('>From');
  });

  it('reads the visible text of HTML', () => {
    expect(htmlText('<style>x{}</style><p>Click&nbsp;<a href="http://x">here</a> &amp; win</p>').trim()).toBe('Click here & win');
  });
});
