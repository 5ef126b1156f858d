import type { Kysely, Transaction } from 'kysely';
import type { IdentityChange } from '../identity/identity-graph.js';
import type { NewEventRow } from './event-rows.js';
import { type LogWriter, PROJECTION_CHECKPOINT, type StateSnapshotWrite } from './log-writer.js';
import type { Database } from './schema.js';

/** Rows per INSERT statement: 12 columns × 2,000 stays under PostgreSQL's 65,535 parameters. */
const CHUNK = 2000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function writeIdentity(trx: Transaction<Database>, changes: IdentityChange[]): Promise<void> {
  // Customers and links are by far the most common changes: insert them in bulk.
  const customers = changes.flatMap((c) => (c.kind === 'customer' ? [{ id: c.id, created_at: c.createdAt, merged_into: null }] : []));
  for (const part of chunks(customers, CHUNK)) await trx.insertInto('customers').values(part).onConflict((oc) => oc.doNothing()).execute();
  const links = changes.flatMap((c) =>
    c.kind === 'link' ? [{ type: c.identifier.type, value: c.identifier.value, customer_id: c.customerId, source_id: c.sourceId, created_at: c.at }] : [],
  );
  for (const part of chunks(links, CHUNK)) await trx.insertInto('identifiers').values(part).onConflict((oc) => oc.doNothing()).execute();
  // Merges, unmerges and conflicts are rare and order matters between them.
  for (const change of changes) {
    if (change.kind === 'merge') {
      const m = change.record;
      await trx
        .insertInto('merges')
        .values({
          id: m.id, from_id: m.fromId, into_id: m.intoId, reason: m.reason,
          identifier_type: m.identifier?.type ?? null, identifier_value: m.identifier?.value ?? null,
          source_id: m.sourceId, message_id: m.messageId, actor: m.actor, created_at: m.at, undone_at: null, undone_by: null,
        })
        .execute();
      await trx.updateTable('customers').set({ merged_into: m.intoId }).where('id', '=', m.fromId).execute();
    } else if (change.kind === 'unmerge') {
      const row = await trx.updateTable('merges').set({ undone_at: change.at, undone_by: change.actor }).where('id', '=', change.mergeId).returning('from_id').executeTakeFirst();
      if (row) await trx.updateTable('customers').set({ merged_into: null }).where('id', '=', row.from_id).execute();
    } else if (change.kind === 'conflict') {
      const c = change.record;
      await trx
        .insertInto('identity_conflicts')
        .values({
          id: c.id, customer_a: c.customerA, customer_b: c.customerB,
          identifier_type: c.identifier?.type ?? null, identifier_value: c.identifier?.value ?? null,
          reason: c.reason, source_id: c.sourceId, message_id: c.messageId, created_at: c.at,
        })
        .execute();
    }
  }
}

async function writeEvents(trx: Transaction<Database>, events: NewEventRow[]): Promise<number[]> {
  const seqs = new Array<number>(events.length).fill(0);
  const position = new Map<string, number>();
  events.forEach((e, i) => {
    const key = `${e.source_id}\u0000${e.message_id}`;
    if (!position.has(key)) position.set(key, i);
  });
  for (const part of chunks(events, CHUNK)) {
    const rows = await trx.insertInto('events').values(part).onConflict((oc) => oc.columns(['source_id', 'message_id']).doNothing()).returning(['seq', 'source_id', 'message_id']).execute();
    for (const r of rows) {
      const i = position.get(`${r.source_id}\u0000${r.message_id}`);
      if (i !== undefined) seqs[i] = r.seq;
    }
  }
  return seqs;
}

async function writeStates(trx: Transaction<Database>, s: StateSnapshotWrite): Promise<void> {
  for (const part of chunks(s.upserts, CHUNK)) {
    await trx
      .insertInto('customer_states')
      .values(part.map((u) => ({ customer_id: u.customerId, state: u.state })))
      .onConflict((oc) => oc.column('customer_id').doUpdateSet({ state: (eb) => eb.ref('excluded.state') }))
      .execute();
  }
  for (const part of chunks(s.deletes, CHUNK)) await trx.deleteFrom('customer_states').where('customer_id', 'in', part).execute();
  const checkpoint = s.checkpoint;
  if (checkpoint !== null) {
    await trx
      .insertInto('checkpoints')
      .values({ name: PROJECTION_CHECKPOINT, seq: checkpoint.seq, updated_at: checkpoint.at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ seq: checkpoint.seq, updated_at: checkpoint.at }))
      .execute();
  }
}

/** The PostgreSQL log writer: Kysely multi-row inserts inside one transaction per job. */
export function createPostgresLogWriter(db: Kysely<Database>): LogWriter {
  return {
    commit: (job) =>
      db.transaction().execute(async (trx) => {
        await writeIdentity(trx, job.identity);
        const seqs = await writeEvents(trx, job.events);
        if (job.states) await writeStates(trx, job.states);
        return seqs;
      }),
  };
}
