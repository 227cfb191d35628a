/**
 * The readings of a string an attacker (or an accident) can hide an identifier in: as written,
 * URL-decoded (repeatedly: `%2520`), `+` as space, and each base64 / base64url / hex run decoded
 * when the result is text (UTF-8, or UTF-16LE as PowerShell's `-EncodedCommand` writes it).
 * The scrubber checks every reading, so `am9obi5zbWl0aA==` is caught like `john.smith`.
 */

/** Longest string decoded (longer values are checked as written only, then refused by length). */
const MAX_DECODE = 64 * 1024;
/** Readings per string, against decode bombs (nested encodings multiply). */
const MAX_READINGS = 64;

const B64_RUN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-fA-F]{2}){6,}/g;

/** Mostly printable text (letters, digits, punctuation, white space)? */
function printable(s: string): boolean {
  if (!s.length) return false;
  let ok = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0xa0 && c !== 0xfffd)) ok++;
  }
  return ok / s.length >= 0.9;
}

/** Bytes as text: UTF-16LE when every other byte is zero, else UTF-8; `undefined` when not text. */
function asText(b: Buffer): string | undefined {
  if (b.length >= 4 && b.length % 2 === 0) {
    let zeros = 0;
    for (let i = 1; i < b.length; i += 2) if (b[i] === 0) zeros++;
    if (zeros >= b.length / 2 * 0.8) {
      const t = b.toString('utf16le');
      return printable(t) ? t : undefined;
    }
  }
  const t = b.toString('utf8');
  return printable(t) ? t : undefined;
}

function urlDecode(s: string): string | undefined {
  if (!/%[0-9a-f]{2}|\+/i.test(s)) return undefined;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    // A stray `%`: decode what decodes.
    return s.replace(/\+/g, ' ').replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/**
 * Every reading of `s` (the string itself first), each at most once.
 *
 * @example readings('x=am9obi5zbWl0aA') // ['x=am9obi5zbWl0aA', 'john.smith']
 */
export function readings(s: string): string[] {
  const out = [s];
  const seen = new Set(out);
  const add = (t: string | undefined) => {
    if (t === undefined || t.length === 0 || seen.has(t) || out.length >= MAX_READINGS) return;
    seen.add(t);
    out.push(t);
  };
  for (let i = 0; i < out.length && i < MAX_READINGS; i++) {
    const cur = out[i]!;
    if (cur.length > MAX_DECODE) continue;
    add(urlDecode(cur));
    for (const m of cur.matchAll(B64_RUN)) {
      const run = m[0];
      if (/^[0-9a-f]+$/i.test(run) && run.length % 2 === 0) continue; // hex, below
      add(asText(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
    }
    for (const m of cur.matchAll(HEX_RUN)) add(asText(Buffer.from(m[0], 'hex')));
  }
  return out;
}
