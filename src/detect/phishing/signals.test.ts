import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryContext } from '../../core/context.js';
import { makeZip, mailWithAttachment } from '../../parsers/email/testing.js';
import { attachmentSignals } from './attachments.js';
import { fraudSignals } from './bec.js';
import { splitMbox } from './corpus.js';
import { authSignals, senderSignals, type SenderContext } from './headers.js';
import { brandDomains, phishingLists } from './lists.js';
import { editDistance, LookalikeIndex } from './lookalike.js';
import { freshRep, observe, reputationSignals } from './sender-reputation.js';
import { mailOf } from './testing.js';
import { urlSignals, type UrlContext } from './urls.js';

const lists = phishingLists();
const ORG = 'stmarys-hospital.org';
const lookalikes = new LookalikeIndex([ORG, ...brandDomains(lists)]);
const roster = new MemoryContext()
  .addStaff({ id: 's1', name: 'Dana Whitfield', role: 'Chief Financial Officer', logins: ['dwhitfield'], shifts: [] })
  .addStaff({ id: 's2', name: 'Sam Okafor', role: 'Nurse', logins: ['sokafor'], shifts: [] });
const senderCtx: SenderContext = { lists, orgDomains: new Set([ORG]), lookalikes, context: roster, executives: new Set(['pat quinn']), executiveRoles: /\b(chief|ceo|cfo)\b/i };
const urlCtx: UrlContext = { lists, lookalikes };
const ids = (s: Array<{ id: string }>) => s.map((x) => x.id).sort();

describe('look-alike domains', () => {
  it('measures Damerau–Levenshtein distance with transpositions', () => {
    expect(editDistance('rnicrosoft', 'microsoft')).toBe(2);
    expect(editDistance('paypla', 'paypal')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('finds homoglyph, punycode, typo, other-TLD, combosquat and sub-domain tricks, and not the real domains', () => {
    expect(lookalikes.match('paypa1.com')).toMatchObject({ target: 'paypal.com', how: 'homoglyph' });
    expect(lookalikes.match('xn--pypal-4ve.com')).toMatchObject({ target: 'paypal.com', how: 'homoglyph' });
    expect(lookalikes.match('stmarys-hospita1.org')?.target).toBe(ORG);
    expect(lookalikes.match('stmarys-hopsital.org')).toMatchObject({ target: ORG, how: 'edit_distance' });
    expect(lookalikes.match('paypal.co')).toMatchObject({ how: 'other_tld' });
    expect(lookalikes.match('docusign-secure.com')).toMatchObject({ target: 'docusign.com', how: 'combosquat' });
    expect(lookalikes.match('paypal.com.account-verify.ru')).toMatchObject({ how: 'subdomain' });
    for (const real of ['paypal.com', 'www.paypal.com', 'mail.stmarys-hospital.org', 'example.org', 'kernel.org', 'python.org']) expect(lookalikes.match(real)).toBeUndefined();
  });
});

describe('sender and authentication signals', () => {
  it('reads SPF/DKIM/DMARC/ARC failures from Authentication-Results', () => {
    const v = mailOf('Authentication-Results: mx.stmarys-hospital.org; spf=softfail smtp.mailfrom=x.example; dkim=fail header.d=x.example; dmarc=fail header.from=x.example\nFrom: a@x.example\nSubject: s\n\nb');
    expect(ids(authSignals(v))).toEqual(['auth.dkim_fail', 'auth.dmarc_fail', 'auth.spf_fail']);
    expect(authSignals(mailOf('Authentication-Results: mx; spf=pass; dkim=pass; dmarc=pass\nFrom: a@x.example\nSubject: s\n\nb'))).toEqual([]);
  });

  it('sees a Reply-To in another domain, but not on mailing-list mail', () => {
    const v = mailOf('From: "Accounts" <ap@supplier.example>\nReply-To: ap.supplier@gmail.com\nSubject: s\n\nb');
    expect(ids(senderSignals(v, senderCtx))).toContain('sender.reply_to_mismatch');
    const list = mailOf('From: dev@kernel.org\nReply-To: list@vger.kernel.example\nList-Id: <linux.vger.kernel.example>\nSubject: s\n\nb');
    expect(ids(senderSignals(list, senderCtx))).not.toContain('sender.reply_to_mismatch');
  });

  it("flags an executive's or a colleague's name on an outside address, not on the organisation's own", () => {
    const cfo = senderSignals(mailOf('From: "Dana Whitfield" <dana.whitfield.office@gmail.com>\nSubject: quick favour\n\nb'), senderCtx);
    expect(ids(cfo)).toContain('sender.impersonates_executive');
    const nurse = senderSignals(mailOf('From: "Okafor, Sam" <sam@outlook.com>\nSubject: hi\n\nb'), senderCtx);
    expect(ids(nurse)).toContain('sender.impersonates_staff');
    const configured = senderSignals(mailOf('From: "Pat Quinn" <ceo@quinn-office.example>\nSubject: hi\n\nb'), senderCtx);
    expect(ids(configured)).toContain('sender.impersonates_executive');
    const internal = senderSignals(mailOf(`From: "Dana Whitfield" <dwhitfield@${ORG}>\nSubject: hi\n\nb`), senderCtx);
    expect(ids(internal)).not.toContain('sender.impersonates_executive');
  });

  it('flags brand display names on foreign domains, free-mail posing as an organisation, and look-alike sender domains', () => {
    const s = senderSignals(mailOf('From: "PayPal Security" <service@paypa1.com>\nSubject: s\n\nb'), senderCtx);
    expect(ids(s)).toEqual(expect.arrayContaining(['sender.display_brand', 'sender.lookalike']));
    expect(s.find((x) => x.id === 'sender.lookalike')?.observed).toMatch(/paypa1\.com imitates paypal\.com/);
    expect(ids(senderSignals(mailOf('From: "IT Helpdesk" <it.helpdesk.stmarys@gmail.com>\nSubject: s\n\nb'), senderCtx))).toContain('sender.freemail_claims_org');
    expect(senderSignals(mailOf('From: "PayPal" <service@paypal.com>\nSubject: s\n\nb'), senderCtx)).toEqual([]);
    expect(senderSignals(mailOf('From: "Jane Doe" <jane@gmail.com>\nSubject: s\n\nb'), senderCtx)).toEqual([]);
  });
});

describe('link signals', () => {
  it('sees link text naming one site and targeting another, IP literals, punycode, shorteners, forms and credential paths', () => {
    const html = '<a href="http://140.130.108.11/account/login.php">https://www.paypal.com/</a> <a href="https://bit.ly/3abc">track</a> <a href="http://xn--pypal-4ve.com/">x</a><form action="http://collect.example.tk/post.php"><input name=p></form>';
    const v = mailOf(`From: a@b.example\nSubject: s\nContent-Type: text/html\n\n${html}`);
    const s = urlSignals(v, urlCtx);
    expect(ids(s)).toEqual(expect.arrayContaining(['url.text_mismatch', 'url.ip_literal', 'url.punycode', 'url.shortener', 'url.form', 'url.credential_path', 'url.suspicious_tld', 'url.lookalike']));
    expect(s.find((x) => x.id === 'url.text_mismatch')?.observed).toBe('link text "www.paypal.com" goes to 140.130.108.11');
  });

  it('finds nothing to say about ordinary links', () => {
    const v = mailOf('From: a@b.example\nSubject: s\nContent-Type: text/html\n\n<a href="https://www.nhs.uk/conditions/flu/">https://www.nhs.uk/conditions/flu/</a>');
    expect(urlSignals(v, urlCtx)).toEqual([]);
  });

  it('reports threat-intel hits', () => {
    const v = mailOf('From: a@b.example\nSubject: s\n\nsee http://bad-host.example/x');
    expect(ids(urlSignals(v, { ...urlCtx, intelHosts: new Set(['bad-host.example']) }))).toEqual(['url.intel']);
  });
});

describe('attachment signals', () => {
  it('flags a macro-enabled document by its VBA project, even under a .docx name', () => {
    const docm = makeZip([['[Content_Types].xml', '<Types/>'], ['word/vbaProject.bin', Buffer.alloc(32, 2)]]);
    const s = attachmentSignals(mailOf(mailWithAttachment('report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docm)));
    expect(ids(s)).toEqual(['attachment.macros']);
    expect(s[0]!.observed).toMatch(/VBA project/);
  });

  it('flags a zip that holds an executable, a password-protected zip, a disguised executable and HTML/ISO containers', () => {
    expect(ids(attachmentSignals(mailOf(mailWithAttachment('scan.zip', 'application/zip', makeZip([['scan_0042.pdf.exe', 'MZ\x90\x00']])))))).toEqual(['attachment.archive_executable']);
    expect(ids(attachmentSignals(mailOf(mailWithAttachment('docs.zip', 'application/zip', makeZip([['a.pdf', '%PDF-1.4']], { encrypted: true })))))).toEqual(['attachment.encrypted_archive']);
    expect(ids(attachmentSignals(mailOf(mailWithAttachment('invoice.pdf', 'application/pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')))))).toEqual(['attachment.executable', 'attachment.type_mismatch']);
    expect(ids(attachmentSignals(mailOf(mailWithAttachment('statement.pdf.html', 'text/html', Buffer.from('<html><script>x</script></html>')))))).toEqual(['attachment.container', 'attachment.double_extension']);
    expect(attachmentSignals(mailOf(mailWithAttachment('rota.pdf', 'application/pdf', Buffer.from('%PDF-1.4 rota'))))).toEqual([]);
  });
});

describe('fraud cues', () => {
  it('finds bank-detail changes, gift cards, secrecy and new-number requests, and not in ordinary mail', () => {
    const s = fraudSignals({ subject: 'Quick favour', text: 'Are you available? I need a quick favor. Buy 5 Apple gift cards today and keep this between us. Text me on my new number.', html: '' });
    expect(ids(s)).toEqual(['fraud.gift_card', 'fraud.new_number', 'fraud.secrecy', 'fraud.urgency']);
    const bank = fraudSignals({ subject: 'Updated banking details', text: 'Please note our bank details have changed. Use the new routing number for the overdue invoice.', html: '' });
    expect(ids(bank)).toEqual(['fraud.invoice', 'fraud.payment_change']);
    expect(fraudSignals({ subject: 'Ward meeting', text: 'Minutes attached; next meeting on Tuesday in room 4.', html: '' })).toEqual([]);
  });
});

describe('sender reputation', () => {
  it('knows first-time senders, usual hours and past reports', () => {
    const rep = freshRep(0);
    expect(ids(reputationSignals(rep, Date.parse('2026-01-05T10:00:00Z'), 'a@b.example'))).toEqual(['sender.first_time']);
    for (let d = 1; d <= 30; d++) observe(rep, Date.parse(`2026-01-${String(d).padStart(2, '0')}T10:00:00Z`));
    expect(reputationSignals(rep, Date.parse('2026-02-01T10:30:00Z'), 'a@b.example')).toEqual([]);
    expect(ids(reputationSignals(rep, Date.parse('2026-02-01T03:00:00Z'), 'a@b.example'))).toEqual(['sender.unusual_hour']);
    observe(rep, Date.now(), 'phish');
    expect(ids(reputationSignals(rep, Date.parse('2026-02-01T10:00:00Z'), 'a@b.example'))).toEqual(['sender.reported']);
  });
});

const NAZARIO = join(import.meta.dirname, '../../../../shared/data/email/nazario-phishing/phishing0.mbox.gz');
describe.skipIf(!existsSync(NAZARIO))('signals on real phishing (Nazario corpus)', () => {
  it('finds link or sender evidence in most of the first 100 messages', () => {
    const msgs = splitMbox(gunzipSync(readFileSync(NAZARIO)).toString('latin1')).slice(0, 100);
    let withEvidence = 0;
    for (const raw of msgs) {
      const v = mailOf(raw);
      if (urlSignals(v, urlCtx).length + senderSignals(v, senderCtx).length > 0) withEvidence++;
    }
    expect(withEvidence).toBeGreaterThan(60);
  });
});
