/** Header fields that open or fill the header section of real mail. */
const MAIL_FIELDS = /^(return-path|received|delivered-to|x-original-to|message-id|from|to|cc|subject|date|mime-version|content-type|dkim-signature|arc-seal|authentication-results|reply-to|x-mailer|list-id|x-[a-z0-9-]+):/i;

/**
 * Confidence that the first lines are a mail message or an mbox: an mbox envelope line
 * (`From sender date`) followed by header fields, or a header section of typical mail fields.
 *
 * @example
 * sniffEmail(['From a@b Sat Nov 27 15:33:27 2004', 'Return-Path: <a@b>', 'Received: from x']) // 0.95
 * sniffEmail(['Dec 10 06:55:46 LabSZ sshd[24200]: hi']) // 0
 */
export function sniffEmail(lines: string[]): number {
  const head = lines.slice(0, 20);
  if (head.length === 0) return 0;
  const first = head[0]!.replace(/^\ufeff/, '');
  const rest = /^From \S+ /.test(first) ? head.slice(1) : head;
  let fields = 0;
  let known = 0;
  for (const line of rest) {
    if (line.trim().length === 0) break;
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    // The header ends at the first line that is not a field (file ingest drops the empty line).
    if (!/^[!-9;-~]+:/.test(line)) {
      if (fields === 0) return 0;
      break;
    }
    fields++;
    if (MAIL_FIELDS.test(line)) known++;
  }
  if (known < 2) return 0;
  const share = known / fields;
  if (rest !== head) return Math.min(0.95, 0.6 + share * 0.35);
  return Math.min(0.9, 0.4 + share * 0.5);
}
