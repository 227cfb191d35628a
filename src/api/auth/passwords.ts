import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { UserRepo } from '../../store/sqlite/users.js';

// argon2id (Algorithm.Argon2id = 2; the enum is `const` in the typings) with OWASP's second
// recommended profile: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Minimum password length for console users. */
export const MIN_PASSWORD = 12;

/**
 * Hash a password with argon2id (PHC string, salt included).
 *
 * @example
 * const h = await hashPassword('correct horse battery'); await verifyPassword(h, 'correct horse battery') // true
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spend the same time as a real check when the user does not exist (no user enumeration by timing). */
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
}

/**
 * Create the first admin user when there are no users: password from `WARDWATCH_ADMIN_PASSWORD`
 * (at least 12 characters) or generated and returned once for printing.
 *
 * @example
 * const r = await ensureAdminUser(users); if (r.created && r.generated) console.log(r.password);
 */
export async function ensureAdminUser(users: UserRepo, preset = process.env.WARDWATCH_ADMIN_PASSWORD):
  Promise<{ created: false } | { created: true; username: string; password: string; generated: boolean }> {
  if (users.count() > 0) return { created: false };
  const generated = !(preset && preset.length >= MIN_PASSWORD);
  const password = generated ? randomBytes(15).toString('base64url') : preset!;
  users.create('admin', 'admin', await hashPassword(password));
  return { created: true, username: 'admin', password, generated };
}
