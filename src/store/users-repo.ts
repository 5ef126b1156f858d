/** Users of the read API and dashboard, each with a role: admin or a department. */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdGenerator } from '../core/clock.js';
import { isValidDepartmentName } from '../core/departments.js';
import { TuttiError } from '../core/errors.js';
import type { Database } from './schema.js';

export interface User {
  id: string;
  name: string;
  role: string;
}

/** Tokens are stored only as SHA-256 hashes: a leaked database leaks no credentials. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function addUser(db: Kysely<Database>, ids: IdGenerator, input: { name: string; role: string; now: number }): Promise<{ user: User; token: string }> {
  const role = input.role.trim().toLowerCase();
  if (role !== 'admin' && !isValidDepartmentName(role)) throw new TuttiError('invalid_role', `"${input.role}" is not a role: use admin or a department name.`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 80) throw new TuttiError('invalid_request', 'A user name is 1 to 80 characters.');
  const existing = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new TuttiError('invalid_request', `A user named "${name}" already exists.`);
  const token = `tt_${randomBytes(24).toString('base64url')}`;
  const user = { id: ids('usr'), name, role };
  await db.insertInto('users').values({ ...user, token_hash: hashToken(token), created_at: input.now }).execute();
  return { user, token };
}

export async function findUserByToken(db: Kysely<Database>, token: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(['id', 'name', 'role']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
  return row ?? undefined;
}
