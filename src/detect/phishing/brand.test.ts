import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { brandSignals } from './brand.js';
import { splitMbox } from './corpus.js';
import { FusionModel } from './fusion.js';
import { phishingLists } from './lists.js';
import { LogisticModel } from './logistic.js';
import { PhishingScorer } from './score.js';
import { readableBody } from './text.js';
import { mailView } from './view.js';

const scorer = new PhishingScorer({ content: new LogisticModel(), fusion: new FusionModel(), files: { content: 'test' } });
const signalsOf = (raw: string) => {
  const v = mailView(scorer.parse(raw));
  return brandSignals(v, readableBody(v), phishingLists());
};
const MBOX = join(process.cwd(), '../shared/data/email/nazario-phishing/phishing0.mbox.gz');

describe('brand named by mail that is not the brand\'s', () => {
  it('fires when the subject names a brand and neither sender nor links belong to it', () => {
    const s = signalsOf('From: "Service" <alert@secure-mail.example>\nSubject: Your PayPal account is limited\n\nPlease log in at http://paypal-check.example.net/login to restore access.\n');
    expect(s).toHaveLength(1);
    expect(s[0]!.observed).toMatch(/"paypal" named; sender secure-mail.example, links to example.net/);
  });

  it('does not trust an unauthenticated From in the brand\'s domain when a link leaves the brand', () => {
    expect(signalsOf('From: service@paypal.com\nSubject: PayPal Notification: Account Review\n\nhttps://www.paypal.com/logo http://www.cybercore.com.uy/update\n')).toHaveLength(1);
  });

  it('stays quiet for the brand\'s own mail, for a link to the brand, and for a brand mentioned deep in a long body', () => {
    expect(signalsOf('From: service@mail.paypal.com\nAuthentication-Results: mx.example; dmarc=pass header.from=paypal.com\nSubject: Your PayPal receipt\n\nhttps://www.paypal.com/activity\n')).toEqual([]);
    expect(signalsOf('From: service@paypal.com\nSubject: Your PayPal receipt\n\nThanks.\n')).toEqual([]);
    expect(signalsOf('From: a@shop.example\nSubject: Pay with PayPal\n\nhttps://www.paypal.com/checkout\n')).toEqual([]);
    expect(signalsOf(`From: a@list.example\nSubject: release notes\n\n${'text '.repeat(200)} works on Microsoft Windows\n`)).toEqual([]);
  });

  it.skipIf(!existsSync(MBOX))('fires on most real Nazario phishing that names PayPal or eBay in its subject', () => {
    const msgs = splitMbox(gunzipSync(readFileSync(MBOX)).toString('latin1')).filter((m) => /^Subject:.*\b(paypal|ebay)\b/im.test(m.slice(0, m.search(/\n\n/))));
    expect(msgs.length).toBeGreaterThan(20);
    const fired = msgs.filter((m) => signalsOf(m).length > 0).length;
    expect(fired / msgs.length).toBeGreaterThan(0.8);
  });
});
