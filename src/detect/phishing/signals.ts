/**
 * The catalogue of phishing signals: each one's plain-language label (for explanations), its
 * group, how it may be learned, and its prior weight (log-odds of phishing per unit of the
 * signal) that the fusion model starts from.
 *
 * `learn: 'corpus'` signals have their weight fitted on the public corpora (MAP estimate,
 * shrunk towards the prior). `learn: 'prior'` signals keep the prior (refitting them on an
 * organisation's own judged mail is future work), because the corpora cannot teach them
 * honestly: they either never occur there (an organisation's roster and domains, sender
 * history, attachments), or they differ between
 * the ham and phishing corpora for reasons unrelated to phishing (Authentication-Results exist
 * only in the 2019–2026 ham; mailing lists rewrite Return-Path). See models/phishing-fusion-v1.md.
 */
export interface SignalDef {
  label: string;
  group: 'content' | 'sender' | 'auth' | 'url' | 'attachment' | 'fraud';
  learn: 'corpus' | 'prior';
  prior: number;
}

export const SIGNALS = {
  'content.model': { label: 'the words read like phishing (content model)', group: 'content', learn: 'corpus', prior: 1 },
  'url.model': { label: 'a link looks like a phishing URL (URL model)', group: 'url', learn: 'corpus', prior: 0.5 },
  'url.text_mismatch': { label: 'link text names one site but the link goes to another', group: 'url', learn: 'corpus', prior: 2 },
  'url.ip_literal': { label: 'link to a bare IP address', group: 'url', learn: 'corpus', prior: 1.5 },
  'url.punycode': { label: 'link to an internationalised (punycode) host', group: 'url', learn: 'corpus', prior: 1.5 },
  'url.shortener': { label: 'link through a URL shortener', group: 'url', learn: 'corpus', prior: 0.7 },
  'url.suspicious_tld': { label: 'link to a top-level domain often abused for phishing', group: 'url', learn: 'corpus', prior: 0.7 },
  'url.credential_path': { label: 'link to a login, verify or account-update page', group: 'url', learn: 'corpus', prior: 0.8 },
  'url.form': { label: 'an HTML form that posts to a web site', group: 'url', learn: 'corpus', prior: 1.5 },
  'url.lookalike': { label: 'link to a domain that imitates a known brand or the organisation', group: 'url', learn: 'prior', prior: 3 },
  'url.intel': { label: 'link to a host on a threat-intelligence list', group: 'url', learn: 'prior', prior: 4 },
  'brand.unowned_mention': { label: 'the subject or opening names a brand the sender and links do not belong to', group: 'sender', learn: 'corpus', prior: 0.5 },
  'sender.reply_to_mismatch': { label: 'replies go to a different domain than the sender', group: 'sender', learn: 'prior', prior: 1 },
  'sender.display_brand': { label: 'the sender name claims a brand its address does not belong to', group: 'sender', learn: 'corpus', prior: 1.5 },
  'sender.freemail_claims_org': { label: 'a free-mail address whose name claims an organisation', group: 'sender', learn: 'corpus', prior: 1.5 },
  'sender.return_path_mismatch': { label: 'the bounce address is in another domain than the sender', group: 'sender', learn: 'prior', prior: 0.3 },
  'sender.disposable': { label: 'sent from a disposable mailbox domain', group: 'sender', learn: 'prior', prior: 2 },
  'sender.lookalike': { label: 'the sender domain imitates a known brand or the organisation', group: 'sender', learn: 'prior', prior: 3.5 },
  'sender.impersonates_staff': { label: "the sender name is a staff member's but the address is outside the organisation", group: 'sender', learn: 'prior', prior: 2.5 },
  'sender.impersonates_executive': { label: "the sender name is an executive's but the address is outside the organisation", group: 'sender', learn: 'prior', prior: 3.5 },
  'sender.first_time': { label: 'first message from this sender to the organisation', group: 'sender', learn: 'prior', prior: 0.5 },
  'sender.unusual_hour': { label: 'sent at an hour this sender never uses', group: 'sender', learn: 'prior', prior: 0.5 },
  'sender.reported': { label: 'this sender was reported or confirmed as phishing before', group: 'sender', learn: 'prior', prior: 3 },
  'auth.dmarc_fail': { label: 'DMARC failed for the sender domain', group: 'auth', learn: 'prior', prior: 2.5 },
  'auth.spf_fail': { label: 'SPF failed (the sending server is not allowed for the domain)', group: 'auth', learn: 'prior', prior: 1 },
  'auth.dkim_fail': { label: 'the DKIM signature did not verify', group: 'auth', learn: 'prior', prior: 1 },
  'auth.arc_fail': { label: 'the ARC chain did not verify', group: 'auth', learn: 'prior', prior: 0.5 },
  'attachment.executable': { label: 'an executable or script attachment', group: 'attachment', learn: 'prior', prior: 4 },
  'attachment.macros': { label: 'an Office document with macros', group: 'attachment', learn: 'prior', prior: 3 },
  'attachment.container': { label: 'an attachment type used to smuggle payloads (HTML, ISO/IMG, LNK, OneNote)', group: 'attachment', learn: 'prior', prior: 2.5 },
  'attachment.archive_executable': { label: 'an archive that contains an executable', group: 'attachment', learn: 'prior', prior: 4 },
  'attachment.encrypted_archive': { label: 'a password-protected archive (scanners cannot look inside)', group: 'attachment', learn: 'prior', prior: 2.5 },
  'attachment.type_mismatch': { label: 'an attachment whose content is not what its name says', group: 'attachment', learn: 'prior', prior: 3 },
  'attachment.double_extension': { label: 'an attachment name with a double extension', group: 'attachment', learn: 'prior', prior: 2.5 },
  'fraud.payment_change': { label: 'asks to change bank or payment details', group: 'fraud', learn: 'corpus', prior: 2 },
  'fraud.gift_card': { label: 'asks for gift cards', group: 'fraud', learn: 'corpus', prior: 2.5 },
  'fraud.urgency': { label: 'presses for urgency', group: 'fraud', learn: 'corpus', prior: 0.5 },
  'fraud.secrecy': { label: 'asks for secrecy', group: 'fraud', learn: 'corpus', prior: 1.5 },
  'fraud.invoice': { label: 'talks about an invoice or payment due', group: 'fraud', learn: 'corpus', prior: 0.3 },
  'fraud.new_number': { label: 'asks to move to a new phone number or text', group: 'fraud', learn: 'corpus', prior: 1.5 },
  'fraud.credential_request': { label: 'asks the reader to verify an account or password', group: 'fraud', learn: 'corpus', prior: 1 },
} as const satisfies Record<string, SignalDef>;

export type SignalId = keyof typeof SIGNALS;

/** Every signal id, in a fixed order (the fusion model's feature order). */
export const SIGNAL_IDS = Object.keys(SIGNALS) as SignalId[];

/**
 * One observed signal: its value (0..1 for a flag, a clipped logit for the models) and what
 * was seen, in words a reader can check ("paypa1.com looks like paypal.com").
 *
 * @example
 * const s: Signal = { id: 'url.ip_literal', value: 1, observed: 'http://140.130.108.11/account' };
 */
export interface Signal {
  id: SignalId;
  value: number;
  observed: string;
}
