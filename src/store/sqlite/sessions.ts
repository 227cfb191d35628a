import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

/** A signed-in session: the user it belongs to and its CSRF token. */
export interface Session {
  userId: number;
  csrf: string;
  expires: number;
}

const digest = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Console sessions. The id is 256 random bits handed to the browser in an HTTP-only cookie;
 * only its SHA-256 digest is stored. Each session carries its own CSRF token.
 *
 * @example
 * const { id, csrf } = sessions.create(user.id, 12 * 3600_000);
 * sessions.get(id) // { userId, csrf, expires }
 */
export class SessionRepo {
  constructor(private readonly db: Database.Database) {}

  create(userId: number, ttlMs: number, now = Date.now()): { id: string; csrf: string; expires: number } {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expires = now + ttlMs;
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, csrf, created, expires) VALUES (?, ?, ?, ?, ?)')
      .run(digest(id), userId, csrf, now, expires);
    return { id, csrf, expires };
  }

  /** The live session for a cookie value; expired sessions are deleted on sight. */
  get(id: string, now = Date.now()): Session | undefined {
    const r = this.db.prepare('SELECT user_id, csrf, expires FROM sessions WHERE id_hash = ?').get(digest(id)) as
      { user_id: number; csrf: string; expires: number } | undefined;
    if (!r) return undefined;
    if (r.expires <= now) {
      this.delete(id);
      return undefined;
    }
    return { userId: r.user_id, csrf: r.csrf, expires: r.expires };
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(digest(id));
  }

  deleteForUser(userId: number): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  purgeExpired(now = Date.now()): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires <= ?').run(now).changes;
  }
}
