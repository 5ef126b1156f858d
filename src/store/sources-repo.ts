/** Sources: the department systems that send events, each with its own write key. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdGenerator } from '../core/clock.js';
import { TuttiError } from '../core/errors.js';
import { isValidDepartmentName } from '../core/departments.js';
import type { Database, SourcesTable } from './schema.js';

export interface Source {
  id: string;
  name: string;
  department: string;
  writeKey: string;
  createdAt: number;
}

function toSource(row: SourcesTable): Source {
  return { id: row.id, name: row.name, department: row.department, writeKey: row.write_key, createdAt: row.created_at };
}

export async function addSource(db: Kysely<Database>, ids: IdGenerator, input: { name: string; department: string; now: number; writeKey?: string }): Promise<Source> {
  const department = input.department.trim().toLowerCase();
  if (!isValidDepartmentName(department)) throw new TuttiError('invalid_department', `"${input.department}" is not a department name: use a lower-case word such as marketing, sales, service, logistics or billing.`);
  const name = input.name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/.test(name)) throw new TuttiError('invalid_request', `"${input.name}" is not a source name: use letters, digits, spaces, dots, dashes or underscores.`);
  const existing = await db.selectFrom('sources').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new TuttiError('invalid_request', `A source named "${name}" already exists.`);
  const row: SourcesTable = {
    id: ids('src'),
    name,
    department,
    write_key: input.writeKey ?? `wk_${randomBytes(18).toString('base64url')}`,
    created_at: input.now,
  };
  await db.insertInto('sources').values(row).execute();
  return toSource(row);
}

export async function listSources(db: Kysely<Database>): Promise<Source[]> {
  const rows = await db.selectFrom('sources').selectAll().orderBy('created_at').execute();
  return rows.map(toSource);
}

export async function findSourceByName(db: Kysely<Database>, name: string): Promise<Source | undefined> {
  const row = await db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toSource(row) : undefined;
}
