/**
 * Contact policies, the decision audit and cap reservations in the database.
 *
 * `reserveAtomically` is the one place where the database, not memory, decides: a committing
 * decision runs under an exclusive per-customer lock that every process honours — an
 * IMMEDIATE transaction on SQLite (one writer per file), a transaction-scoped advisory lock on
 * PostgreSQL (per customer, so nodes sharing the server contend only for the same customer) —
 * reads the customer's live reservations inside it, and writes the reservation and the audit
 * row before the lock is released. N concurrent committing decisions under a cap of one thus
 * yield exactly one send, from one process or several.
 */
import type SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Store } from './open-store.js';
import type { ContactReservationsTable, Database, DecisionsTable, PoliciesTable } from './schema.js';

export type PolicyRow = PoliciesTable;
export type DecisionRow = DecisionsTable;
export type ReservationRow = ContactReservationsTable;

export async function insertPolicy(db: Kysely<Database>, row: PolicyRow): Promise<void> {
  await db.insertInto('policies').values(row).execute();
}

/** The active policy: the one applied last. */
export async function latestPolicy(db: Kysely<Database>): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().orderBy('applied_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function policyByVersion(db: Kysely<Database>, version: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().where('version', '=', version).orderBy('applied_at', 'desc').limit(1).executeTakeFirst();
}

/** Policy history, newest first, without the documents. */
export async function listPolicies(db: Kysely<Database>, limit: number): Promise<Omit<PolicyRow, 'document'>[]> {
  return db.selectFrom('policies').select(['id', 'version', 'applied_by', 'applied_at']).orderBy('applied_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Writes audit rows in chunks that stay under both dialects' bound-parameter limits. */
export async function insertDecisions(db: Kysely<Database>, rows: readonly DecisionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('decisions').values(rows.slice(i, i + 500)).execute();
}

/** One customer's decisions (all profiles of its cluster), newest first, before a (at, id) cursor. */
export async function listDecisions(db: Kysely<Database>, customerIds: readonly string[], limit: number, before: { at: number; id: string } | null): Promise<DecisionRow[]> {
  let q = db.selectFrom('decisions').selectAll().where('customer_id', 'in', customerIds);
  if (before !== null) q = q.where((eb) => eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]));
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Decisions made in a window, for replaying them under another policy. */
export async function decisionsBetween(db: Kysely<Database>, from: number, to: number, limit: number): Promise<DecisionRow[]> {
  return db.selectFrom('decisions').selectAll().where('at', '>=', from).where('at', '<', to).orderBy('at').limit(limit).execute();
}

/** Live (unreleased) reservations made at or after `since`, for warming the in-memory counters. */
export async function reservationsSince(db: Kysely<Database>, since: number): Promise<ReservationRow[]> {
  return db.selectFrom('contact_reservations').selectAll().where('at', '>=', since).where('released_at', 'is', null).orderBy('at').execute();
}

/** Marks a reservation released; returns it, or undefined when unknown or already released. */
export async function releaseReservation(db: Kysely<Database>, id: string, at: number): Promise<ReservationRow | undefined> {
  const row = await db.selectFrom('contact_reservations').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined || row.released_at !== null) return undefined;
  const result = await db.updateTable('contact_reservations').set({ released_at: at }).where('id', '=', id).where('released_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ...row, released_at: at } : undefined;
}

/** What a locked decision writes: always its audit row, and a reservation when it sends. */
export interface LockedOutcome<T> {
  result: T;
  audit: DecisionRow;
  reservation: ReservationRow | null;
}

/**
 * Runs `decide` under the customer's exclusive lock with the customer's live reservations made
 * at or after `since`, then writes what it returns, all in one transaction.
 */
export async function reserveAtomically<T>(store: Store, customerId: string, since: number, decide: (reservations: ReservationRow[]) => LockedOutcome<T>): Promise<T> {
  const sqlite = store.sqlite;
  if (sqlite !== null) return sqliteReserve(sqlite, customerId, since, decide);
  return store.db.transaction().execute(async (trx) => {
    // Two 32-bit keys: a namespace for Tutti's cap locks and the customer's hash.
    await sql`SELECT pg_advisory_xact_lock(7411, hashtext(${customerId}))`.execute(trx);
    const rows = await trx.selectFrom('contact_reservations').selectAll().where('customer_id', '=', customerId).where('at', '>=', since).where('released_at', 'is', null).execute();
    const out = decide(rows);
    if (out.reservation !== null) await trx.insertInto('contact_reservations').values(out.reservation).execute();
    await trx.insertInto('decisions').values(out.audit).execute();
    return out.result;
  });
}

type Sqlite = NonNullable<Store['sqlite']>;
type Statement = SqliteDatabase.Statement<unknown[]>;
const prepared = new WeakMap<Sqlite, { select: Statement; reserve: Statement; audit: Statement }>();

// Synchronous from BEGIN IMMEDIATE to COMMIT: nothing else in this process runs in between,
// and other processes wait on SQLite's write lock (busy_timeout).
async function sqliteReserve<T>(sqlite: Sqlite, customerId: string, since: number, decide: (reservations: ReservationRow[]) => LockedOutcome<T>): Promise<T> {
  let s = prepared.get(sqlite);
  if (s === undefined) {
    s = {
      select: sqlite.prepare<unknown[]>('SELECT * FROM contact_reservations WHERE customer_id = ? AND at >= ? AND released_at IS NULL'),
      reserve: sqlite.prepare<unknown[]>('INSERT INTO contact_reservations (id, customer_id, at, department, channel, purpose, decision_id, released_at) VALUES (@id, @customer_id, @at, @department, @channel, @purpose, @decision_id, @released_at)'),
      audit: sqlite.prepare<unknown[]>(`INSERT INTO decisions (id, customer_id, at, department, channel, purpose, message_id, outcome, until, policy_version, reservation_id, actor, request, reasons, recorded_at)
        VALUES (@id, @customer_id, @at, @department, @channel, @purpose, @message_id, @outcome, @until, @policy_version, @reservation_id, @actor, @request, @reasons, @recorded_at)`),
    };
    prepared.set(sqlite, s);
  }
  const statements = s;
  // A Kysely transaction on this connection spans ticks; wait for it rather than nest.
  while (sqlite.inTransaction) await new Promise((r) => setImmediate(r));
  const run = sqlite.transaction(() => {
    const rows = statements.select.all(customerId, since) as ReservationRow[];
    const out = decide(rows);
    if (out.reservation !== null) statements.reserve.run(out.reservation);
    statements.audit.run(out.audit);
    return out.result;
  });
  return run.immediate();
}
