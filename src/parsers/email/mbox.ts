/**
 * mbox framing (RFC 4155): a mailbox is messages, each opened by a `From ` envelope line at
 * the start of the file or after an empty line. Body lines that began with `From ` were
 * escaped by the writer with `>`; mboxrd writers escape `>From ` too, so one `>` is removed
 * from every `^>+From ` line (for mboxo files that also un-escapes a body line that really
 * began `>From `, an ambiguity of the format itself).
 */

const ESCAPED_FROM = /^>(>*From )/gm;

/**
 * Split an mbox into RFC 5322 messages: the `From ` envelope lines are dropped, `>From `
 * lines are un-escaped, and the empty line that separates two messages is not kept. Text
 * before the first `From ` line (none in a well-formed mbox) is returned as a message of its
 * own when it is not blank, so nothing is lost silently. CRLF files are accepted.
 *
 * @example
 * splitMbox('From a@b Sat Nov 27 15:33:27 2004\nSubject: x\n\n>From here\n\nFrom c@d Sun Nov 28 00:00:00 2004\nSubject: y\n\nhi\n')
 * // ['Subject: x\n\nFrom here\n', 'Subject: y\n\nhi\n']
 */
export function splitMbox(text: string): string[] {
  const out: string[] = [];
  const starts: number[] = [];
  if (text.startsWith('From ')) starts.push(0);
  for (let i = text.indexOf('\nFrom '); i >= 0; i = text.indexOf('\nFrom ', i + 1)) {
    // RFC 4155: the separator follows an empty line (`\n\n` or `\r\n\r\n`).
    const prevEmpty = text.charCodeAt(i - 1) === 10 || (text.charCodeAt(i - 1) === 13 && text.charCodeAt(i - 2) === 10);
    if (prevEmpty) starts.push(i + 1);
  }
  if (starts.length === 0) return text.trim().length > 0 ? [text] : [];
  const lead = text.slice(0, starts[0]);
  if (lead.trim().length > 0) out.push(lead);
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const end = k + 1 < starts.length ? starts[k + 1]! : text.length;
    const nl = text.indexOf('\n', start);
    if (nl < 0 || nl >= end) continue; // a lone envelope line: no message
    let body = text.slice(nl + 1, end);
    // The empty line before the next envelope belongs to the separator, not the message.
    if (k + 1 < starts.length) body = body.endsWith('\r\n\r\n') ? body.slice(0, -2) : body.endsWith('\n\n') ? body.slice(0, -1) : body;
    out.push(body.replace(ESCAPED_FROM, '$1'));
  }
  return out;
}

/**
 * Framing of the `email` parser for file and HTTP ingest: an mbox (text opening with a
 * `From ` envelope line) is split with {@link splitMbox}; anything else is one `.eml` message.
 *
 * @example
 * frameEmail('Subject: hi\n\nbody') // ['Subject: hi\n\nbody']
 */
export function frameEmail(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (isMbox(t)) return splitMbox(t);
  return t.trim().length > 0 ? [t] : [];
}

/** An mbox opens with `From <sender> <asctime date>`; a lone `.eml` may also carry one such line. */
function isMbox(text: string): boolean {
  if (!text.startsWith('From ')) return false;
  // Two envelope lines, or one followed by a header field, make it a mailbox.
  return /^From \S+/.test(text) && /\n\r?\nFrom |^From [^\n]*\r?\n[!-9;-~]+:/.test(text);
}
