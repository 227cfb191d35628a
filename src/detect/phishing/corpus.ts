import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import PostalMime from 'postal-mime';
import type { MailText } from './features.js';
import { htmlText } from './text.js';

export { htmlText } from './text.js';

/** A labelled message of a public corpus. */
export interface LabelledMail extends MailText {
  id: string;
  corpus: string;
  label: 'ham' | 'phish' | 'spam';
  /** The Date header (epoch ms), when it parses: for time splits. */
  time?: number;
}

/** Subject and body of a raw RFC 5322 message (text part, else the HTML's text). */
export async function mailText(raw: string | Buffer): Promise<MailText & { time?: number }> {
  const m = await PostalMime.parse(raw);
  const body = m.text && m.text.trim().length > 0 ? m.text : m.html ? htmlText(m.html) : '';
  const time = m.date ? Date.parse(m.date) : NaN;
  return { subject: m.subject ?? '', body, ...(Number.isFinite(time) ? { time } : {}) };
}

/** Split an mbox (RFC 4155) into messages. */
export function splitMbox(text: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('From ') && cur.length) {
      out.push(cur.join('\n'));
      cur = [];
      continue;
    }
    if (line.startsWith('From ') && cur.length === 0) continue;
    cur.push(line.startsWith('>From ') ? line.slice(1) : line);
  }
  if (cur.length) out.push(cur.join('\n'));
  return out.filter((m) => m.trim().length > 0);
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walkFiles(p));
    else out.push(p);
  }
  return out;
}

/**
 * Load the shared public corpora (`../shared/data/email`): SpamAssassin ham and spam and modern
 * mailing-list ham (tarballs of .eml), and Nazario's phishing mboxes. Missing folders are skipped.
 */
export async function loadCorpora(emailDir: string, opts: { spam?: boolean; limitPerCorpus?: number } = {}): Promise<LabelledMail[]> {
  const out: LabelledMail[] = [];
  const limit = opts.limitPerCorpus ?? Infinity;
  const tarball = async (rel: string, corpus: string, labelOf: (path: string) => LabelledMail['label'] | undefined) => {
    const file = join(emailDir, rel);
    if (!existsSync(file)) return;
    const tmp = mkdtempSync(join(tmpdir(), 'ww-corpus-'));
    try {
      execFileSync('tar', ['-xzf', file, '-C', tmp]);
      let n = 0;
      for (const p of walkFiles(tmp)) {
        const label = labelOf(p);
        if (!label || (label === 'spam' && !opts.spam) || n >= limit) continue;
        out.push({ id: `${corpus}:${p.slice(tmp.length + 1)}`, corpus, label, ...(await mailText(readFileSync(p))) });
        n++;
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  await tarball('spamassassin/spamassassin-train.eml.tar.gz', 'spamassassin', (p) =>
    /ham/i.test(p) ? 'ham' : /spam/i.test(p) ? 'spam' : undefined);
  await tarball('modern-ham/modern-ham-train.eml.tar.gz', 'modern-ham', (p) => (p.endsWith('.eml') ? 'ham' : undefined));
  for (const f of ['phishing0.mbox.gz', '20051114.mbox.gz']) {
    const file = join(emailDir, 'nazario-phishing', f);
    if (!existsSync(file)) continue;
    const msgs = splitMbox(gunzipSync(readFileSync(file)).toString('latin1')).slice(0, limit);
    let i = 0;
    for (const m of msgs) out.push({ id: `nazario:${f}:${i++}`, corpus: 'nazario', label: 'phish', ...(await mailText(m)) });
  }
  return out;
}

/** A labelled raw message of a public corpus (for the full scorer, which parses it itself). */
export interface RawLabelledMail {
  id: string;
  corpus: string;
  label: 'ham' | 'phish' | 'spam';
  raw: string;
}

/**
 * Load the shared corpora as raw messages (latin1 text, as the file source reads mail):
 * SpamAssassin ham (and spam with `spam: true`), modern mailing-list ham, Nazario phishing.
 *
 * @example
 * const mails = await loadRawCorpora('../shared/data/email', { limitPerCorpus: 200 });
 */
export function loadRawCorpora(emailDir: string, opts: { spam?: boolean; limitPerCorpus?: number } = {}): RawLabelledMail[] {
  const out: RawLabelledMail[] = [];
  const limit = opts.limitPerCorpus ?? Infinity;
  const tarball = (rel: string, corpus: string, labelOf: (path: string) => RawLabelledMail['label'] | undefined) => {
    const file = join(emailDir, rel);
    if (!existsSync(file)) return;
    const tmp = mkdtempSync(join(tmpdir(), 'ww-corpus-'));
    try {
      execFileSync('tar', ['-xzf', file, '-C', tmp]);
      const n: Record<string, number> = {};
      for (const p of walkFiles(tmp)) {
        const label = labelOf(p);
        if (!label || (label === 'spam' && !opts.spam) || (n[label] ?? 0) >= limit) continue;
        n[label] = (n[label] ?? 0) + 1;
        out.push({ id: `${corpus}:${p.slice(tmp.length + 1)}`, corpus, label, raw: readFileSync(p).toString('latin1') });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  tarball('spamassassin/spamassassin-train.eml.tar.gz', 'spamassassin', (p) => (/ham/i.test(p) ? 'ham' : /spam/i.test(p) ? 'spam' : undefined));
  tarball('modern-ham/modern-ham-train.eml.tar.gz', 'modern-ham', (p) => (p.endsWith('.eml') ? 'ham' : undefined));
  let k = 0;
  for (const f of ['phishing0.mbox.gz', '20051114.mbox.gz']) {
    const file = join(emailDir, 'nazario-phishing', f);
    if (!existsSync(file)) continue;
    const msgs = splitMbox(gunzipSync(readFileSync(file)).toString('latin1'));
    let i = 0;
    for (const m of msgs) {
      if (k++ >= limit) break;
      out.push({ id: `nazario:${f}:${i++}`, corpus: 'nazario', label: 'phish', raw: m });
    }
  }
  return out;
}
