import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult, IngestSink, Parser, SourceTelemetry } from '../../core/components.js';
import type { RawRecord } from '../../core/record.js';
import { createEmailParser, emailParser } from '../../parsers/email/index.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../../../test/dovecot.js';
import { imapSource, reportedParser } from './index.js';

// The parser in clear (no sealer): these tests are about reports, not sealing (see email.test.ts).
const email = createEmailParser(emailParser.config.parse({}));
const PHISH = 'From: "IT Helpdesk" <helpdesk@stmarys-hospita1.org>\r\nTo: nurse@stmarys.example\r\nSubject: Mailbox quota exceeded\r\nDate: Mon, 05 Jan 2026 10:00:00 +0000\r\nMessage-ID: <p1@x>\r\n\r\nVerify your account at http://stmarys-hospita1.org/owa/login.php\r\n';
const forwarded = (reporter: string) => `From: ${reporter}\r\nTo: report-phishing@stmarys.example\r\nSubject: FW: Mailbox quota exceeded\r\nDate: Mon, 05 Jan 2026 10:05:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThis looks fake.\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="phish.eml"\r\n\r\n${PHISH}\r\n--b--\r\n`;

class Sink implements IngestSink {
  events: Array<Record<string, any>> = [];
  fail = false;
  async ingest(records: RawRecord[], parser: Parser): Promise<IngestResult> {
    if (this.fail) throw new Error('disk full');
    let n = 0;
    for (const r of records) for (const e of parser.parse(r)) { this.events.push(e); n++; }
    return { records: records.length, events: n, deadLetters: 0 };
  }
  parser(): Parser { return email; }
  admission() { return 'ok' as const; }
  async capacity() {}
}
const tele: SourceTelemetry = { received() {}, emitted() {}, dropped() {}, error() {} };

describe('reportedParser', () => {
  it('analyses the attached message of a forwarded report and tags the reporter', () => {
    const [e] = reportedParser(email).parse({ data: forwarded('Nurse Jones <nurse@stmarys.example>'), source: 't', receivedAt: 0 });
    expect(e?.email).toMatchObject({ subject: 'Mailbox quota exceeded', reported: true, reported_by: 'nurse@stmarys.example' });
    expect((e?.email as { from: { address: string[] } }).from.address).toEqual(['helpdesk@stmarys-hospita1.org']);
  });

  it('analyses a message redirected as-is', () => {
    const [e] = reportedParser(email).parse({ data: PHISH, source: 't', receivedAt: 0 });
    expect(e?.email).toMatchObject({ subject: 'Mailbox quota exceeded', reported: true });
  });
});

const missing = dovecotMissing();
describe.skipIf(missing !== undefined)(`imap source against a real Dovecot (${missing ? `skipped: ${missing}` : 'running'})`, () => {
  let dir = '';
  let port = 0;
  let dovecot: Dovecot | undefined;
  const user = 'report-phishing';
  const pass = 'correct horse battery staple';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ww-imap-src-'));
    dovecot = await startDovecot(user, pass);
    port = dovecot.port;
    const c = dovecot.client();
    await c.connect();
    await c.append('INBOX', forwarded('Nurse Jones <nurse@stmarys.example>'));
    await c.append('INBOX', PHISH, ['\\Seen']);
    await c.logout();
  });
  afterAll(async () => {
    await dovecot?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores unseen reports as email.reported events and marks them seen only once stored', async () => {
    const sink = new Sink();
    sink.fail = true;
    const logs: string[] = [];
    const build = () => imapSource.build(imapSource.config.parse({ host: '127.0.0.1', port, secure: false, user, password: pass, pollInterval: '100ms' }), { dataDir: dir, name: 'imap', sink, telemetry: tele, log: (m) => logs.push(m) });
    // Store down: nothing is marked seen.
    let src = build();
    await src.start();
    await new Promise((r) => setTimeout(r, 600));
    await src.stop();
    expect(logs.some((l) => /could not store message uid \d+, will retry/.test(l))).toBe(true);
    sink.fail = false;
    src = build();
    await src.start();
    const until = Date.now() + 10_000;
    while (sink.events.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 400));
    await src.stop();
    // Only the unseen message was taken, once, as the attached phish, tagged as a report.
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0]!.email).toMatchObject({ subject: 'Mailbox quota exceeded', reported: true, reported_by: 'nurse@stmarys.example' });
    const c = dovecot!.client();
    await c.connect();
    const lock = await c.getMailboxLock('INBOX');
    const unseen = await c.search({ seen: false });
    lock.release();
    await c.logout();
    expect(unseen).toEqual([]);
  });
});
