import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Bytes sealed with {@link PhiSealer}: `v1.` + base64url(iv ‖ tag ‖ ciphertext).
 *
 * @example
 * const s: SealedText = 'v1.AAAA…';
 */
export type SealedText = string & { readonly __brand: 'SealedText' };

const INFO = 'wardwatch phi at rest v1';

/**
 * Encrypts PHI-bearing raw records at rest (AES-256-GCM, key from the pseudonymisation secret by
 * HKDF with its own `info`). For the store: the original bytes of a `fhir-audit`, `hl7v2`,
 * `ehr-csv` record and their dead letters hold patient identifiers and must not be kept in clear;
 * seal them on write and open them only through the audited re-identification path.
 *
 * @example
 * const s = new PhiSealer(secret);
 * s.open(s.seal('PID|1||123^^^HOSP^MR')) // 'PID|1||123^^^HOSP^MR'
 */
export class PhiSealer {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), INFO, 32));
  }

  seal(text: string): SealedText {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return `v1.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url')}` as SealedText;
  }

  /** Throws when the text was not sealed with this secret or was altered. */
  open(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('not sealed text');
    const b = Buffer.from(sealed.slice(3), 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  }
}

/** `v1.` + base64url of at least iv (12) + tag (16) bytes. */
const SEALED = /^v1\.[A-Za-z0-9_-]{38,}$/;

/**
 * Whether text has the shape of {@link PhiSealer} output. Used to decide what a reader without
 * PHI rights may see; a clear record that happens to look sealed is hidden too (fails closed).
 *
 * @example
 * isSealedText(new PhiSealer(secret).seal('x')) // true
 * isSealedText('<34>Oct 11 22:14:15 host su: x') // false
 */
export function isSealedText(text: string): text is SealedText {
  return SEALED.test(text);
}
