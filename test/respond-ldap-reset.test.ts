import { mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondSettings } from '../src/core/config.js';
import { ldapResetPasswordDriver } from '../src/respond/actions/ldap.js';
import { ResponseEngine } from '../src/respond/engine.js';
import { parsePlaybook } from '../src/respond/load.js';
import { bruteforceAlert } from '../src/respond/testing.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { ROOT_DN, SUFFIX, slapdMissing, startSlapd, type Slapd } from './slapd.js';

/**
 * `reset-password` against a real OpenLDAP slapd (ppolicy overlay, `pwdMustChange: TRUE`), started
 * once for the file: a brute-force alert → playbook → `pwdReset: TRUE` (ppolicy) or `pwdLastSet: 0`
 * (AD) → the user's next bind gets "must change the password" and may do nothing else → undo
 * puts back exactly what was there; an unreachable directory leaves the action failed and retried.
 */
const skip = slapdMissing();
if (skip) console.warn(`respond-ldap-reset: skipped (${skip})`);

const USERS = ['nurse.adams', 'dr.osei', 'porter.lee'];
const PW = 'Spring2026!';
const ldif = [
  `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
  ...USERS.map((u) => `dn: uid=${u},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nobjectClass: wardwatchTestAdAccount\nuid: ${u}\ncn: ${u}\nsn: ${u}\nuserPassword: ${PW}\npwdLastSet: 134080123450000000\n`),
].join('\n');

const playbook = parsePlaybook([
  'name: reset-bruteforced-password',
  'trigger: { detectors: [auth.bruteforce] }',
  'steps: [{ action: reset-password, target: user, expiry: 8h }]',
].join('\n'), 'reset.yaml').playbook!;

describe.skipIf(skip !== undefined)('reset-password against a real slapd', () => {
  let slapd: Slapd;
  let store: SqliteStore;
  beforeAll(async () => {
    slapd = await startSlapd(ldif);
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-ldap-reset-')), { synchronous: 'normal' });
  }, 30_000);
  afterAll(async () => {
    store?.close();
    await slapd?.stop();
  });

  const ldapCfg = (over: Record<string, unknown> = {}) => respondSettings.parse({
    mode: 'enforce', retryBase: '1s', retries: 2,
    ldap: { url: slapd.url, bindDN: ROOT_DN, bindPasswordFile: slapd.bindPasswordFile, baseDN: SUFFIX, timeout: '2s', ...over },
  });
  const engineFor = (settings: ReturnType<typeof ldapCfg>, now?: () => number) => new ResponseEngine({
    settings, playbooks: [playbook], db: store.db, audit: (e) => store.audit(e), drivers: [ldapResetPasswordDriver(settings.ldap!)], ...(now ? { now } : {}),
  });
  const alertOn = (id: string, user: string) => bruteforceAlert(id, [], { entities: [{ type: 'user', id: user }] });
  const dnOf = (u: string) => `uid=${u},ou=people,${SUFFIX}`;

  /** One (operational) attribute of a user, read with ldapts as the administrator. */
  async function attrOf(user: string, attr: string): Promise<string | null> {
    const c = new Client({ url: slapd.url });
    try {
      await c.bind(ROOT_DN, slapd.rootPassword);
      const { searchEntries } = await c.search(dnOf(user), { scope: 'base', attributes: [attr] });
      const e: Record<string, unknown> = searchEntries[0] ?? {};
      const k = Object.keys(e).find((x) => x.toLowerCase() === attr.toLowerCase());
      const v = k ? e[k] : undefined;
      const first = Array.isArray(v) ? v[0] : v;
      return first === undefined ? null : String(first);
    } finally {
      await c.unbind().catch(() => {});
    }
  }

  /**
   * What the user's own session may do after a bind with the right password: `ok` (search works),
   * or the directory's refusal (ppolicy restricts a reset account to changing its password).
   */
  async function sessionOf(user: string): Promise<string> {
    const c = new Client({ url: slapd.url, timeout: 3000 });
    try {
      await c.bind(dnOf(user), PW);
      await c.search(dnOf(user), { scope: 'base', attributes: ['cn'] });
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    } finally {
      await c.unbind().catch(() => {});
    }
  }

  it('OpenLDAP ppolicy: pwdReset TRUE, the next bind must change the password; undo restores exactly', async () => {
    expect(await sessionOf('nurse.adams')).toBe('ok');
    const engine = engineFor(ldapCfg());
    const [rec] = await engine.handle([alertOn('al_reset_1', 'nurse.adams')]);
    expect(rec).toMatchObject({ state: 'done', action: 'reset-password', target: 'nurse.adams' });
    expect(rec!.params.undo).toMatchObject({ dn: dnOf('nurse.adams'), previous: null, set: 'TRUE' });
    expect(await attrOf('nurse.adams', 'pwdReset')).toBe('TRUE');
    expect(await sessionOf('nurse.adams')).toMatch(/restricted to bind\/unbind\/abandon\/StartTLS\/modify password/);
    // The real ldap-utils client sees the ppolicy response control: "Password must be changed".
    const who = spawnSync('ldapwhoami', ['-x', '-H', slapd.url, '-D', dnOf('nurse.adams'), '-w', PW, '-e', 'ppolicy'], { encoding: 'utf8' });
    if (!who.error) expect(`${who.stdout}${who.stderr}`).toMatch(/Password must be changed/i);

    const undone = await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'false positive');
    expect(undone.state).toBe('undone');
    expect(await attrOf('nurse.adams', 'pwdReset')).toBeNull();
    expect(await sessionOf('nurse.adams')).toBe('ok');
  }, 30_000);

  it('once the user changed the password, undo has nothing to restore (and says so by succeeding)', async () => {
    const engine = engineFor(ldapCfg());
    const [rec] = await engine.handle([alertOn('al_reset_2', 'porter.lee')]);
    expect(rec!.state).toBe('done');
    const c = new Client({ url: slapd.url });
    await c.bind(dnOf('porter.lee'), PW);
    await c.modify(dnOf('porter.lee'), [
      new Change({ operation: 'delete', modification: new Attribute({ type: 'userPassword', values: [PW] }) }),
      new Change({ operation: 'add', modification: new Attribute({ type: 'userPassword', values: ['Autumn2026!'] }) }),
    ]);
    await c.unbind();
    expect(await attrOf('porter.lee', 'pwdReset')).toBeNull(); // ppolicy cleared it on the change
    expect((await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' })).state).toBe('undone');
    expect(await attrOf('porter.lee', 'pwdReset')).toBeNull();
  }, 30_000);

  it('Active Directory: pwdLastSet 0; undo restores the exact previous timestamp', async () => {
    const engine = engineFor(ldapCfg({ method: 'ad' }));
    const [rec] = await engine.handle([alertOn('al_reset_3', 'dr.osei')]);
    expect(rec!.state).toBe('done');
    expect(await attrOf('dr.osei', 'pwdLastSet')).toBe('0');
    await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' });
    expect(await attrOf('dr.osei', 'pwdLastSet')).toBe('134080123450000000');
  }, 30_000);

  it('an unreachable directory leaves the action failed with the reason, retried, no password in it', async () => {
    let now = Date.now();
    const settings = respondSettings.parse({
      mode: 'enforce', retryBase: '1s', retries: 2,
      ldap: { url: 'ldap://127.0.0.1:1', bindDN: ROOT_DN, bindPasswordFile: slapd.bindPasswordFile, baseDN: SUFFIX, timeout: '2s' },
    });
    const engine = engineFor(settings, () => now);
    const [rec] = await engine.handle([alertOn('al_reset_4', 'dr.osei')]);
    expect(rec).toMatchObject({ state: 'failed', attempts: 1 });
    expect(rec!.reason).toMatch(/^LDAP 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(rec!.reason).not.toContain(slapd.rootPassword);
    now += 1000;
    await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'failed', attempts: 2 });
  }, 30_000);
});
