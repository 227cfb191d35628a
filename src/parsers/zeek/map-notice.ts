import type { DraftEvent } from '../common/draft-event.js';
import { list, num, str } from './values.js';

type Rec = Record<string, unknown>;

/**
 * `notice.log`: something a Zeek script flagged (`Scan::Port_Scan`, `SSL::Invalid_Server_Cert`…).
 * An alert: `event.kind` `alert`, `rule.name` and `event.action` = `note`, `message` = `msg`,
 * `rule.description` = `sub`; `src`/`dst`/`p` fill `source.ip`/`destination.ip`/`destination.port`
 * when the notice has no connection (`id.*`); `file.*` from the file fields.
 *
 * @example
 * mapNotice({ note: 'Scan::Port_Scan', msg: '10.0.0.1 scanned 15 ports', src: '10.0.0.1' }, ev);
 */
export function mapNotice(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.kind = 'alert';
  e.category = ['intrusion_detection'];
  e.type = ['info'];
  const note = str(r, 'note');
  if (note !== undefined) {
    e.action = note;
    ev.rule = { name: note, ...(str(r, 'sub') !== undefined ? { description: str(r, 'sub') } : {}) };
  }
  const msg = str(r, 'msg');
  if (msg !== undefined) ev.message = msg;
  const src = str(r, 'src');
  const dst = str(r, 'dst');
  const p = num(r, 'p');
  if (src !== undefined && ev.source === undefined) ev.source = { ip: src };
  if ((dst !== undefined || p !== undefined) && ev.destination === undefined) {
    ev.destination = { ...(dst !== undefined ? { ip: dst } : {}), ...(p !== undefined ? { port: p } : {}) };
  }
  for (const ip of [src, dst]) {
    if (ip === undefined) continue;
    const related = (ev.related ??= {});
    const ips = (related.ip ??= []);
    if (!ips.includes(ip)) ips.push(ip);
  }
  const fuid = str(r, 'fuid');
  const mime = str(r, 'file_mime_type');
  if (fuid !== undefined || mime !== undefined) {
    ev.file = { ...(fuid !== undefined ? { uid: fuid } : {}), ...(mime !== undefined ? { mime_type: mime } : {}) };
  }
  const actions = list(r, 'actions');
  if (actions !== undefined) ev.zeek = { ...(ev.zeek as object | undefined), notice: { actions } };
}

/**
 * `weird.log`: protocol violations and oddities Zeek met (`bad_TCP_checksum`,
 * `dns_unmatched_reply`…). `event.action` = `name`, `message` = `addl` (or the name),
 * category `network`, type `info`.
 *
 * @example
 * mapWeird({ name: 'dns_unmatched_reply' }, ev); // ev.event.action === 'dns_unmatched_reply'
 */
export function mapWeird(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['info'];
  const name = str(r, 'name');
  if (name !== undefined) e.action = name;
  const addl = str(r, 'addl');
  const message = addl !== undefined && name !== undefined ? `${name}: ${addl}` : (addl ?? name);
  if (message !== undefined) ev.message = message;
}
