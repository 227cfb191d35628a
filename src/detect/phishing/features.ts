/**
 * Text features of an e-mail for the content model: word unigrams and bigrams of the subject and
 * body (separately prefixed, since "urgent" in a subject says more), with URLs, e-mail addresses,
 * money amounts and numbers folded into class tokens, hashed into a fixed space (the "hashing
 * trick": no vocabulary to ship, unseen words still land somewhere).
 */
export const HASH_BITS = 20;
const MASK = (1 << HASH_BITS) - 1;

/** What the content model reads of a message. */
export interface MailText {
  subject: string;
  body: string;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/gi;
const EMAIL_RE = /\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g;
const MONEY_RE = /[$€£]\s?\d[\d,.]*/g;
const TOKEN_RE = /[a-z][a-z'-]{1,29}|__[a-z]+__|\d+/g;

/**
 * Lower-cased tokens with class tokens for URLs, addresses, money and numbers.
 *
 * @example
 * tokens('Verify your account at http://x.co now!') // ['verify', 'your', 'account', 'at', '__url__', 'now']
 */
export function tokens(text: string): string[] {
  const folded = text
    .toLowerCase()
    .replace(URL_RE, ' __url__ ')
    .replace(EMAIL_RE, ' __email__ ')
    .replace(MONEY_RE, ' __money__ ');
  const out: string[] = [];
  for (const m of folded.matchAll(TOKEN_RE)) out.push(/^\d+$/.test(m[0]) ? '__num__' : m[0]);
  return out;
}

/**
 * FNV-1a hash of a string with a seed (feature hashing).
 *
 * @example
 * fnv('b:verify', 0x811c9dc5) & ((1 << HASH_BITS) - 1)
 */
export function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A sparse feature vector: hashed index → value (signed hashing: the sign comes from a second hash). */
export type Sparse = Map<number, number>;

/** Feature names by index for the message at hand (to explain a verdict in words). */
export type Names = Map<number, string>;

/**
 * Hash the features of a message; optionally record which feature names produced each index.
 *
 * @example
 * const names = new Map(); const x = featurize({ subject: 'Urgent', body: 'verify now' }, names);
 */
export function featurize(m: MailText, names?: Names): Sparse {
  const x: Sparse = new Map();
  const add = (name: string) => {
    const i = fnv(name, 0x811c9dc5) & MASK;
    const sign = fnv(name, 0x5bd1e995) & 1 ? 1 : -1;
    x.set(i, (x.get(i) ?? 0) + sign);
    names?.set(i, name);
  };
  const field = (prefix: string, text: string, limit: number) => {
    const t = tokens(text.slice(0, limit));
    for (let i = 0; i < t.length; i++) {
      add(`${prefix}${t[i]}`);
      if (i + 1 < t.length) add(`${prefix}${t[i]} ${t[i + 1]}`);
    }
  };
  field('s:', m.subject, 1000);
  field('b:', m.body, 20_000);
  return normalise(x);
}

/**
 * Log-scale counts and L2 normalisation, so long messages (or URLs) do not dominate.
 *
 * @example
 * normalise(new Map([[1, 3], [2, -1]]))
 */
export function normalise(x: Sparse): Sparse {
  let norm = 0;
  for (const [i, v] of x) {
    const w = Math.sign(v) * Math.log1p(Math.abs(v));
    x.set(i, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [i, v] of x) x.set(i, v / norm);
  return x;
}

/**
 * Add one named feature to a sparse vector (signed hashing), optionally remembering its name.
 *
 * @example
 * addHashed(x, 'u:host=paypal', names)
 */
export function addHashed(x: Sparse, name: string, names?: Names, value = 1): void {
  const i = fnv(name, 0x811c9dc5) & MASK;
  const sign = fnv(name, 0x5bd1e995) & 1 ? 1 : -1;
  x.set(i, (x.get(i) ?? 0) + sign * value);
  names?.set(i, name);
}
