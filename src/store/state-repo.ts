/** Reads of projection snapshots and checkpoints. */
import type { Kysely } from 'kysely';
import { PROJECTION_CHECKPOINT } from './log-writer.js';
import type { Database } from './schema.js';

export async function readCheckpoint(db: Kysely<Database>, name = PROJECTION_CHECKPOINT): Promise<number> {
  const row = await db.selectFrom('checkpoints').select('seq').where('name', '=', name).executeTakeFirst();
  return row?.seq ?? 0;
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
