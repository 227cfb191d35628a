import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../core/components.js';
import { syslogParser } from '../../parsers/syslog/index.js';
import { countingTelemetry, RecordingSink } from '../testing.js';
import { RelpFramer, parseOffers, relpFrame, relpSource, type RelpFrame } from './index.js';

const OPEN = 'relp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog';
const MSG = (i: number) => `<38>1 2026-02-03T04:05:06Z web01 sshd 77 - - Failed password for alice from 203.0.113.${i % 250} port 22 ssh2`;

/** The real syslog parser behind a recording sink (see ../testing.ts). */
const newSink = () => new RecordingSink('syslog', syslogParser.build(syslogParser.config.parse({}), { dataDir: mkdtempSync(join(tmpdir(), 'ww-relp-')) }));

/** A RELP client on a real socket: writes frames, collects the frames the server sends. */
class Client {
  private readonly framer = new RelpFramer(1 << 20);
  got: RelpFrame[] = [];
  closed = false;
  constructor(readonly sock: Socket) {
    sock.on('data', (c: Buffer) => {
      for (const f of this.framer.push(c)) if (!('error' in f)) this.got.push(f);
    });
    sock.on('close', () => { this.closed = true; });
  }
  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }
  send(b: string | Buffer): void {
    this.sock.write(b);
  }
  async waitFor(fn: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out; got ${this.got.map((f) => `${f.txnr} ${f.command} ${f.data.toString()}`).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  rsp(txnr: number): string | undefined {
    return this.got.find((f) => f.command === 'rsp' && f.txnr === txnr)?.data.toString('utf8');
  }
}

describe('RelpFramer', () => {
  it('splits frames across arbitrary chunk boundaries, with and without data', () => {
    const bytes = Buffer.concat([relpFrame(1, 'open', OPEN), relpFrame(2, 'syslog', 'héllo\nworld'), relpFrame(3, 'close')]);
    const f = new RelpFramer(1024);
    const out: RelpFrame[] = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...(f.push(bytes.subarray(i, i + 3)) as RelpFrame[]));
    expect(out.map((x) => [x.txnr, x.command, x.data.toString('utf8')])).toEqual([[1, 'open', OPEN], [2, 'syslog', 'héllo\nworld'], [3, 'close', '']]);
    expect(f.pending).toBe(0);
  });

  it.each([
    ['hello world\n', /does not start with a transaction number/],
    ['12x syslog 3 abc\n', /space after the transaction number/],
    ['1234567890 syslog 3 abc\n', /longer than 9 digits/],
    ['5 syslog abc\n', /missing data length/],
    ['5 syslog 3 abcd\n', /not terminated by LF after 3 data bytes/],
    ['5 syslog 99999 x', /exceeds the 1024-byte limit/],
    ['5 close 0 x\n', /does not end with LF/],
  ])('reports %j as an error and stops', (input, re) => {
    const f = new RelpFramer(1024);
    const out = f.push(Buffer.from(input));
    expect(out).toHaveLength(1);
    expect((out[0] as { error: string }).error).toMatch(re);
    expect(f.push(Buffer.from('6 close 0\n'))).toEqual([]);
  });

  it('reads offers', () => {
    expect(parseOffers(Buffer.from(OPEN)).get('commands')).toEqual(['syslog']);
    expect(parseOffers(Buffer.from('relp_version=0\nx')).get('x')).toEqual([]);
  });
});

describe('relp source (real sockets)', () => {
  let src: Source | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.sock.destroy();
    await src?.stop();
    src = undefined;
  });

  async function start(sink: RecordingSink, extra: Record<string, unknown> = {}) {
    const tele = countingTelemetry();
    src = relpSource.build(relpSource.config.parse({ listen: '127.0.0.1:0', ...extra }), { dataDir: '', name: 'relp', sink, telemetry: tele, log: () => {} });
    await src.start();
    const port = Number(/:(\d+)$/.exec(src.describe())![1]);
    const c = await Client.open(port);
    clients.push(c);
    return { c, tele };
  }

  it('negotiates open, acknowledges each syslog frame only after the store answered, and closes', async () => {
    const sink = newSink();
    sink.delayMs = 150;
    const { c } = await start(sink);
    c.send(relpFrame(1, 'open', OPEN));
    await c.waitFor(() => c.rsp(1) !== undefined);
    expect(c.rsp(1)).toMatch(/^200 OK\nrelp_version=0\nrelp_software=wardwatch,.*\ncommands=syslog\n$/);
    // A window of frames in one write, as omrelp sends them.
    c.send(Buffer.concat(Array.from({ length: 50 }, (_, i) => relpFrame(i + 2, 'syslog', MSG(i)))));
    await new Promise((r) => setTimeout(r, 60));
    // The store has not answered yet: nothing may be acknowledged.
    expect(c.got.filter((f) => f.txnr > 1)).toHaveLength(0);
    await c.waitFor(() => c.got.length === 51);
    expect(sink.stored).toHaveLength(50);
    expect(c.got.slice(1).every((f) => f.command === 'rsp' && f.data.toString() === '200 OK')).toBe(true);
    expect(c.got.slice(1).map((f) => f.txnr)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    c.send(relpFrame(52, 'close'));
    await c.waitFor(() => c.closed);
    expect(c.rsp(52)).toBe('');
  });

  it('answers 500 when the store fails, so the sender retries', async () => {
    const sink = newSink();
    const { c, tele } = await start(sink);
    c.send(relpFrame(1, 'open', OPEN));
    await c.waitFor(() => c.rsp(1) !== undefined);
    sink.fail = true;
    c.send(relpFrame(2, 'syslog', MSG(1)));
    await c.waitFor(() => c.rsp(2) !== undefined);
    expect(c.rsp(2)).toMatch(/^500 could not store/);
    expect(tele.counts.error).toBe(1);
    sink.fail = false;
    c.send(relpFrame(3, 'syslog', MSG(1)));
    await c.waitFor(() => c.rsp(3) !== undefined);
    expect(c.rsp(3)).toBe('200 OK');
  });

  it('acknowledges an unparseable message once it is kept as a dead letter', async () => {
    const sink = newSink();
    const { c } = await start(sink);
    c.send(Buffer.concat([relpFrame(1, 'open', OPEN), relpFrame(2, 'syslog', '<999>not syslog')]));
    await c.waitFor(() => c.rsp(2) !== undefined);
    expect(c.rsp(2)).toBe('200 OK');
    expect(sink.dead.map((r) => r.data)).toEqual(['<999>not syslog']);
  });

  it('refuses syslog before open, and a client that does not offer syslog', async () => {
    const sink = newSink();
    const { c } = await start(sink);
    c.send(relpFrame(7, 'syslog', MSG(1)));
    await c.waitFor(() => c.closed);
    expect(c.rsp(7)).toBe('500 "syslog" before "open"');
    expect(c.got.at(-1)).toMatchObject({ txnr: 0, command: 'serverclose' });
    expect(sink.dead[0]!.data).toContain('7 syslog');
    expect(sink.stored).toHaveLength(0);

    const c2 = await Client.open(Number(/:(\d+)$/.exec(src!.describe())![1]));
    clients.push(c2);
    c2.send(relpFrame(1, 'open', 'relp_version=0\ncommands=foo'));
    await c2.waitFor(() => c2.closed);
    expect(c2.rsp(1)).toBe('500 required command syslog not offered by the client');
  });

  it('answers a broken stream with an error, dead-letters its bytes and closes, after storing the good frames', async () => {
    const sink = newSink();
    const { c, tele } = await start(sink);
    c.send(Buffer.concat([relpFrame(1, 'open', OPEN), relpFrame(2, 'syslog', MSG(1)), Buffer.from('3 syslog 5 abcdefgh\n')]));
    await c.waitFor(() => c.closed);
    expect(c.rsp(2)).toBe('200 OK');
    expect(c.rsp(3)).toBe('500 "syslog" frame is not terminated by LF after 5 data bytes');
    expect(sink.stored).toHaveLength(1);
    expect(sink.dead.map((r) => r.data)).toEqual(['3 syslog 5 abcdefgh\n']);
    expect(tele.counts.error).toBe(1);
  });

  it('tells connected senders serverclose when it stops', async () => {
    const sink = newSink();
    const { c } = await start(sink);
    c.send(relpFrame(1, 'open', OPEN));
    await c.waitFor(() => c.rsp(1) !== undefined);
    await src!.stop();
    src = undefined;
    await c.waitFor(() => c.closed);
    expect(c.got.at(-1)).toMatchObject({ txnr: 0, command: 'serverclose' });
  });

  it('survives random garbage on many connections', async () => {
    const sink = newSink();
    const { c } = await start(sink, { maxMessageBytes: 4096 });
    c.send(relpFrame(1, 'open', OPEN));
    await c.waitFor(() => c.rsp(1) !== undefined);
    const port = Number(/:(\d+)$/.exec(src!.describe())![1]);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 30; k++) {
      const g = await Client.open(port);
      clients.push(g);
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 3000) }, () => Math.floor(rnd() * 256)));
      g.send(k % 2 ? Buffer.concat([relpFrame(1, 'open', OPEN), junk]) : junk);
      g.sock.end();
    }
    // The first connection still works.
    c.send(relpFrame(2, 'syslog', MSG(2)));
    await c.waitFor(() => c.rsp(2) !== undefined);
    expect(c.rsp(2)).toBe('200 OK');
  });
});
