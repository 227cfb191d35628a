import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../core/components.js';
import { countingTelemetry, RecordingSink } from '../testing.js';
import { emailParser } from '../../parsers/email/index.js';
import { smtpSource } from './index.js';

/** The real email parser behind a recording sink (see ../testing.ts). */
class FakeSink extends RecordingSink {
  constructor() {
    super('email', emailParser.build(emailParser.config.parse({}), { dataDir: mkdtempSync(join(tmpdir(), 'ww-smtp-')) }));
  }
}

const tele = countingTelemetry;

/** A real SMTP client over a raw socket: sends lines, reads complete (multi-line) replies. */
class Client {
  private buf = '';
  private replies: string[] = [];
  private waiters: Array<() => void> = [];
  constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      let m: RegExpExecArray | null;
      // A reply ends with a line "NNN text" (no dash after the code).
      while ((m = /^((?:\d{3}-[^\n]*\n)*\d{3} [^\n]*)\n/.exec(this.buf))) {
        this.replies.push(m[1]!.replace(/\r/g, ''));
        this.buf = this.buf.slice(m[0].length);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }
  async next(timeoutMs = 10_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (Date.now() > until) throw new Error('no SMTP reply');
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 50); });
    }
    return this.replies.shift()!;
  }
  async cmd(line: string): Promise<string> {
    this.sock.write(`${line}\r\n`);
    return this.next();
  }
  /** MAIL, RCPT, DATA and the message; resolves with the reply to the final dot. */
  async send(from: string, to: string, message: string): Promise<string> {
    expect(await this.cmd(`MAIL FROM:<${from}>`)).toMatch(/^250/);
    expect(await this.cmd(`RCPT TO:<${to}>`)).toMatch(/^250/);
    expect(await this.cmd('DATA')).toMatch(/^354/);
    const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.sock.write(`${body}\r\n.\r\n`);
    return this.next();
  }
  close(): void {
    this.sock.end('QUIT\r\n');
  }
}

const MAIL = 'From: "Ward Manager" <manager@stmarys.example>\nTo: team@stmarys.example\nSubject: Rota\nDate: Mon, 05 Jan 2026 09:00:00 +0000\n\nThe rota is on the shared drive.\n.leading dot line\n';
const PHISH = `From: "PayPal Security" <service@paypa1.com>\nTo: nurse@stmarys.example\nSubject: Your account has been limited\nDate: Mon, 05 Jan 2026 10:00:00 +0000\nContent-Type: text/html\n\n<p>We detected unusual activity. Please verify your account and confirm your password within 24 hours or it will be suspended.</p><a href="http://140.130.108.11/webscr/login.php">https://www.paypal.com/signin</a><form action="http://140.130.108.11/post.php"><input name=pw></form>\n`;

describe('smtp source', () => {
  let src: Source | undefined;
  afterEach(async () => {
    await src?.stop();
    src = undefined;
  });
  const start = async (sink: FakeSink, cfg: Record<string, unknown> = {}) => {
    const t = tele();
    const logs: string[] = [];
    src = smtpSource.build(smtpSource.config.parse({ listen: '127.0.0.1:0', ...cfg }), { dataDir: mkdtempSync(join(tmpdir(), 'ww-smtp-')), name: 'smtp', sink, telemetry: t, log: (m) => logs.push(m) });
    await src.start();
    const port = Number(src.describe().split(':').pop());
    const c = await Client.open(port);
    expect(await c.next()).toMatch(/^220 /);
    expect(await c.cmd('EHLO client.example')).toMatch(/^250[- ]/);
    return { c, t, logs };
  };

  it('answers 250 only after the message is stored, and stores it byte for byte (dot-unstuffed)', async () => {
    const sink = new FakeSink();
    sink.delayMs = 300;
    const { c, t } = await start(sink);
    const t0 = Date.now();
    const r = await c.send('manager@stmarys.example', 'team@stmarys.example', MAIL);
    expect(r).toMatch(/^250 /);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(sink.stored).toHaveLength(1);
    expect(sink.stored[0]!.data.replace(/\r\n/g, '\n')).toContain('\n.leading dot line\n');
    const [e] = sink.realParser.parse(sink.stored[0]!);
    // Mail is PHI: the subject is sealed with the bodies, only its length in clear.
    expect(e?.email?.subject).toBeUndefined();
    expect((e?.email as { subject_chars?: number }).subject_chars).toBe(4);
    expect(t.counts).toMatchObject({ received: 1, emitted: 1 });
    c.close();
  });

  it('answers 451 when the store fails, so the sender retries', async () => {
    const sink = new FakeSink();
    sink.fail = true;
    const { c, t } = await start(sink);
    expect(await c.send('a@b.example', 'c@d.example', MAIL)).toMatch(/^451 4\.3\.0/);
    expect(t.counts.error).toBe(1);
    c.close();
  });

  it('refuses a message over the size limit with 552 and does not store it', async () => {
    const sink = new FakeSink();
    const { c, t } = await start(sink, { maxMessageBytes: 2000 });
    expect(await c.send('a@b.example', 'c@d.example', `${MAIL}${'x'.repeat(5000)}\n`)).toMatch(/^552 /);
    expect(sink.stored).toHaveLength(0);
    expect(t.counts['dropped:too_large']).toBe(1);
    c.close();
  });

  it('keeps a message that is not e-mail as a dead letter and accepts it', async () => {
    const sink = new FakeSink();
    const { c } = await start(sink);
    expect(await c.send('a@b.example', 'c@d.example', 'this is not a header\n\nbody')).toMatch(/^250 .*dead letter/);
    expect(sink.dead).toHaveLength(1);
    c.close();
  });

  it('in before-queue mode rejects phishing with 550 after storing it, and passes ordinary mail', async () => {
    const sink = new FakeSink();
    const { c, logs } = await start(sink, { mode: 'before-queue' });
    expect(await c.send('service@paypa1.com', 'nurse@stmarys.example', PHISH)).toMatch(/^550 5\.7\.1 Message rejected as phishing/);
    expect(await c.send('manager@stmarys.example', 'team@stmarys.example', MAIL)).toMatch(/^250 /);
    expect(sink.stored).toHaveLength(2);
    expect(logs.some((l) => /rejected a message as phishing/.test(l))).toBe(true);
    c.close();
  });
});
