import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCef } from '../../parsers/cef/cef-line.js';
import { bruteforceAlert } from '../testing.js';
import { cefHeader, cefLine, cefValue } from './cef.js';
import { forwardDriver } from './forward.js';

const closers: Array<() => void> = [];
afterEach(() => { for (const c of closers.splice(0)) c(); });

/** An alert whose title and explanation hold every character CEF must escape. */
const nasty = () => bruteforceAlert('al_x', ['203.0.113.9'], {
  title: 'Pipe | back\\slash = sign',
  explanation: { summary: 's', factors: [], evidence: [], evidenceCount: 1, text: 'a=b | c\\d\nsecond line\r\nthird' },
  techniques: ['T1110.001'],
});

/** RFC 5424: `<PRI>1 TS HOST APP PROCID MSGID SD MSG`; returns PRI and MSG. */
function split5424(s: string): { pri: number; msg: string } {
  const m = /^<(\d+)>1 \S+ \S+ wardwatch \d+ alert - (.*)$/s.exec(s);
  if (!m) throw new Error(`not RFC 5424: ${s.slice(0, 80)}`);
  return { pri: Number(m[1]), msg: m[2]! };
}

describe('CEF encoding', () => {
  it('escapes | and \\ in the header, = \\ and line breaks in the extension, and parses back unchanged', () => {
    expect(cefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(cefValue('x=y\\z\r\nw|v')).toBe('x\\=y\\\\z\\nw|v');
    const a = nasty();
    const line = cefLine(a);
    expect(line.split('\n')).toHaveLength(1);
    const c = parseCef(line, 4);
    expect(c).toMatchObject({ version: '0', vendor: 'Wardwatch', product: 'Wardwatch', signatureId: 'auth.bruteforce', name: 'Pipe | back\\slash = sign', severity: '8' });
    expect(c.extension).toMatchObject({ externalId: 'al_x', cat: 'auth.bruteforce', src: '203.0.113.9', suser: 'root', cs1: 'user:root,ip:203.0.113.9', cs2: 'T1110.001', cs2Label: 'techniques' });
    expect(c.extension.msg).toBe('a=b | c\\d\nsecond line\nthird');
  });
});

describe('forward to a SIEM over a real local socket', () => {
  it('UDP: one RFC 5424 datagram carrying the CEF line', async () => {
    const sock = createSocket('udp4');
    closers.push(() => sock.close());
    const got = new Promise<string>((r) => sock.once('message', (m) => r(m.toString('utf8'))));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const d = forwardDriver();
    const input = { id: 'act_f1', target: 'al_x', params: { host: '127.0.0.1', port: sock.address().port, protocol: 'udp' }, alert: nasty(), expiryMs: 1 };
    await d.do(input);
    expect(await d.verify(input)).toBe(true);
    const { pri, msg } = split5424(await got);
    expect(pri).toBe(16 * 8 + 3); // local0.err for a high alert
    expect(parseCef(msg, 4).extension.msg).toBe('a=b | c\\d\nsecond line\nthird');
  });

  it('TCP: octet-counted frames (RFC 6587), several messages on one listener split back exactly', async () => {
    const frames: string[] = [];
    let buf = '';
    const server = createServer((s) => {
      s.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        for (;;) {
          const m = /^(\d+) /.exec(buf);
          if (!m) break;
          const len = Number(m[1]);
          const body = Buffer.from(buf.slice(m[0].length), 'utf8');
          if (body.length < len) break;
          frames.push(body.subarray(0, len).toString('utf8'));
          buf = body.subarray(len).toString('utf8');
        }
      });
    });
    closers.push(() => server.close());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const d = forwardDriver();
    const critical = bruteforceAlert('al_y', ['198.51.100.2'], { severity: 'critical' });
    await d.do({ id: 'act_f2', target: 'al_x', params: { host: '127.0.0.1', port, protocol: 'tcp' }, alert: nasty(), expiryMs: 1 });
    await d.do({ id: 'act_f3', target: 'al_y', params: { host: '127.0.0.1', port, protocol: 'tcp' }, alert: critical, expiryMs: 1 });
    await d.do({ id: 'act_f3', target: 'al_y', params: { host: '127.0.0.1', port, protocol: 'tcp' }, alert: critical, expiryMs: 1 }); // retry: not sent twice
    await new Promise((r) => setTimeout(r, 100));
    expect(frames).toHaveLength(2);
    const [a, b] = frames.map(split5424);
    expect(parseCef(a!.msg, 4).name).toBe('Pipe | back\\slash = sign');
    expect(b!.pri).toBe(16 * 8 + 2);
    expect(parseCef(b!.msg, 4)).toMatchObject({ severity: '10', extension: expect.objectContaining({ src: '198.51.100.2', externalId: 'al_y' }) });
  });

  it('a closed port is an error (the engine retries), and nothing is marked sent', async () => {
    const d = forwardDriver(2000);
    const input = { id: 'act_f4', target: 'al_x', params: { host: '127.0.0.1', port: 9, protocol: 'tcp' }, alert: nasty(), expiryMs: 1 };
    await expect(d.do(input)).rejects.toThrow(/ECONNREFUSED/);
    expect(await d.verify(input)).toBe(false);
  });
});
