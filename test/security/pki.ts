import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** PEM files of a throw-away PKI for TLS tests: a CA, a server and a client certificate it signed, and a rogue client from another CA. */
export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  rogueCert: string;
  rogueKey: string;
  /** The same, as PEM text. */
  pem: { ca: string; clientCert: string; clientKey: string; rogueCert: string; rogueKey: string };
}

const day = 86_400_000;

async function ca(cn: string) {
  return generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate: new Date(Date.now() - day), notAfterDate: new Date(Date.now() + 30 * day),
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  });
}

async function leaf(cn: string, issuer: { private: string; cert: string }, usage: 'server' | 'client') {
  return generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate: new Date(Date.now() - day), notAfterDate: new Date(Date.now() + 30 * day),
    ca: { key: issuer.private, cert: issuer.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      usage === 'server' ? { name: 'extKeyUsage', serverAuth: true } : { name: 'extKeyUsage', clientAuth: true },
      ...(usage === 'server' ? [{ name: 'subjectAltName' as const, altNames: [{ type: 2 as const, value: 'localhost' }, { type: 7 as const, ip: '127.0.0.1' }] }] : []),
    ],
  });
}

/** Make the PKI in `dir` (files a config can point at). */
export async function makePki(dir: string): Promise<TestPki> {
  const root = await ca('Wardwatch test CA');
  const server = await leaf('localhost', root, 'server');
  const client = await leaf('syslog-relay.test', root, 'client');
  const otherCa = await ca('Someone else CA');
  const rogue = await leaf('rogue.test', otherCa, 'client');
  const files: Record<string, string> = {
    'ca.crt': root.cert, 'server.crt': server.cert, 'server.key': server.private,
    'client.crt': client.cert, 'client.key': client.private, 'rogue.crt': rogue.cert, 'rogue.key': rogue.private,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
  const p = (n: string) => join(dir, n);
  return {
    caCert: p('ca.crt'), serverCert: p('server.crt'), serverKey: p('server.key'), clientCert: p('client.crt'), clientKey: p('client.key'),
    rogueCert: p('rogue.crt'), rogueKey: p('rogue.key'),
    pem: { ca: root.cert, clientCert: client.cert, clientKey: client.private, rogueCert: rogue.cert, rogueKey: rogue.private },
  };
}
