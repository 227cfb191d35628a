import type Database from 'better-sqlite3';

/** The console's roles; `auditor` reads everything and changes nothing. */
export const ROLES = ['admin', 'analyst', 'privacy_officer', 'auditor', 'biomed'] as const;
export type Role = (typeof ROLES)[number];

/** A local console user (the password hash never leaves the store layer except for verification). */
export interface User {
  id: number;
  username: string;
  role: Role;
  created: string;
  disabled: boolean;
}

type Row = { id: number; username: string; role: Role; created: string; disabled: number; password_hash: string };

const toUser = (r: Row): User => ({ id: r.id, username: r.username, role: r.role, created: r.created, disabled: r.disabled === 1 });

/**
 * Local users with their argon2id password hashes (hashing is the caller's job: see `src/api/auth/passwords.ts`).
 *
 * @example
 * const users = new UserRepo(store.db);
 * users.create('alice', 'analyst', await hashPassword('…'));
 */
export class UserRepo {
  constructor(private readonly db: Database.Database) {}

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
  }

  create(username: string, role: Role, passwordHash: string): User {
    const created = new Date().toISOString();
    const id = Number(this.db.prepare('INSERT INTO users (username, role, password_hash, created) VALUES (?, ?, ?, ?)')
      .run(username, role, passwordHash, created).lastInsertRowid);
    return { id, username, role, created, disabled: false };
  }

  /** The user and its password hash, for sign-in. */
  findForLogin(username: string): { user: User; hash: string } | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
    return r ? { user: toUser(r), hash: r.password_hash } : undefined;
  }

  get(id: number): User | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return r ? toUser(r) : undefined;
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map(toUser);
  }

  update(id: number, patch: { role?: Role; disabled?: boolean; passwordHash?: string }): void {
    if (patch.role) this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(patch.role, id);
    if (patch.disabled !== undefined) this.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(patch.disabled ? 1 : 0, id);
    if (patch.passwordHash) this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(patch.passwordHash, id);
  }
}
