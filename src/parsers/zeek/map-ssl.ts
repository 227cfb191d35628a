import type { Endpoint, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { bool, list, str } from './values.js';

type Rec = Record<string, unknown>;

const VERSIONS: Record<string, [string, string]> = {
  SSLv2: ['ssl', '2.0'],
  SSLv3: ['ssl', '3.0'],
  TLSv10: ['tls', '1.0'],
  TLSv11: ['tls', '1.1'],
  TLSv12: ['tls', '1.2'],
  TLSv13: ['tls', '1.3'],
  DTLSv10: ['dtls', '1.0'],
  DTLSv12: ['dtls', '1.2'],
  DTLSv13: ['dtls', '1.3'],
};

/**
 * `ssl.log`: a TLS handshake. `tls.version_protocol`/`tls.version` (`TLSv12` → `tls`/`1.2`),
 * `tls.cipher`, `tls.curve`, `tls.resumed`, `tls.established`, `tls.next_protocol`,
 * `tls.client.server_name` (also `destination.domain`), subjects and issuers, JA3/JA3S when the
 * package is loaded; `event.outcome` from `established`.
 *
 * @example
 * mapSsl({ version: 'TLSv13', server_name: 'example.com', established: true }, ev);
 */
export function mapSsl(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['connection', 'protocol'];
  e.action = 'tls_handshake';
  const net = (ev.network ??= {}) as NetworkFields;
  const tls: Record<string, unknown> = {};
  const client: Record<string, unknown> = {};
  const server: Record<string, unknown> = {};
  const version = str(r, 'version');
  if (version !== undefined) {
    const v = VERSIONS[version];
    if (v !== undefined) {
      tls.version_protocol = v[0];
      tls.version = v[1];
    } else {
      tls.version = version;
    }
  }
  net.protocol = tls.version_protocol === 'ssl' ? 'ssl' : 'tls';
  for (const [from, to] of [['cipher', 'cipher'], ['curve', 'curve'], ['next_protocol', 'next_protocol']] as const) {
    const v = str(r, from);
    if (v !== undefined) tls[to] = v;
  }
  const resumed = bool(r, 'resumed');
  if (resumed !== undefined) tls.resumed = resumed;
  const established = bool(r, 'established');
  if (established !== undefined) {
    tls.established = established;
    e.outcome = established ? 'success' : 'failure';
  }
  const sni = str(r, 'server_name');
  if (sni !== undefined) {
    client.server_name = sni;
    ((ev.destination ??= {}) as Endpoint).domain = sni;
  }
  const set = (o: Record<string, unknown>, k: string, v: string | undefined): void => {
    if (v !== undefined) o[k] = v;
  };
  set(server, 'subject', str(r, 'subject'));
  set(server, 'issuer', str(r, 'issuer'));
  set(client, 'subject', str(r, 'client_subject'));
  set(client, 'issuer', str(r, 'client_issuer'));
  set(client, 'ja3', str(r, 'ja3'));
  set(server, 'ja3s', str(r, 'ja3s'));
  const chain = list(r, 'cert_chain_fps') ?? list(r, 'cert_chain_fuids');
  if (chain !== undefined) server.certificate_chain = chain;
  if (Object.keys(client).length > 0) tls.client = client;
  if (Object.keys(server).length > 0) tls.server = server;
  ev.tls = tls;
}
