/** Loads the identity graph from the database at start-up (a page at a time, flat memory). */
import type { Kysely } from 'kysely';
import type { IdGenerator } from '../core/clock.js';
import { IdentityGraph } from '../identity/identity-graph.js';
import type { Database } from './schema.js';

const PAGE = 50_000;

export async function loadIdentityGraph(db: Kysely<Database>, ids: IdGenerator): Promise<IdentityGraph> {
  // Pre-sizing the graph's tables avoids regrowth (and its slack) on large stores.
  const counts = await db
    .selectNoFrom((eb) => [eb.selectFrom('customers').select(eb.fn.countAll().as('n')).as('customers'), eb.selectFrom('identifiers').select(eb.fn.countAll().as('n')).as('identifiers')])
    .executeTakeFirst();
  const graph = new IdentityGraph(ids, { expectedCustomers: Number(counts?.customers ?? 0), expectedIdentifiers: Number(counts?.identifiers ?? 0) });

  let after = '';
  for (;;) {
    const rows = await db.selectFrom('customers').select(['id', 'created_at']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const r of rows) graph.loadCustomer(r.id, r.created_at);
    after = rows[rows.length - 1]!.id;
  }

  let afterKey: { type: string; value: string } | null = null;
  for (;;) {
    let q = db.selectFrom('identifiers').selectAll();
    const k = afterKey;
    if (k) q = q.where((eb) => eb.or([eb('type', '>', k.type), eb.and([eb('type', '=', k.type), eb('value', '>', k.value)])]));
    const rows = await q.orderBy('type').orderBy('value').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const r of rows) graph.loadIdentifier({ type: r.type, value: r.value }, r.customer_id, r.source_id, r.created_at);
    const last = rows[rows.length - 1]!;
    afterKey = { type: last.type, value: last.value };
  }

  // Merges in the order they were made, so undone ones and later ones replay as they happened.
  const merges = await db.selectFrom('merges').selectAll().orderBy('created_at').orderBy('id').execute();
  for (const m of merges) {
    graph.loadMerge({
      id: m.id,
      fromId: m.from_id,
      intoId: m.into_id,
      reason: m.reason,
      identifier: m.identifier_type !== null && m.identifier_value !== null ? { type: m.identifier_type, value: m.identifier_value } : null,
      sourceId: m.source_id,
      messageId: m.message_id,
      actor: m.actor,
      at: m.created_at,
      undoneAt: m.undone_at,
      undoneBy: m.undone_by,
    });
  }

  const conflicts = await db.selectFrom('identity_conflicts').selectAll().orderBy('created_at').execute();
  for (const c of conflicts) {
    graph.loadConflict({
      id: c.id,
      customerA: c.customer_a,
      customerB: c.customer_b,
      identifier: c.identifier_type !== null && c.identifier_value !== null ? { type: c.identifier_type, value: c.identifier_value } : null,
      reason: c.reason,
      sourceId: c.source_id,
      messageId: c.message_id,
      at: c.created_at,
    });
  }
  graph.drainChanges(); // loading is not a change
  return graph;
}
