import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { jsonParser } from '../json/index.js';
import { sniffFormat } from '../sniff-format.js';
import { syslogParser } from '../syslog/index.js';
import { createEmailParser, emailParser, splitMbox } from './index.js';

/**
 * The shared corpora (read-only, outside the repository): SpamAssassin 2002–2003 ham/spam as
 * `.eml` in a tarball, Nazario phishing as gzipped mbox, modern mailing-list ham as `.eml`.
 * Tarballs are extracted into a temp dir for the run and removed after.
 */
const DATA = new URL('../../../../shared/data/email/', import.meta.url).pathname;
const SA_TAR = join(DATA, 'spamassassin/spamassassin-train.eml.tar.gz');
const HAM_TAR = join(DATA, 'modern-ham/modern-ham-train.eml.tar.gz');
const NAZARIO = join(DATA, 'nazario-phishing');
const have = existsSync(SA_TAR) && existsSync(HAM_TAR) && existsSync(NAZARIO);
if (!have) console.warn(`email corpus tests skipped: ${DATA} not found`);

const parser = createEmailParser(emailParser.config.parse({}));
const REF = Date.UTC(2026, 0, 5);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (p.endsWith('.eml')) out.push(p);
  }
  return out.sort();
}

describe.skipIf(!have)('email: shared corpora', () => {
  let tmp = '';
  let sa: string[] = [];
  let ham: string[] = [];

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ww-email-'));
    execFileSync('tar', ['xzf', SA_TAR, '-C', tmp]);
    // Every 10th modern-ham message is plenty for golden checks.
    const names = execFileSync('tar', ['tzf', HAM_TAR], { maxBuffer: 1 << 26 }).toString().split('\n').filter((n) => n.endsWith('.eml')).filter((_, i) => i % 10 === 0);
    execFileSync('tar', ['xzf', HAM_TAR, '-C', tmp, ...names], { maxBuffer: 1 << 26 });
    sa = listFiles(join(tmp, 'spamassassin'));
    ham = listFiles(join(tmp, 'modern-ham'));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads every SpamAssassin message (no dead letters) and reports throughput', () => {
    const texts = sa.map((f) => readFileSync(f, 'utf8'));
    const bytes = texts.reduce((s, t) => s + t.length, 0);
    let events = 0;
    const failures: string[] = [];
    // Two passes: the first warms the JIT; the second is the number reported.
    let s = 0;
    for (let pass = 0; pass < 2; pass++) {
      events = 0;
      failures.length = 0;
      const t0 = performance.now();
      for (let i = 0; i < texts.length; i++) {
        try {
          events += parser.parse({ data: texts[i]!, source: `file:${sa[i]}`, receivedAt: REF }).length;
        } catch (err) {
          failures.push(String(err));
        }
      }
      s = (performance.now() - t0) / 1000;
    }
    console.log(`email throughput (SpamAssassin, warm): ${texts.length} messages, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${s.toFixed(2)} s = ${Math.round(texts.length / s)} msg/s, ${(bytes / 2 ** 20 / s).toFixed(1)} MiB/s`);
    expect(failures).toEqual([]);
    expect(events).toBe(texts.length);
    expect(texts.length).toBeGreaterThan(4000);
  });

  it('is recognised by --format auto (mbox and .eml heads)', () => {
    const defs = [syslogParser, emailParser, jsonParser];
    const mbox = gunzipSync(readFileSync(join(NAZARIO, 'phishing0.mbox.gz'))).toString('utf8').split('\n').slice(0, 20);
    expect(sniffFormat(defs, mbox)).toBe('email');
    let recognised = 0;
    for (const f of sa.slice(0, 200)) if (sniffFormat(defs, readFileSync(f, 'utf8').split('\n').slice(0, 20).filter((l) => l.trim().length > 0)) === 'email') recognised++;
    expect(recognised).toBe(200);
  });

  it('golden: a SpamAssassin ham message', () => {
    const f = sa.find((p) => p.endsWith('easy-ham-2/00122.5ee71dbda319d0b1a6eed0563c2cebf9.eml'))!;
    const [e] = parser.parse({ data: readFileSync(f, 'utf8'), source: 'sa', receivedAt: REF });
    const email = e!.email as Record<string, any>;
    expect(e!.event).toEqual({ kind: 'event', category: ['email'], type: ['info'], action: 'email_message', module: 'email', dataset: 'email.message' });
    expect(email.from.address).toHaveLength(1);
    expect(email.subject).toBeTypeOf('string');
    expect(email.message_id).not.toMatch(/^</);
    expect(email.headers.received.length).toBeGreaterThan(0);
    expect(e!['@timestamp']).toMatch(/^200[23]-/);
    expect(email.origination_timestamp).toBe(e!['@timestamp']);
  });

  it('agrees with postal-mime on sender, recipients, subject, text body and attachments', async () => {
    const sample = [...sa.filter((_, i) => i % 20 === 0), ...ham.filter((_, i) => i % 4 === 0)];
    let compared = 0;
    for (const f of sample) {
      const text = readFileSync(f, 'utf8').replace(/^From [^\n]*\n/, '');
      const ref = await PostalMime.parse(text);
      const [e] = parser.parse({ data: text, source: f, receivedAt: REF });
      const email = e!.email as Record<string, any>;
      const refFrom = ref.from?.address ? [ref.from.address.toLowerCase()] : (ref.from?.group ?? []).map((g) => g.address.toLowerCase());
      if (refFrom.length > 0) expect(email.from?.address, f).toEqual(refFrom);
      const ws = (s: string) => s.replace(/\s+/g, ' ').trim();
      if (ref.subject !== undefined) expect(ws(email.subject), f).toBe(ws(ref.subject));
      const refTo = (ref.to ?? []).flatMap((a) => (a.group ? a.group.map((g) => g.address) : [a.address ?? ''])).filter((a) => a).map((a) => a.toLowerCase());
      if (refTo.length > 0) expect(email.to?.address, f).toEqual(refTo);
      if (ref.text) {
        // Compare ASCII only: postal-mime re-decodes 8bit bytes by the declared charset, this parser keeps the text as the source read it.
        const norm = (s: string) => s.replace(/[^\x20-\x7e]+/g, '').replace(/\s+/g, ' ').trim().slice(0, 200);
        expect(norm(email.body?.text ?? ''), f).toContain(norm(ref.text).slice(0, 80));
      }
      const realAttachments = ref.attachments.filter((a) => !(a.mimeType.startsWith('text/') && !a.filename)).length;
      expect((email.attachments ?? []).length, f).toBeGreaterThanOrEqual(Math.min(realAttachments, 1) ? 1 : 0);
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('reads the modern-ham sample: auth results, List-Id, Received chain', () => {
    let withAuth = 0;
    let withDkim = 0;
    let withReceived = 0;
    for (const f of ham) {
      const [e] = parser.parse({ data: readFileSync(f, 'utf8'), source: f, receivedAt: REF });
      const h = (e!.email as Record<string, any>).headers;
      expect(h.list_id, f).toBeTruthy();
      // A few list servers (groups.io) leave only X-Received, which is not a trace field.
      if (h.received?.length) withReceived++;
      if (h.auth) withAuth++;
      if (h.auth?.dkim) withDkim++;
    }
    expect(ham.length).toBeGreaterThan(400);
    expect(withReceived / ham.length).toBeGreaterThan(0.95);
    expect(withAuth / ham.length).toBeGreaterThan(0.15);
    expect(withDkim).toBeGreaterThan(0);
  });

  it('splits both Nazario mboxes into the documented message counts and parses them all', () => {
    for (const [file, count] of [['phishing0.mbox.gz', 415], ['20051114.mbox.gz', 438]] as const) {
      const text = gunzipSync(readFileSync(join(NAZARIO, file))).toString('utf8');
      const msgs = emailParser.framing(text);
      expect(msgs).toHaveLength(count);
      expect(splitMbox(text)).toHaveLength(count);
      let mismatched = 0;
      const failures: string[] = [];
      for (const [i, m] of msgs.entries()) {
        try {
          const [e] = parser.parse({ data: m, source: `file:${file}`, offset: i + 1, receivedAt: REF });
          const urls = ((e!.email as Record<string, any>).urls ?? []) as Array<{ mismatch?: boolean }>;
          if (urls.some((u) => u.mismatch)) mismatched++;
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
          failures.push(String(err));
        }
      }
      expect(failures).toEqual([]);
      // Link text naming one site while pointing to another is common in this corpus.
      expect(mismatched).toBeGreaterThan(count / 10);
    }
  });

  it('golden: the first Nazario phish (eBay, QP HTML, IP-address link behind an ebay.com link text)', () => {
    const text = gunzipSync(readFileSync(join(NAZARIO, 'phishing0.mbox.gz'))).toString('utf8');
    const [first] = splitMbox(text);
    const [e] = parser.parse({ data: first!, source: 'file:phishing0.mbox', offset: 1, receivedAt: REF });
    const email = e!.email as Record<string, any>;
    expect(e!['@timestamp']).toBe('2004-11-27T20:30:27.000Z');
    expect(email).toMatchObject({
      from: { address: ['aw-confirm@ebay.com'] },
      reply_to: { address: ['aw-confirm@ebay.com'] },
      to: { address: ['username@domain.com'] },
      subject: 'Billing Issues',
      message_id: 'LCCOVYFMRBWQCHUDWYCOYUW@hotmail.com',
      content_type: 'multipart/alternative',
      origination_timestamp: '2004-11-27T20:30:27.000Z',
      delivery_timestamp: '2004-11-27T20:33:24.000Z',
      headers: { return_path: 'aw-confirm@ebay.com' },
    });
    expect(email.headers.received[0]).toMatchObject({ from: '81.18.87.130', by: 'spanky.domain.com', with: 'SMTP', id: 'CCC115378FC', ip: '81.18.87.190', for: 'username@domain.com' });
    expect(email.urls).toContainEqual({
      url: 'http://140.130.108.11/account/aw-confirm/ebayDLLupdate/index.html', domain: '140.130.108.11', source: 'html',
      text: 'http://cgi1.ebay.com/aw-cgi/ebayISAPI.dll?UPdate', text_domain: 'cgi1.ebay.com', mismatch: true,
    });
    expect(email.body.html).toContain('Dear valued');
  });
});
