type Rec = Record<string, unknown>;

const has = (r: Rec, k: string): boolean => Object.hasOwn(r, k);

/**
 * The log stream of a Zeek JSON record that does not name it (`_path` absent), from the fields
 * only that stream has. `undefined` when none fits.
 *
 * @example
 * detectPath({ ts: 1, uid: 'C1', 'id.orig_h': '10.0.0.1', conn_state: 'SF' }) // 'conn'
 */
export function detectPath(r: Rec): string | undefined {
  if (has(r, 'conn_state') || has(r, 'orig_ip_bytes') || has(r, 'history')) return 'conn';
  if (has(r, 'note') && has(r, 'msg')) return 'notice';
  if (has(r, 'fuid') && (has(r, 'analyzers') || has(r, 'seen_bytes') || has(r, 'mime_type') || has(r, 'total_bytes'))) return 'files';
  if (has(r, 'trans_depth') || (has(r, 'method') && has(r, 'uri'))) return 'http';
  if (has(r, 'qtype_name') || has(r, 'rcode_name') || (has(r, 'query') && has(r, 'trans_id'))) return 'dns';
  if (has(r, 'cipher') || has(r, 'server_name') || has(r, 'ssl_history') || has(r, 'established')) return 'ssl';
  if (has(r, 'certificate.serial') || has(r, 'certificate')) return 'x509';
  if (has(r, 'name') && (has(r, 'addl') || has(r, 'peer')) && has(r, 'uid') !== has(r, 'fuid')) return 'weird';
  return undefined;
}
