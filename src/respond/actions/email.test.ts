import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { respondSettings } from '../../core/config.js';
import { bruteforceAlert } from '../testing.js';
import { emailNotifyDriver } from './email.js';

interface Got { from: string; to: string[]; data: string; user: string | undefined }

/** A real SMTP server (smtp-server) on a local port, with AUTH PLAIN/LOGIN over a plain connection. */
async function relay(opts: { rejectRcpt?: string } = {}): Promise<{ port: number; got: Got[]; server: SMTPServer }> {
  const got: Got[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, authOptional: true, logger: false,
    onAuth(auth, _s, cb) { if (auth.username === 'ww' && auth.password === 'relay-pass') cb(null, { user: 'ww' }); else cb(new Error('bad credentials')); },
    onRcptTo(addr, _s, cb) { if (addr.address === opts.rejectRcpt) cb(new Error('no such user')); else cb(); },
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => { data += c.toString(); });
      stream.on('end', () => {
        got.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data, user: session.user as string | undefined });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, got, server };
}

const servers: SMTPServer[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r())); });

const smtp = (port: number) => respondSettings.parse({ smtp: { host: '127.0.0.1', port, from: 'wardwatch@stmarys.example', user: 'ww', passwordEnv: 'WW_TEST_SMTP_PASS' } }).smtp!;

describe('notify-email over SMTP against a real local server', () => {
  it('sends the alert and its explanation to every recipient, authenticated, once per action', async () => {
    const r = await relay();
    servers.push(r.server);
    process.env.WW_TEST_SMTP_PASS = 'relay-pass';
    const d = emailNotifyDriver(smtp(r.port));
    const input = { id: 'act_mail1', target: 'al_1', params: { to: ['soc@stmarys.example', 'oncall@stmarys.example'], playbook: 'notify-critical' }, alert: bruteforceAlert('al_1', ['203.0.113.9']), expiryMs: 1000 };
    expect(await d.verify(input)).toBe(false);
    await d.do(input);
    await d.do(input); // a retry of a delivered action sends nothing more
    expect(await d.verify(input)).toBe(true);
    expect(r.got).toHaveLength(1);
    const m = r.got[0]!;
    expect(m).toMatchObject({ from: 'wardwatch@stmarys.example', to: ['soc@stmarys.example', 'oncall@stmarys.example'], user: 'ww' });
    expect(m.data).toMatch(/^Subject: \[Wardwatch HIGH\] Brute force against account root\r?$/m);
    expect(m.data).toMatch(/^Message-ID: <act_mail1@stmarys\.example>\r?$/im);
    expect(m.data).toContain('40 failed logins for root in 5 minutes (threshold 10).');
    expect(m.data).toContain('ip:203.0.113.9');
  });

  it('fails with a clear reason when a recipient is refused or the password is wrong, never echoing the password', async () => {
    const r = await relay({ rejectRcpt: 'nobody@stmarys.example' });
    servers.push(r.server);
    process.env.WW_TEST_SMTP_PASS = 'relay-pass';
    const d = emailNotifyDriver(smtp(r.port));
    const base = { target: 'al_1', alert: bruteforceAlert('al_1', ['203.0.113.9']), expiryMs: 1000 };
    await expect(d.do({ ...base, id: 'act_m2', params: { to: ['soc@stmarys.example', 'nobody@stmarys.example'] } })).rejects.toThrow(/refused 1 of 2 recipients/);
    process.env.WW_TEST_SMTP_PASS = 'wrong-pass-xyz';
    const err = await d.do({ ...base, id: 'act_m3', params: { to: ['soc@stmarys.example'] } }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).not.toContain('wrong-pass-xyz');
    expect(await d.verify({ ...base, id: 'act_m3', params: {} })).toBe(false);
  });

  it('an unreachable relay is an error (the engine retries it)', async () => {
    const d = emailNotifyDriver(respondSettings.parse({ smtp: { host: '127.0.0.1', port: 9, from: 'ww@stmarys.example', timeout: '2s' } }).smtp!);
    await expect(d.do({ id: 'act_m4', target: 'al_1', params: { to: ['soc@stmarys.example'] }, alert: bruteforceAlert('al_1', []), expiryMs: 1 })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
