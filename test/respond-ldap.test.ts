import { mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client, InvalidCredentialsError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondSettings } from '../src/core/config.js';
import { ldapDisableDriver } from '../src/respond/actions/ldap.js';
import { ResponseEngine } from '../src/respond/engine.js';
import { parsePlaybook } from '../src/respond/load.js';
import { bruteforceAlert } from '../src/respond/testing.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { ROOT_DN, SUFFIX, slapdMissing, startSlapd, type Slapd } from './slapd.js';

/**
 * `disable-account` against a real OpenLDAP slapd (started once for the file, in a temp dir on a
 * free port): a brute-force alert → playbook → the account is disabled in the directory (its
 * binds refused by ppolicy) → undo puts back exactly what was there; an unreachable directory
 * leaves the action `failed` with the reason and a retry.
 */
const skip = slapdMissing();
if (skip) console.warn(`respond-ldap: skipped (${skip})`);

const USERS = ['nurse.jones', 'dr.patel', 'clerk.smith'];
const PW = 'Winter2026!';
const ldif = [
  `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
  ...USERS.map((u) => `dn: uid=${u},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nobjectClass: wardwatchTestAdAccount\nuid: ${u}\ncn: ${u}\nsn: ${u}\nuserPassword: ${PW}\nemployeeType: active\nuserAccountControl: 66048\n`),
].join('\n');

const playbook = parsePlaybook([
  'name: disable-bruteforced-account',
  'trigger: { detectors: [auth.bruteforce] }',
  'steps: [{ action: disable-account, target: user, expiry: 8h }]',
].join('\n'), 'disable.yaml').playbook!;

describe.skipIf(skip !== undefined)('disable-account against a real slapd', () => {
  let slapd: Slapd;
  let store: SqliteStore;
  beforeAll(async () => {
    slapd = await startSlapd(ldif);
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-ldap-')), { synchronous: 'normal' });
  }, 30_000);
  afterAll(async () => {
    store?.close();
    await slapd?.stop();
  });

  const ldapCfg = (over: Record<string, unknown> = {}) => respondSettings.parse({
    mode: 'enforce', retryBase: '1s',
    ldap: { url: slapd.url, bindDN: ROOT_DN, bindPasswordFile: slapd.bindPasswordFile, baseDN: SUFFIX, timeout: '3s', ...over },
  });
  const engineFor = (settings: ReturnType<typeof ldapCfg>, now?: () => number) => new ResponseEngine({
    settings, playbooks: [playbook], db: store.db, audit: (e) => store.audit(e), drivers: [ldapDisableDriver(settings.ldap!)], ...(now ? { now } : {}),
  });
  const alertOn = (id: string, user: string) => bruteforceAlert(id, [], { entities: [{ type: 'user', id: user }] });

  /** Whether the user can bind with the password (ppolicy refuses a locked account with code 49). */
  async function canBind(user: string): Promise<boolean> {
    const c = new Client({ url: slapd.url, timeout: 3000 });
    try {
      await c.bind(`uid=${user},ou=people,${SUFFIX}`, PW);
      return true;
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return false;
      throw err;
    } finally {
      await c.unbind().catch(() => {});
    }
  }
  /** One attribute of a user, read with the real ldapsearch when present (else ldapts). */
  async function attrOf(user: string, attr: string): Promise<string | null> {
    const dn = `uid=${user},ou=people,${SUFFIX}`;
    const r = spawnSync('ldapsearch', ['-x', '-LLL', '-H', slapd.url, '-D', ROOT_DN, '-w', slapd.rootPassword, '-b', dn, '-s', 'base', '(objectClass=*)', attr], { encoding: 'utf8' });
    if (r.status === 0) {
      const m = new RegExp(`^${attr}: (.*)$`, 'mi').exec(r.stdout);
      return m ? m[1]!.trim() : null;
    }
    const c = new Client({ url: slapd.url });
    try {
      await c.bind(ROOT_DN, slapd.rootPassword);
      const { searchEntries } = await c.search(dn, { scope: 'base', attributes: [attr] });
      const v = searchEntries[0]?.[attr];
      return v === undefined ? null : String(Array.isArray(v) ? v[0] : v);
    } finally {
      await c.unbind().catch(() => {});
    }
  }

  it('OpenLDAP ppolicy: a brute-force alert locks the account (binds refused); undo unlocks it exactly', async () => {
    expect(await canBind('nurse.jones')).toBe(true);
    const engine = engineFor(ldapCfg());
    const [rec] = await engine.handle([alertOn('al_ldap_1', 'nurse.jones')]);
    expect(rec).toMatchObject({ state: 'done', action: 'disable-account', target: 'nurse.jones' });
    expect(await attrOf('nurse.jones', 'pwdAccountLockedTime')).toBe('000001010000Z');
    expect(await canBind('nurse.jones')).toBe(false);
    expect(rec!.params.undo).toMatchObject({ dn: `uid=nurse.jones,ou=people,${SUFFIX}`, previous: null, set: '000001010000Z' });
    const undone = await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'false positive: nurse mistyped');
    expect(undone.state).toBe('undone');
    expect(await attrOf('nurse.jones', 'pwdAccountLockedTime')).toBeNull();
    expect(await canBind('nurse.jones')).toBe(true);
  }, 30_000);

  it('a configurable attribute: undo restores the exact previous value, and will not overwrite someone else\'s change', async () => {
    const engine = engineFor(ldapCfg({ method: 'attribute', attribute: 'employeeType', value: 'disabled-by-wardwatch' }));
    const [rec] = await engine.handle([alertOn('al_ldap_2', 'dr.patel')]);
    expect(rec!.state).toBe('done');
    expect(await attrOf('dr.patel', 'employeeType')).toBe('disabled-by-wardwatch');
    await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' });
    expect(await attrOf('dr.patel', 'employeeType')).toBe('active');

    const [again] = await engine.handle([alertOn('al_ldap_3', 'dr.patel')]);
    expect(again!.state).toBe('done');
    const admin = new Client({ url: slapd.url });
    await admin.bind(ROOT_DN, slapd.rootPassword);
    await admin.modify(`uid=dr.patel,ou=people,${SUFFIX}`, new Change({ operation: 'replace', modification: new Attribute({ type: 'employeeType', values: ['on-leave'] }) }));
    await admin.unbind();
    await expect(engine.undo(again!.id, { actor: 'user:ann', role: 'analyst' })).rejects.toThrow(/changed since .*not overwritten/);
    expect(await attrOf('dr.patel', 'employeeType')).toBe('on-leave');
    expect(engine.repo.get(again!.id)!.state).toBe('done');
  }, 30_000);

  it('Active Directory userAccountControl: sets bit 2 only, undo restores the exact previous flags', async () => {
    const engine = engineFor(ldapCfg({ method: 'ad' }));
    const [rec] = await engine.handle([alertOn('al_ldap_4', 'clerk.smith')]);
    expect(rec!.state).toBe('done');
    expect(await attrOf('clerk.smith', 'userAccountControl')).toBe(String(66048 | 2));
    await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' });
    expect(await attrOf('clerk.smith', 'userAccountControl')).toBe('66048');
  }, 30_000);

  it('an account that was already disabled stays disabled after undo', async () => {
    const engine = engineFor(ldapCfg({ method: 'ad' }));
    const admin = new Client({ url: slapd.url });
    await admin.bind(ROOT_DN, slapd.rootPassword);
    await admin.modify(`uid=clerk.smith,ou=people,${SUFFIX}`, new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['514'] }) }));
    await admin.unbind();
    const [rec] = await engine.handle([alertOn('al_ldap_5', 'clerk.smith')]);
    expect(rec!.state).toBe('done');
    expect(rec!.params.undo).toMatchObject({ previous: '514', set: null });
    await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' });
    expect(await attrOf('clerk.smith', 'userAccountControl')).toBe('514');
  }, 30_000);

  it('an unknown account and an injected filter fail with the reason; nothing is changed', async () => {
    const engine = engineFor(ldapCfg());
    const recs = await engine.handle([alertOn('al_ldap_6', 'nobody'), alertOn('al_ldap_7', '*)(uid=*')]);
    expect(recs.map((r) => r.state)).toEqual(['failed', 'failed']);
    expect(recs[0]!.reason).toMatch(/no account "nobody" under dc=hospital,dc=test/);
    expect(recs[1]!.reason).toMatch(/no account/);
    for (const u of USERS) expect(await attrOf(u, 'pwdAccountLockedTime')).toBeNull();
  }, 30_000);

  it('an unreachable directory leaves the action failed with the reason, retried with back-off', async () => {
    let now = Date.now();
    const settings = respondSettings.parse({
      mode: 'enforce', retryBase: '1s', retries: 2,
      ldap: { url: 'ldap://127.0.0.1:1', bindDN: ROOT_DN, bindPasswordFile: slapd.bindPasswordFile, baseDN: SUFFIX, timeout: '2s' },
    });
    const engine = engineFor(settings, () => now);
    const [rec] = await engine.handle([alertOn('al_ldap_8', 'nurse.jones')]);
    expect(rec).toMatchObject({ state: 'failed', attempts: 1 });
    expect(rec!.reason).toMatch(/^LDAP 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(rec!.reason).not.toContain(slapd.rootPassword);
    expect(Date.parse(rec!.nextTry!) - now).toBe(1000);
    now += 1000;
    await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(Date.parse(engine.repo.get(rec!.id)!.nextTry!) - now).toBe(2000);
  }, 30_000);
});
