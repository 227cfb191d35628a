import type { WardEvent } from '../../core/event.js';

/** One link of a message as the email parser records it (`email.urls[]`). */
export interface MailUrl {
  url: string;
  domain?: string;
  source: 'text' | 'html' | 'form' | 'html_text';
  text?: string;
  text_domain?: string;
  mismatch?: boolean;
}

/** One attachment as the email parser records it (`email.attachments[]`). */
export interface MailAttachment {
  file: { name?: string; extension?: string; mime_type?: string; size?: number };
  detected_mime_type?: string;
  type_mismatch?: boolean;
  macros?: boolean;
  archive?: { files: string[]; encrypted?: boolean };
}

/**
 * The parts of an `email.*` event the phishing signals read, typed once so each signal
 * module does not re-validate the event.
 */
export interface MailView {
  time: number;
  from?: string;
  fromName?: string;
  replyTo?: string;
  returnPath?: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  urls: MailUrl[];
  attachments: MailAttachment[];
  /** `spf`, `dkim`, `dmarc`, `arc` → result, from the topmost Authentication-Results. */
  auth: Record<string, string>;
  /** A user reported it (the "report phishing" mailbox). */
  reported: boolean;
  /** Mailing-list message (`List-Id`): lists rewrite Reply-To and Return-Path by design. */
  listId?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const first = (v: unknown): string | undefined => (Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Opens `email.body.sealed` (the data directory's PHI sealer); throws on a wrong key. */
export type OpenSealed = (sealed: string) => string;

/**
 * The sealed part of a stored message (subject, bodies, full URLs), opened; empty when there
 * is none, no opener, or it cannot be opened (another key): the message is then scored on its
 * clear features alone rather than failing.
 */
function openedPart(body: Record<string, unknown>, open: OpenSealed | undefined): Record<string, unknown> {
  const sealed = str(body.sealed);
  if (!sealed || !open) return {};
  try {
    return obj(JSON.parse(open(sealed)));
  } catch {
    return {};
  }
}

/**
 * Read the `email.*` fields of an event. Events of the registered `email` parser carry subject,
 * bodies and full URLs sealed; pass `open` (the data directory's sealer) to read them.
 *
 * @example
 * mailView(event, (s) => sealerFor(dataDir).open(s)).from // 'billing@supplier.example'
 */
export function mailView(e: Pick<WardEvent, '@timestamp' | 'email'>, open?: OpenSealed): MailView {
  const m = obj(e.email);
  const from = obj(m.from);
  const replyTo = obj(m.reply_to);
  const headers = obj(m.headers);
  const clearBody = obj(m.body);
  const opened = openedPart(clearBody, open);
  const body = str(clearBody.sealed) ? opened : clearBody;
  const urls = Array.isArray(opened.urls) ? opened.urls : m.urls;
  const v: MailView = {
    time: Date.parse(e['@timestamp']),
    to: Array.isArray(obj(m.to).address) ? (obj(m.to).address as unknown[]).filter((x): x is string => typeof x === 'string') : [],
    subject: str(opened.subject) ?? str(m.subject) ?? '',
    text: str(body.text) ?? '',
    html: str(body.html) ?? '',
    urls: Array.isArray(urls) ? (urls as MailUrl[]).filter((u) => u && typeof u.url === 'string') : [],
    attachments: Array.isArray(m.attachments) ? (m.attachments as MailAttachment[]).filter((a) => a && typeof a.file === 'object') : [],
    auth: Object.fromEntries(Object.entries(obj(headers.auth)).filter((kv): kv is [string, string] => typeof kv[1] === 'string')),
    reported: m.reported === true,
  };
  const f = first(from.address);
  if (f) v.from = f.toLowerCase();
  const fn = first(from.display_name);
  if (fn) v.fromName = fn;
  const r = first(replyTo.address);
  if (r) v.replyTo = r.toLowerCase();
  const list = str(headers.list_id);
  if (list) v.listId = list;
  const rp = str(headers.return_path);
  if (rp && rp.includes('@')) v.returnPath = rp.toLowerCase();
  return v;
}

/** Domain part of an address, lower case. */
export function domainOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase().replace(/[>\s]+$/, '') : undefined;
}
