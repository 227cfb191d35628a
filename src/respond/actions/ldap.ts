import { readFileSync } from 'node:fs';
import { Attribute, Change, Client } from 'ldapts';
import type { RespondSettings } from '../../core/config.js';
import { parseDuration } from '../../core/duration.js';
import { readSecret } from './secret.js';
import type { ActionDriver, ActionInput } from './types.js';

export type LdapSettings = NonNullable<RespondSettings['ldap']>;

/** What `disable-account` keeps for its undo: the entry, the value it replaced, the value it set. */
interface UndoData {
  dn: string;
  /** The attribute's value before (null: absent). */
  previous: string | null;
  /** The value written (null: nothing was written, the account was already disabled). */
  set: string | null;
}

/** OpenLDAP ppolicy: this lock time means "locked until an administrator unlocks it". */
const PERMANENT_LOCK = '000001010000Z';
/** Active Directory userAccountControl ACCOUNTDISABLE flag. */
const ACCOUNTDISABLE = 2;

/**
 * An account name as an LDAP filter value (RFC 4515): `*`, `(`, `)`, `\\` and NUL escaped, so a
 * name from a log line cannot widen the search.
 *
 * @example
 * escapeValue('a*)(uid=*') // 'a\\2a\\29\\28uid=\\2a'
 */
export function escapeValue(v: string): string {
  return v.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function firstValue(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const x = Array.isArray(v) ? v[0] : v;
  if (x === undefined) return null;
  return Buffer.isBuffer(x) ? x.toString('utf8') : String(x);
}

/** What an LDAP action writes: one attribute, the value it sets, and when the account already has it. */
interface AttributeAction {
  type: string;
  attr: string;
  setValue: (previous: string | null) => string;
  isSet: (v: string | null) => boolean;
  /**
   * The directory itself clears the value once it has served its purpose (a forced reset is
   * consumed when the user changes the password): undo then has nothing left to restore.
   */
  consumable?: boolean;
}

/**
 * `disable-account`: disable a directory account over LDAP (ldapts), and on undo put back exactly
 * the value that was there. Active Directory: `userAccountControl |= 2`; OpenLDAP with the ppolicy
 * overlay: `pwdAccountLockedTime: 000001010000Z` (binds are then refused); or any attribute/value
 * the directory uses. An account that was already disabled is left as it is, and undo leaves it so.
 * Undo refuses to overwrite a value someone else changed meanwhile (the action stays on record).
 *
 * @example
 * ldapDisableDriver({ url: 'ldaps://dc1.stmarys.example', bindDN: 'CN=wardwatch,OU=Service,DC=stmarys,DC=example',
 *   bindPasswordFile: '/run/secrets/ldap', baseDN: 'DC=stmarys,DC=example', userFilter: '(sAMAccountName={user})', method: 'ad', … })
 */
export function ldapDisableDriver(cfg: LdapSettings): ActionDriver {
  const attr = cfg.method === 'ad' ? 'userAccountControl' : cfg.method === 'ppolicy' ? 'pwdAccountLockedTime' : cfg.attribute!;
  const setValue = (previous: string | null) => (cfg.method === 'ad' ? String((Number(previous ?? 512) | ACCOUNTDISABLE) >>> 0) : cfg.method === 'ppolicy' ? PERMANENT_LOCK : cfg.value!);
  const isSet = (v: string | null) => (cfg.method === 'ad' ? v !== null && (Number(v) & ACCOUNTDISABLE) !== 0 : v !== null && v === setValue(v));
  return ldapAttributeDriver(cfg, { type: 'disable-account', attr, setValue, isSet });
}

/**
 * `reset-password`: force a password change at the account's next sign-in, and on undo put back
 * exactly the value that was there. Active Directory: `pwdLastSet: 0`; OpenLDAP (ppolicy overlay,
 * with `pwdMustChange: TRUE` in the policy): `pwdReset: TRUE`, so the next bind carries the
 * "change after reset" response and every operation but a password change is refused. The
 * account keeps working for its owner (no lock-out of the on-call surgeon), but a stolen password
 * stops being useful. Once the user has changed the password the directory clears the flag, and
 * undo has nothing to restore. `method: attribute` directories use the ppolicy attribute.
 *
 * @example
 * steps: [{ action: reset-password, target: user }]
 */
export function ldapResetPasswordDriver(cfg: LdapSettings): ActionDriver {
  const ad = cfg.method === 'ad';
  const value = ad ? '0' : 'TRUE';
  return ldapAttributeDriver(cfg, { type: 'reset-password', attr: ad ? 'pwdLastSet' : 'pwdReset', setValue: () => value, isSet: (v) => v !== null && v.toUpperCase() === value, consumable: true });
}

function ldapAttributeDriver(cfg: LdapSettings, a: AttributeAction): ActionDriver {
  const { attr, setValue: disabledValue, isSet: isDisabled } = a;
  const timeout = parseDuration(cfg.timeout);
  const tlsOptions = cfg.caFile ? { ca: readFileSync(cfg.caFile) } : {};
  const host = new URL(cfg.url).host;

  async function session<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ url: cfg.url, timeout, connectTimeout: timeout, tlsOptions });
    try {
      if (cfg.startTls) await c.startTLS(tlsOptions);
      await c.bind(cfg.bindDN, readSecret({ file: cfg.bindPasswordFile, env: cfg.bindPasswordEnv }, 'respond.ldap.bindPassword'));
      return await fn(c);
    } catch (err) {
      // The reason without the bind password (ldapts never puts it in a message) and with where.
      const e = err as { code?: unknown; message?: string };
      throw new Error(`LDAP ${host}: ${e.message ?? String(err)}${typeof e.code === 'string' ? ` (${e.code})` : ''}`);
    } finally {
      await c.unbind().catch(() => {});
    }
  }

  /** The account's entry and the attribute's current value; exactly one entry must match. */
  async function find(c: Client, user: string, dn?: string): Promise<{ dn: string; value: string | null }> {
    const { searchEntries } = dn
      ? await c.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: [attr] })
      : await c.search(cfg.baseDN, { scope: 'sub', filter: cfg.userFilter.replaceAll('{user}', escapeValue(user)), attributes: [attr], sizeLimit: 2 });
    if (searchEntries.length !== 1) {
      throw new Error(searchEntries.length === 0 ? `no account "${user}" under ${cfg.baseDN}` : `"${user}" matches more than one entry under ${cfg.baseDN}`);
    }
    const entry = searchEntries[0]!;
    const key = Object.keys(entry).find((k) => k.toLowerCase() === attr.toLowerCase());
    return { dn: entry.dn, value: key ? firstValue(entry[key]) : null };
  }

  const write = (c: Client, dn: string, value: string | null) =>
    c.modify(dn, new Change({ operation: value === null ? 'delete' : 'replace', modification: new Attribute({ type: attr, values: value === null ? [] : [value] }) }));

  const undoData = (i: ActionInput) => i.params.undo as UndoData | undefined;

  return {
    type: a.type,
    disruptive: true,
    do: (i) => session(async (c) => {
      const known = undoData(i);
      const { dn, value } = await find(c, i.target, known?.dn);
      // A retry after a write that went through keeps the value recorded the first time.
      if (known && value === known.set) return { ...known };
      if (isDisabled(value)) return { dn, previous: value, set: null } satisfies UndoData;
      const set = disabledValue(value);
      await write(c, dn, set);
      return { dn, previous: value, set } satisfies UndoData;
    }),
    undo: (i) => session(async (c) => {
      const u = undoData(i);
      if (!u || u.set === null) return; // nothing was written (or the account was already disabled)
      const { value } = await find(c, i.target, u.dn);
      if (value === u.previous) return; // restored already
      if (a.consumable && value !== u.set) return; // served its purpose (e.g. the password was changed): nothing to restore
      if (value !== u.set) throw new Error(`${attr} of ${u.dn} was changed since (not the value Wardwatch set): not overwritten`);
      await write(c, u.dn, u.previous);
    }),
    verify: (i) => session(async (c) => isDisabled((await find(c, i.target, undoData(i)?.dn)).value)),
    // Undone = the exact previous value is back (nothing to check when nothing was written).
    verifyUndone: async (i) => {
      const u = undoData(i);
      if (!u || u.set === null) return true;
      return session(async (c) => {
        const { value } = await find(c, i.target, u.dn);
        return value === u.previous || (a.consumable === true && value !== u.set);
      });
    },
  };
}
