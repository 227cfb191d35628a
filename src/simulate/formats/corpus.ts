import { createReadStream, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** Shared corpora the simulator draws mail from (relative to the project root). */
export const HAM_TAR = '../shared/data/email/modern-ham/modern-ham-train.eml.tar.gz';
export const PHISH_MBOX = '../shared/data/email/nazario-phishing/phishing0.mbox.gz';

/**
 * The first `max` regular files of a gzipped tar, as text (a minimal ustar reader: the
 * corpus is read as data only, never opened or followed).
 *
 * @example
 * const ham = await readTarGz(HAM_TAR, 200);
 */
export async function readTarGz(path: string, max: number, accept: (name: string) => boolean = () => true): Promise<string[]> {
  if (!existsSync(path)) return [];
  const out: string[] = [];
  let buf = Buffer.alloc(0);
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream) {
      buf = Buffer.concat([buf, chunk as Buffer]);
      for (;;) {
        if (buf.length < 512) break;
        const name = buf.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
        if (name === '') return out; // end-of-archive block
        const size = parseInt(buf.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
        const type = String.fromCharCode(buf[156] ?? 48);
        const total = 512 + Math.ceil(size / 512) * 512;
        if (buf.length < total) break;
        if ((type === '0' || type === '\0') && accept(name)) out.push(buf.subarray(512, 512 + size).toString('utf8'));
        buf = buf.subarray(total);
        if (out.length >= max) return out;
      }
    }
  } finally {
    stream.destroy();
  }
  return out;
}

/**
 * Messages of a gzipped mbox (split on `From ` lines), at most `max`.
 *
 * @example
 * readMboxGz(PHISH_MBOX, 50).length // 50
 */
export function readMboxGz(path: string, max: number): string[] {
  if (!existsSync(path)) return [];
  const text = gunzipSync(readFileSync(path)).toString('latin1');
  const out: string[] = [];
  for (const part of text.split(/\n(?=From \S+ +\w{3} \w{3} )/)) {
    const nl = part.indexOf('\n');
    if (nl < 0) continue;
    out.push(part.slice(nl + 1).replace(/^>(>*From )/gm, '$1'));
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Re-address a corpus message to a recipient at a simulated time: the `To`, `Date` and
 * delivery headers are replaced; the body is kept byte for byte (links are never followed).
 *
 * @example
 * readdress('From: a@b\nTo: x@y\nSubject: hi\n\nbody', 'n@h.org', 'Mon, 05 Jan 2026 09:00:00 +0000', 'mx.h.org')
 */
export function readdress(msg: string, to: string, date: string, mx: string, messageId?: string): string {
  const sep = msg.search(/\r?\n\r?\n/);
  const head = sep < 0 ? msg : msg.slice(0, sep);
  const body = sep < 0 ? '' : msg.slice(sep);
  const drop = /^(to|date|delivered-to|x-original-to|return-path|status|x-status|x-keywords|x-uid|message-id):/i;
  const lines: string[] = [];
  let skipping = false;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) { if (!skipping) lines.push(line); continue; }
    skipping = drop.test(line);
    if (!skipping) lines.push(line);
  }
  const top = [`Received: from gateway.${mx} by ${mx} with ESMTPS; ${date}`, `To: ${to}`, `Date: ${date}`];
  if (messageId) top.push(`Message-ID: <${messageId}>`);
  return `${[...top, ...lines].join('\n')}${body}`;
}
