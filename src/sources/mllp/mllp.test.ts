import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../core/components.js';
import { countingTelemetry, RecordingSink } from '../testing.js';
import { hl7v2Parser } from '../../parsers/hl7v2/index.js';
import { buildAck, errorFromReason, mllpSource, MllpFramer } from './index.js';

const SAMPLES = join(import.meta.dirname, '../../../../shared/data/healthcare/hl7v2-sample-messages/Hl7v2');
const sample = (f: string) => readFileSync(join(SAMPLES, f), 'utf8').replace(/^\uFEFF/, '').replace(/\r?\n/g, '\r');
const frame = (m: string) => `\x0b${m}\x1c\r`;

/** The real hl7v2 parser behind a recording sink (see ../testing.ts). */
class FakeSink extends RecordingSink {
  constructor() {
    super('hl7v2', hl7v2Parser.build(hl7v2Parser.config.parse({}), { dataDir: mkdtempSync(join(tmpdir(), 'ww-mllp-')) }));
  }
}

const tele = countingTelemetry;

/** A real MLLP client: sends raw bytes, collects ACK frames. */
class Client {
  private buf = Buffer.alloc(0);
  private readonly framer = new MllpFramer(1 << 20);
  acks: string[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly sock: Socket) {
    sock.on('data', (c: Buffer) => {
      for (const f of this.framer.push(c)) this.acks.push(f.data.toString('utf8'));
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }
  send(bytes: string | Buffer): void {
    this.sock.write(bytes);
  }
  async waitFor(n: number, timeoutMs = 5000): Promise<string[]> {
    const until = Date.now() + timeoutMs;
    while (this.acks.length < n) {
      if (Date.now() > until) throw new Error(`timed out with ${this.acks.length} of ${n} ACKs`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.acks;
  }
  close(): void {
    this.sock.end();
  }
}

const seg = (ack: string, id: string) => ack.split('\r').find((s) => s.startsWith(`${id}|`))?.split('|') ?? [];

let running: Source | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(sink: FakeSink, extra: Record<string, unknown> = {}) {
  const t = tele();
  const logs: string[] = [];
  const src = mllpSource.build(mllpSource.config.parse({ listen: '127.0.0.1:0', ...extra }), {
    dataDir: '/nonexistent', name: 'mllp-test', sink, telemetry: t, log: (m) => logs.push(m),
  });
  await src.start();
  running = src;
  const port = Number(/:(\d+)$/.exec(src.describe())![1]);
  return { port, t, logs };
}

describe('mllp source on loopback', () => {
  it('acknowledges AA after storage, mirroring sender and receiver', async () => {
    const sink = new FakeSink();
    sink.delayMs = 30;
    const { port, t } = await start(sink);
    const c = await Client.open(port);
    const msg = sample('ADT-A01-02.hl7');
    c.send(frame(msg));
    const [ack] = await c.waitFor(1);
    expect(sink.stored).toHaveLength(1);
    const msh = seg(ack!, 'MSH');
    const orig = msg.split('\r')[0]!.split('|');
    expect(msh[2]).toBe(orig[4]); // MSH-3 = original MSH-5
    expect(msh[3]).toBe(orig[5]);
    expect(msh[4]).toBe(orig[2]);
    expect(msh[5]).toBe(orig[3]);
    expect(msh[8]).toBe('ACK^A01^ACK');
    expect(msh[9]).not.toBe(orig[9]);
    expect(msh[10]).toBe(orig[10]);
    expect(msh[11]).toBe(orig[11]);
    expect(seg(ack!, 'MSA')).toEqual(['MSA', 'AA', orig[9]]);
    expect(ack!.includes('ERR|')).toBe(false);
    expect(t.counts).toMatchObject({ received: 1, emitted: 1 });
    c.close();
  });

  it('reassembles a frame split across chunks and splits two frames in one chunk', async () => {
    const sink = new FakeSink();
    const { port } = await start(sink);
    const c = await Client.open(port);
    const a = frame(sample('ADT-A03-02.hl7'));
    for (let i = 0; i < a.length; i += 7) {
      c.send(a.slice(i, i + 7));
      await new Promise((r) => setTimeout(r, 1));
    }
    await c.waitFor(1);
    c.send(`\r\n${frame(sample('ORU-R01-01.hl7'))}${frame(sample('SIU-S12-01.hl7'))}`);
    const acks = await c.waitFor(3);
    expect(acks.map((x) => seg(x, 'MSA')[1])).toEqual(['AA', 'AA', 'AA']);
    const controlId = (f: string) => sample(f).split('\r')[0]!.split('|')[9];
    expect(acks.map((x) => seg(x, 'MSA')[2])).toEqual(['ADT-A03-02.hl7', 'ORU-R01-01.hl7', 'SIU-S12-01.hl7'].map(controlId));
    expect(sink.stored.map((r) => r.data.split('|')[8])).toEqual(['ADT^A03^ADT_A03', sample('ORU-R01-01.hl7').split('|')[8], 'SIU^S12^SIU_S12']);
    c.close();
  });

  it('answers AE with MSA-3 and ERR for an unparseable message, without echoing PHI', async () => {
    const sink = new FakeSink();
    const { port } = await start(sink);
    const c = await Client.open(port);
    c.send(frame('MSH|^~\\&|LAB|HOSP|WW|SOC|20260105101500||ORU^R01|CTRL9|P|2.5\rPID|1||EVERYMAN-778899'));
    c.send(frame('MSH|^~\\&|LAB|HOSP|WW|SOC|EVERYMAN||ORU^R01|CTRL10|P|2.3'));
    const acks = await c.waitFor(2);
    // The first is valid HL7 (a result without OBR is still a message): AA.
    expect(seg(acks[0]!, 'MSA')).toEqual(['MSA', 'AA', 'CTRL9']);
    expect(seg(acks[1]!, 'MSA')).toEqual(['MSA', 'AE', 'CTRL10', 'MSH-7 date/time of message is not an HL7 DTM']);
    expect(seg(acks[1]!, 'ERR')).toEqual(['ERR', 'MSH^1^7^102&Data type error&HL70357']);
    expect(acks.join('')).not.toContain('EVERYMAN');
    expect(sink.dead).toHaveLength(1);
    c.close();
  });

  it('answers AE with a v2.5 ERR segment for a message without MSH-9', async () => {
    const sink = new FakeSink();
    const { port } = await start(sink);
    const c = await Client.open(port);
    c.send(frame('MSH|^~\\&|LAB|HOSP|WW|SOC|20260105101500|||CTRL11|P|2.5.1'));
    const [ack] = await c.waitFor(1);
    expect(seg(ack!, 'MSA')).toEqual(['MSA', 'AE', 'CTRL11', 'MSH-9 message type is missing']);
    expect(seg(ack!, 'ERR')).toEqual(['ERR', '', 'MSH^1^9', '101^Required field missing^HL70357', 'E']);
    c.close();
  });

  it('answers AR when storage fails or the message is too large, and AE for garbage', async () => {
    const sink = new FakeSink();
    const { port } = await start(sink, { maxMessageBytes: 4000 });
    const c = await Client.open(port);
    c.send(frame(sample('ADT-A01-01.hl7'))); // 8.5 kB
    c.send(frame('hello'));
    await c.waitFor(2);
    sink.fail = true;
    c.send(frame(sample('ADT-A01-02.hl7')));
    const acks = await c.waitFor(3);
    expect(seg(acks[0]!, 'MSA').slice(0, 3)).toEqual(['MSA', 'AR', 'MSG00001']);
    expect(seg(acks[1]!, 'MSA')).toEqual(['MSA', 'AE', '', 'message does not start with an MSH segment']);
    expect(seg(acks[2]!, 'MSA')).toEqual(['MSA', 'AR', 'MSG00001', 'message could not be stored']);
    expect(seg(acks[2]!, 'ERR')[3]).toBe('207^Application internal error^HL70357');
    c.close();
  });

  it('sends no ACK when MSH-15 asks for none', async () => {
    const sink = new FakeSink();
    const { port } = await start(sink);
    const c = await Client.open(port);
    c.send(frame(sample('ADT-A40-01.hl7')));
    c.send(frame(sample('ADT-A01-02.hl7')));
    const acks = await c.waitFor(1);
    expect(acks).toHaveLength(1);
    expect(sink.stored).toHaveLength(2);
    c.close();
  });
});

describe('ack building', () => {
  it('escapes delimiters in MSA-3 and classifies reasons', () => {
    const ack = buildAck('MSH|^~\\&|A|B|C|D|20260105||ADT^A01|7|P|2.5', 'AE', { text: 'a|b^c', code: '100' }, { now: new Date(0), controlId: 'X' });
    expect(ack).toBe('MSH|^~\\&|C|D|A|B|19700101000000+0000||ACK^A01^ACK|X|P|2.5\rMSA|AE|7|a\\F\\b\\S\\c\rERR|||100^Segment sequence error^HL70357|E\r');
    expect(errorFromReason('file:x:3: message 2: PID-3 is missing')).toEqual({ text: 'message 2: PID-3 is missing', code: '101', segment: 'PID', field: 3 });
  });
});
