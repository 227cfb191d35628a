import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLAPD = '/usr/sbin/slapd';
export const SUFFIX = 'dc=hospital,dc=test';
export const ROOT_DN = `cn=admin,${SUFFIX}`;

/** Why a real slapd cannot run here (undefined: it can). */
export function slapdMissing(): string | undefined {
  if (!existsSync(SLAPD)) return 'slapd not installed (apt-get install slapd ldap-utils)';
  if (!existsSync('/usr/lib/ldap/back_mdb.so') || !existsSync('/usr/lib/ldap/ppolicy.so')) return 'slapd modules back_mdb/ppolicy missing';
  if (!existsSync('/etc/ldap/schema/inetorgperson.schema')) return 'OpenLDAP schema files missing (/etc/ldap/schema)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** A running slapd of our own: its URL, root credentials, temp dir and a stop function. */
export interface Slapd {
  url: string;
  rootPassword: string;
  /** The root password in a 0600 file, as `respond.ldap.bindPasswordFile` reads it. */
  bindPasswordFile: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Start an OpenLDAP slapd in a temp dir on a free port, from a slapd.conf of its own (mdb database,
 * ppolicy overlay with a default policy, and a tiny schema giving `userAccountControl` as AD has it),
 * loaded with `ldif` by slapadd. Runs as the current user; nothing outside the temp dir is touched.
 */
export async function startSlapd(ldif: string): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-slapd-'));
  const rootPassword = `root-${process.pid}-${Date.now()}`;
  const bindPasswordFile = join(dir, 'bind');
  writeFileSync(bindPasswordFile, `${rootPassword}\n`, { mode: 0o600 });
  mkdirSync(join(dir, 'db'), { mode: 0o700 });
  writeFileSync(join(dir, 'ad.schema'), [
    "attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
    "attributetype ( 1.2.840.113556.1.4.96 NAME 'pwdLastSet' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
    "objectclass ( 1.3.6.1.4.1.55555.1.1 NAME 'wardwatchTestAdAccount' AUXILIARY MAY ( userAccountControl $ pwdLastSet ) )",
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'slapd.conf'), [
    'include /etc/ldap/schema/core.schema', 'include /etc/ldap/schema/cosine.schema', 'include /etc/ldap/schema/nis.schema',
    'include /etc/ldap/schema/inetorgperson.schema', `include ${join(dir, 'ad.schema')}`,
    'modulepath /usr/lib/ldap', 'moduleload back_mdb', 'moduleload ppolicy',
    `pidfile ${join(dir, 'slapd.pid')}`, `argsfile ${join(dir, 'slapd.args')}`,
    'database mdb', 'maxsize 33554432', `suffix "${SUFFIX}"`, `rootdn "${ROOT_DN}"`, `rootpw ${rootPassword}`, `directory ${join(dir, 'db')}`,
    'overlay ppolicy', `ppolicy_default "cn=default,ou=policies,${SUFFIX}"`,
    'access to attrs=userPassword by self write by anonymous auth by * none', 'access to * by * read', '',
  ].join('\n'), { mode: 0o600 });
  const base = `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: hospital\no: Hospital\n\n`
    + `dn: ou=policies,${SUFFIX}\nobjectClass: organizationalUnit\nou: policies\n\n`
    + `dn: cn=default,ou=policies,${SUFFIX}\nobjectClass: organizationalRole\nobjectClass: pwdPolicy\ncn: default\npwdAttribute: userPassword\npwdLockout: TRUE\npwdMustChange: TRUE\n\n`;
  writeFileSync(join(dir, 'data.ldif'), base + ldif);
  const add = spawnSync('/usr/sbin/slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'data.ldif')], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`slapadd: ${add.stderr}`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d keeps slapd in the foreground (a child we can stop); `-d 0` logs nothing.
  const child: ChildProcess = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); res(true); }).on('error', () => res(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM'); // never leave a server behind a failed start
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`slapd did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, rootPassword, bindPasswordFile, dir,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
