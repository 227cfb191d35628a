import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** Where the self-signed certificate lives inside the data directory. */
export const SELF_SIGNED_DIR = 'tls';
const CERT = 'self-signed.crt';
const KEY = 'self-signed.key';
/** Validity of a generated certificate; an expired one is replaced at the next start. */
const VALID_DAYS = 397;

/** A certificate and key in PEM, with where they are and the SHA-256 fingerprint to compare out of band. */
export interface SelfSigned {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** `AA:BB:…` SHA-256 fingerprint of the certificate (what a browser or `openssl x509 -fingerprint -sha256` shows). */
  fingerprint256: string;
  /** True when this call generated it. */
  created: boolean;
}

const pending = new Map<string, Promise<SelfSigned>>();

/**
 * The data directory's self-signed certificate, made on first use (EC P-256, SANs `localhost`,
 * the host name, loopback and the machine's interface addresses) with Node's crypto via `selfsigned` — no `openssl` at run
 * time. The key file is written 0600 in a 0700 directory. Listeners that ask for it at the same
 * time share one generation.
 *
 * @example
 * const s = await ensureSelfSigned('./data');
 * console.log(`TLS fingerprint (SHA-256): ${s.fingerprint256}`);
 */
export function ensureSelfSigned(dataDir: string): Promise<SelfSigned> {
  const dir = join(dataDir, SELF_SIGNED_DIR);
  let p = pending.get(dir);
  if (!p) {
    p = load(dir).finally(() => pending.delete(dir));
    pending.set(dir, p);
  }
  return p;
}

/** Loopback and this machine's interface addresses (without IPv6 zone ids), for the certificate's SANs. */
function addresses(): string[] {
  const out = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.address.includes('%')) out.add(a.address);
  }
  return [...out];
}

async function load(dir: string): Promise<SelfSigned> {
  const certPath = join(dir, CERT);
  const keyPath = join(dir, KEY);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const x = new X509Certificate(cert);
    if (Date.parse(x.validTo) > Date.now() + 86_400_000) {
      return { certPath, keyPath, cert, key: readFileSync(keyPath, 'utf8'), fingerprint256: x.fingerprint256, created: false };
    }
  }
  const now = new Date();
  const host = hostname();
  const names = [...new Set(['localhost', host].filter((n) => /^[A-Za-z0-9.-]+$/.test(n)))];
  const made = await generate([{ name: 'commonName', value: host || 'wardwatch' }, { name: 'organizationName', value: 'Wardwatch self-signed' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2 as const, value })), ...addresses().map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Write beside and rename, so a crash never leaves a certificate without its key.
  writeFileSync(`${keyPath}.tmp`, made.private, { mode: 0o600 });
  writeFileSync(`${certPath}.tmp`, made.cert, { mode: 0o600 });
  renameSync(`${keyPath}.tmp`, keyPath);
  renameSync(`${certPath}.tmp`, certPath);
  return { certPath, keyPath, cert: made.cert, key: made.private, fingerprint256: new X509Certificate(made.cert).fingerprint256, created: true };
}
