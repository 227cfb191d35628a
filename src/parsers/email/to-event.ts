import { createHash } from 'node:crypto';
import { addressParser, type Address } from 'postal-mime';
import type { ParsedEvent } from '../../core/components.js';
import type { EmailConfig } from './config.js';
import { parseMailDate } from './date.js';
import { decodeHeader, type HeaderField } from './header-fields.js';
import { inspectAttachment } from './inspect.js';
import { extensionOf, sniffAttachment } from './magic.js';
import { header, type MimeMessage } from './mime.js';
import { parseAuthResults, parseReceived, summariseAuth, type AuthResults } from './trace.js';
import { extractUrls, type EmailUrl } from './urls.js';

/** Addresses of a header (groups flattened), lower-cased, and the display names that came with them. */
function addresses(fields: HeaderField[], names: string[]): { address: string[]; display_name: string[] } {
  const address: string[] = [];
  const display: string[] = [];
  for (const f of fields) {
    if (!names.includes(f.name)) continue;
    let parsed: Address[];
    try {
      parsed = addressParser(f.value);
    } catch {
      continue;
    }
    for (const a of parsed) {
      const boxes = a.group ?? [a];
      for (const b of boxes) {
        if (b.address) address.push(b.address.toLowerCase());
        const n = b.name ? decodeHeader(b.name).trim() : '';
        if (n) display.push(n);
      }
    }
  }
  return { address, display_name: display };
}

function all(fields: HeaderField[], name: string): string[] {
  return fields.filter((f) => f.name === name).map((f) => f.value);
}

/**
 * What `email.body.sealed` holds once opened: the parts of a message that can carry patient
 * details (subject, bodies, full URLs with their link text).
 *
 * @example
 * const m = JSON.parse(sealer.open(event.email.body.sealed)) as SealedMail;
 */
export interface SealedMail {
  subject?: string;
  text?: string;
  html?: string;
  urls?: EmailUrl[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/**
 * Map a read message to the Wardwatch event (`email.*`; see docs/formats/email.md).
 * `@timestamp` is the Date header, else the newest `Received:` hop's date, else `receivedAt`.
 *
 * @example
 * messageToEvent(readMime('From: a@b.example\nSubject: hi\n\nx'), emailConfig.parse({}), Date.now())
 */
export function messageToEvent(msg: MimeMessage, cfg: EmailConfig, receivedAt: number, seal?: (text: string) => string): ParsedEvent {
  const h = msg.headers;
  const email: Record<string, unknown> = {};
  const setAddr = (key: string, names: string[], withNames = false) => {
    const a = addresses(h, names);
    if (a.address.length === 0 && a.display_name.length === 0) return;
    email[key] = withNames && a.display_name.length > 0 ? { address: a.address, display_name: a.display_name } : { address: a.address };
  };
  setAddr('from', ['from'], true);
  setAddr('sender', ['sender'], true);
  setAddr('to', ['to']);
  setAddr('cc', ['cc']);
  setAddr('bcc', ['bcc']);
  setAddr('reply_to', ['reply-to'], true);
  const rawSubject = header(h, 'subject');
  const subject = rawSubject === undefined ? undefined : decodeHeader(rawSubject);
  // Sealed mail keeps only the subject's length in clear: subjects carry patient names too.
  if (subject !== undefined) {
    if (seal) email.subject_chars = subject.length;
    else email.subject = subject;
  }
  const messageId = header(h, 'message-id');
  if (messageId) email.message_id = messageId.replace(/^\s*<|>\s*$/g, '');
  const mailer = header(h, 'x-mailer') ?? header(h, 'user-agent');
  if (mailer) email.x_mailer = decodeHeader(mailer);
  email.content_type = msg.contentType;
  const dateMs = parseMailDate(header(h, 'date'));
  if (dateMs !== undefined) email.origination_timestamp = iso(dateMs);

  // Trace and authentication headers.
  const received = all(h, 'received').map(parseReceived);
  const deliveredMs = received.find((r) => r.timestamp)?.timestamp;
  if (deliveredMs) email.delivery_timestamp = deliveredMs;
  const hdrs: Record<string, unknown> = {};
  const returnPath = header(h, 'return-path');
  if (returnPath !== undefined) hdrs.return_path = returnPath.replace(/^\s*<|>\s*$/g, '');
  if (received.length > 0) hdrs.received = received;
  const authResults: AuthResults[] = all(h, 'authentication-results').map(parseAuthResults);
  const arcResults = all(h, 'arc-authentication-results').map(parseAuthResults);
  if (authResults.length > 0) hdrs.authentication_results = authResults;
  if (arcResults.length > 0) hdrs.arc_authentication_results = arcResults;
  const receivedSpf = header(h, 'received-spf');
  if (receivedSpf) hdrs.received_spf = receivedSpf;
  const auth = summariseAuth(authResults.length > 0 ? authResults : arcResults, receivedSpf);
  if (Object.keys(auth).length > 0) hdrs.auth = auth;
  if (h.some((f) => f.name === 'dkim-signature')) hdrs.dkim_signature_domains = all(h, 'dkim-signature').map((v) => /\bd=([^;\s]+)/.exec(v)?.[1]).filter((d): d is string => !!d);
  const listId = header(h, 'list-id');
  if (listId) hdrs.list_id = decodeHeader(listId);
  const inReplyTo = header(h, 'in-reply-to');
  if (inReplyTo) hdrs.in_reply_to = inReplyTo;
  for (const [k, name] of [['x_originating_ip', 'x-originating-ip'], ['delivered_to', 'delivered-to'], ['precedence', 'precedence']] as const) {
    const v = header(h, name);
    if (v) hdrs[k] = v;
  }
  email.headers = hdrs;

  // Attachments: declared type vs magic bytes.
  const attachments = msg.attachments.slice(0, cfg.maxAttachments).map((a) => {
    const file: Record<string, unknown> = { mime_type: a.mimeType, size: a.content.length, hash: { sha256: createHash('sha256').update(a.content).digest('hex') } };
    if (a.filename) {
      file.name = a.filename;
      const ext = extensionOf(a.filename);
      if (ext) file.extension = ext;
    }
    const sniffed = sniffAttachment(a.content, a.mimeType, a.filename);
    const entry: Record<string, unknown> = { file };
    if (sniffed.detected) entry.detected_mime_type = sniffed.detected;
    if (sniffed.mismatch) entry.type_mismatch = true;
    const inside = inspectAttachment(a.content);
    if (inside.files) entry.archive = { files: inside.files, ...(inside.files_omitted ? { files_omitted: inside.files_omitted } : {}), ...(inside.encrypted ? { encrypted: true } : {}) };
    if (inside.macros) entry.macros = true;
    return entry;
  });
  if (attachments.length > 0) email.attachments = attachments;
  if (msg.attachments.length > cfg.maxAttachments) email.attachments_omitted = msg.attachments.length - cfg.maxAttachments;

  const urls = extractUrls(msg.text, msg.html, cfg.maxUrls);
  // Sealed mail keeps each link's domains and cues in clear; the URL itself (paths and queries
  // can name a patient) and its link text go into the sealed part.
  if (urls.length > 0) email.urls = seal ? urls.map(({ url: _u, text: _t, ...clear }) => clear) : urls;
  const body: Record<string, unknown> = {};
  if (cfg.keepBodies) {
    const text = msg.text.join('\n');
    const html = msg.html.join('\n');
    if (text.length > 0) body.text = cut(text, cfg.maxBodyChars);
    if (html.length > 0) body.html = cut(html, cfg.maxBodyChars);
    if (text.length > cfg.maxBodyChars || html.length > cfg.maxBodyChars) body.truncated = true;
  }
  if (seal) {
    // One sealed blob with everything that can carry PHI; the phishing detector opens it in
    // process, the privacy officer through the audited API. Lengths stay in clear for triage.
    const { truncated, ...content } = body;
    const sealedPart: SealedMail = { ...content, ...(subject !== undefined ? { subject } : {}), ...(urls.length > 0 ? { urls } : {}) } as SealedMail;
    const clear: Record<string, unknown> = { sealed: seal(JSON.stringify(sealedPart)) };
    if (typeof content.text === 'string') clear.text_chars = content.text.length;
    if (typeof content.html === 'string') clear.html_chars = content.html.length;
    if (truncated) clear.truncated = true;
    email.body = clear;
  } else if (Object.keys(body).length > 0) email.body = body;
  if (msg.truncated) email.mime_truncated = true;

  const ips = [...new Set(received.map((r) => r.ip).filter((x): x is string => !!x))];
  const hosts = [...new Set(urls.map((u) => u.domain).filter((x): x is string => !!x))];
  const related: Record<string, string[]> = {};
  if (ips.length > 0) related.ip = ips;
  if (hosts.length > 0) related.hosts = hosts;
  const fromAddr = (email.from as { address?: string[] } | undefined)?.address ?? [];
  const toAddr = (email.to as { address?: string[] } | undefined)?.address ?? [];
  const users = [...new Set([...fromAddr, ...toAddr])];
  if (users.length > 0) related.user = users;

  const ts = dateMs ?? (deliveredMs ? Date.parse(deliveredMs) : receivedAt);
  const event: ParsedEvent = {
    '@timestamp': iso(ts),
    event: { kind: 'event', category: ['email'], type: ['info'], action: 'email_message', module: 'email', dataset: 'email.message' },
    email,
  };
  if (email.subject !== undefined) event.message = email.subject as string;
  if (Object.keys(related).length > 0) event.related = related;
  return event;
}
