import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src/core/alert.js';
import { respondSettings } from '../src/core/config.js';
import { imapQuarantineDriver } from '../src/respond/actions/imap.js';
import { ResponseEngine } from '../src/respond/engine.js';
import { parsePlaybook } from '../src/respond/load.js';
import { bruteforceAlert } from '../src/respond/testing.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { dovecotMissing, startDovecot, type Dovecot } from './dovecot.js';

/**
 * `quarantine-message` against a real Dovecot: a phishing alert → playbook → the sender's messages
 * move from INBOX to Quarantine (a look-alike sender's and a colleague's stay) → undo moves exactly
 * those back; an unreachable server leaves the action `failed` with the reason and a retry.
 */
const skip = dovecotMissing();
if (skip) console.warn(`respond-imap: skipped (${skip})`);

const PHISHER = 'helpdesk@stmarys-hospita1.org';
const msg = (from: string, id: string, subject: string) =>
  `From: ${from}\r\nTo: nurse@stmarys.example\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${id}@test>\r\n\r\nbody ${id}\r\n`;

const playbook = parsePlaybook([
  'name: quarantine-phishing',
  'trigger: { detectors: [phishing], severity: high }',
  'steps: [{ action: quarantine-message, expiry: 7d }]',
].join('\n'), 'q.yaml').playbook!;

function phishingAlert(id: string, sender: string): Alert {
  return bruteforceAlert(id, [], {
    detector: 'phishing', rule: 'phishing', title: `Likely phishing from ${sender}`, severity: 'high',
    entities: [{ type: 'email', id: sender }, { type: 'user', id: 'nurse@stmarys.example' }],
  });
}

describe.skipIf(skip !== undefined)('quarantine-message against a real Dovecot', () => {
  let dovecot: Dovecot;
  let store: SqliteStore;
  let secretDir: string;
  beforeAll(async () => {
    dovecot = await startDovecot();
    const c = dovecot.client();
    await c.connect();
    await c.append('INBOX', msg(`"IT Helpdesk" <${PHISHER}>`, 'p1', 'Mailbox quota exceeded'));
    await c.append('INBOX', msg(PHISHER, 'p2', 'Re: Mailbox quota exceeded'));
    await c.append('INBOX', msg(`x${PHISHER}`, 'lookalike', 'Lunch menu'));
    await c.append('INBOX', msg('pharmacy@stmarys.example', 'legit', 'Formulary update'));
    await c.logout();
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-imap-')), { synchronous: 'normal' });
    secretDir = mkdtempSync(join(tmpdir(), 'respond-imap-secret-'));
    writeFileSync(join(secretDir, 'imap'), dovecot.pass, { mode: 0o600 });
  }, 30_000);
  afterAll(async () => {
    store?.close();
    await dovecot?.stop();
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  });

  const engineFor = (imap: Record<string, unknown>, now?: () => number) => {
    const settings = respondSettings.parse({ mode: 'enforce', retryBase: '1s', imap: { host: '127.0.0.1', user: 'wardwatch', passwordFile: join(secretDir, 'imap'), secure: false, timeout: '3s', ...imap } });
    return new ResponseEngine({ settings, playbooks: [playbook], db: store.db, audit: (e) => store.audit(e), drivers: [imapQuarantineDriver(settings.imap!)], ...(now ? { now } : {}) });
  };

  /** Message-IDs in a mailbox, sorted. */
  async function ids(mailbox: string): Promise<string[]> {
    const c = dovecot.client();
    await c.connect();
    try {
      if (!(await c.list()).some((b) => b.path === mailbox)) return [];
      const lock = await c.getMailboxLock(mailbox);
      const out: string[] = [];
      try {
        for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.messageId ?? '');
      } catch { /* empty mailbox */ }
      lock.release();
      return out.sort();
    } finally {
      await c.logout();
    }
  }

  it('moves the phishing sender\'s messages (only those) to Quarantine; undo moves exactly them back', async () => {
    const engine = engineFor({ port: dovecot.port });
    const [rec] = await engine.handle([phishingAlert('al_imap_1', PHISHER)]);
    expect(rec).toMatchObject({ state: 'done', action: 'quarantine-message', target: PHISHER });
    expect(rec!.params.undo).toMatchObject({ messages: 2 });
    expect(await ids('Quarantine')).toEqual(['<p1@test>', '<p2@test>']);
    expect(await ids('INBOX')).toEqual(['<legit@test>', '<lookalike@test>']);
    const undone = await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'reported by mistake');
    expect(undone.state).toBe('undone');
    expect(await ids('Quarantine')).toEqual([]);
    expect(await ids('INBOX')).toEqual(['<legit@test>', '<lookalike@test>', '<p1@test>', '<p2@test>']);
  }, 30_000);

  it('an unreachable mail server leaves the action failed with the reason, retried with back-off', async () => {
    let now = Date.now();
    const engine = engineFor({ port: 1 }, () => now);
    const [rec] = await engine.handle([phishingAlert('al_imap_2', PHISHER)]);
    expect(rec).toMatchObject({ state: 'failed', attempts: 1 });
    expect(rec!.reason).toMatch(/^IMAP 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(rec!.reason).not.toContain(dovecot.pass);
    expect(Date.parse(rec!.nextTry!) - now).toBe(1000);
    now += 1000;
    await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(await ids('INBOX')).toHaveLength(4);
  }, 30_000);
});
