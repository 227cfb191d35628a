import type { DraftEvent } from '../common/draft-event.js';
import { bool, list, num, str } from './values.js';

type Rec = Record<string, unknown>;

const isoOfSeconds = (s: number | undefined): string | undefined =>
  s === undefined || !Number.isFinite(s * 1000) || Math.abs(s) > 8.64e12 ? undefined : new Date(Math.floor(s * 1000)).toISOString();

/**
 * `x509.log`: a certificate seen in a TLS handshake, to ECS `file.x509.*`: `serial_number`,
 * `subject.distinguished_name`, `issuer.distinguished_name`, `not_before`/`not_after`,
 * `public_key_algorithm`, `public_key_size`, `public_key_exponent`, `public_key_curve`,
 * `signature_algorithm`, `version_number`, `alternative_names` (all SANs).
 * `file.hash.sha256` from Zeek 6's `fingerprint`, `file.uid` from older versions' `id`.
 *
 * @example
 * mapX509({ 'certificate.serial': '0A', 'certificate.subject': 'CN=example.com' }, ev);
 */
export function mapX509(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['info'];
  e.action = 'x509_certificate';
  const x509: Record<string, unknown> = {};
  const put = (k: string, v: unknown): void => {
    if (v !== undefined) x509[k] = v;
  };
  put('serial_number', str(r, 'certificate.serial'));
  const subject = str(r, 'certificate.subject');
  if (subject !== undefined) x509.subject = { distinguished_name: subject };
  const issuer = str(r, 'certificate.issuer');
  if (issuer !== undefined) x509.issuer = { distinguished_name: issuer };
  put('not_before', isoOfSeconds(num(r, 'certificate.not_valid_before')));
  put('not_after', isoOfSeconds(num(r, 'certificate.not_valid_after')));
  put('public_key_algorithm', str(r, 'certificate.key_alg'));
  put('signature_algorithm', str(r, 'certificate.sig_alg'));
  put('public_key_size', num(r, 'certificate.key_length'));
  put('public_key_exponent', num(r, 'certificate.exponent'));
  put('public_key_curve', str(r, 'certificate.curve'));
  const version = num(r, 'certificate.version');
  if (version !== undefined) x509.version_number = String(version);
  const sans = [...(list(r, 'san.dns') ?? []), ...(list(r, 'san.uri') ?? []), ...(list(r, 'san.email') ?? []), ...(list(r, 'san.ip') ?? [])];
  if (sans.length > 0) x509.alternative_names = sans;
  const file: Record<string, unknown> = { x509 };
  const fp = str(r, 'fingerprint');
  if (fp !== undefined) file.hash = { sha256: fp };
  const id = str(r, 'id');
  if (id !== undefined) file.uid = id;
  ev.file = file;
  const ca = bool(r, 'basic_constraints.ca');
  if (ca !== undefined) ev.zeek = { ...(ev.zeek as object | undefined), x509: { ca } };
}
