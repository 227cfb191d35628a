import type { FileFields, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { list, num, str } from './values.js';

type Rec = Record<string, unknown>;

/**
 * `files.log`: a file seen on the wire. `file.hash.md5`/`sha1`/`sha256`, `file.mime_type`,
 * `file.name`, `file.size` (total_bytes, else seen_bytes), `network.protocol` from the analyzer
 * source (`HTTP` → `http`). Older Zeek (≤ 4) wrote `tx_hosts`/`rx_hosts` instead of `id.*`: the
 * first of each becomes `source.ip`/`destination.ip`.
 *
 * @example
 * mapFiles({ fuid: 'F1', source: 'HTTP', mime_type: 'text/plain', md5: 'abc' }, ev);
 */
export function mapFiles(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['file'];
  e.type = ['info'];
  e.action = 'file_transfer';
  const file: FileFields = {};
  const hash: NonNullable<FileFields['hash']> = {};
  for (const k of ['md5', 'sha1', 'sha256'] as const) {
    const v = str(r, k);
    if (v !== undefined) hash[k] = v;
  }
  if (Object.keys(hash).length > 0) file.hash = hash;
  const mime = str(r, 'mime_type');
  if (mime !== undefined) file.mime_type = mime;
  const name = str(r, 'filename');
  if (name !== undefined) {
    file.name = name;
    const dot = name.lastIndexOf('.');
    if (dot > 0 && dot < name.length - 1) file.extension = name.slice(dot + 1).toLowerCase();
  }
  const size = num(r, 'total_bytes') ?? num(r, 'seen_bytes');
  if (size !== undefined) file.size = size;
  const fuid = str(r, 'fuid');
  if (fuid !== undefined) file.uid = fuid;
  ev.file = file;
  const source = str(r, 'source');
  if (source !== undefined) ((ev.network ??= {}) as NetworkFields).protocol = source.toLowerCase();
  if (ev.source === undefined) {
    const tx = list(r, 'tx_hosts');
    if (tx !== undefined) ev.source = { ip: tx[0]! };
  }
  if (ev.destination === undefined) {
    const rx = list(r, 'rx_hosts');
    if (rx !== undefined) ev.destination = { ip: rx[0]! };
  }
}
