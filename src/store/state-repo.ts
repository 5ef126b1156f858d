/** Reads of projection snapshots and checkpoints. */
import type { Kysely } from 'kysely';
import { PROJECTION_CHECKPOINT } from './log-writer.js';
import type { Database } from './schema.js';

/** Where the last complete snapshot stands: its log position and when it started. */
export async function readCheckpoint(db: Kysely<Database>, name = PROJECTION_CHECKPOINT): Promise<{ seq: number; at: number }> {
  const row = await db.selectFrom('checkpoints').select(['seq', 'updated_at']).where('name', '=', name).executeTakeFirst();
  return { seq: row?.seq ?? 0, at: row?.updated_at ?? 0 };
}

/** Profiles on either side of a merge made or undone at or after `since`. */
export async function customersInMergesSince(db: Kysely<Database>, since: number): Promise<string[]> {
  const rows = await db
    .selectFrom('merges')
    .select(['from_id', 'into_id'])
    .where((eb) => eb.or([eb('created_at', '>=', since), eb('undone_at', '>=', since)]))
    .execute();
  return rows.flatMap((r) => [r.from_id, r.into_id]);
}

/** Every stored state snapshot, a page at a time. */
export async function* scanStateSnapshots(db: Kysely<Database>, pageSize = 20_000): AsyncGenerator<Array<{ customer_id: string; state: string }>> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('customer_states').selectAll().where('customer_id', '>', after).orderBy('customer_id').limit(pageSize).execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.customer_id;
    yield rows;
  }
}

/** Drops every snapshot (before a full rebuild writes new ones). */
export async function deleteAllSnapshots(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('customer_states').execute();
}
