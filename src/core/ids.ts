import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastMs = -1;
let lastRand = new Uint8Array(10);

/**
 * A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters.
 * Lexicographic order is time order; ids made in the same millisecond increase monotonically.
 *
 * @example
 * newEventId() // '01JH0V8Z2Q3M7W9X0P5K4T6R8S'
 */
export function newEventId(now: number = Date.now()): string {
  if (now === lastMs) {
    // Monotonic: increment the random part.
    for (let i = 9; i >= 0; i--) {
      const v = lastRand[i]! + 1;
      lastRand[i] = v & 0xff;
      if (v <= 0xff) break;
    }
  } else {
    lastMs = now;
    lastRand = new Uint8Array(randomBytes(10));
  }
  let out = '';
  let t = now;
  const timeChars: string[] = new Array(10);
  for (let i = 9; i >= 0; i--) {
    timeChars[i] = CROCKFORD[t % 32]!;
    t = Math.floor(t / 32);
  }
  out = timeChars.join('');
  // 80 bits → 16 base32 chars, 5 bits at a time.
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    acc = (acc << 8) | lastRand[i]!;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(acc >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A stable 32-bit FNV-1a hash of a string, used to pick a shard for an entity key.
 *
 * @example
 * shardOf('alice', 4) // always the same number in 0..3
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The shard (0..n-1) that owns an entity key. */
export function shardOf(key: string, n: number): number {
  return n <= 1 ? 0 : hash32(key) % n;
}
