import type SqliteDatabase from 'better-sqlite3';
import type { IdentityChange } from '../identity/identity-graph.js';
import type { NewEventRow } from './event-rows.js';
import { type CommitJob, type LogWriter, PROJECTION_CHECKPOINT, type StateSnapshotWrite } from './log-writer.js';

/** Writes a job in one synchronous transaction; returns each event's seq (0 for a duplicate). */
export type SqliteCommit = (job: CommitJob) => number[];

/** The SQLite log writer's core: prepared statements inside one synchronous transaction per job. */
export function createSqliteCommit(sqlite: SqliteDatabase.Database): SqliteCommit {
  const insertEvent = sqlite.prepare(
    `INSERT INTO events (source_id, department, message_id, type, event, customer_id, user_id, anonymous_id, ts, received_at, payload, catalogue_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, message_id) DO NOTHING`,
  );
  const insertCustomer = sqlite.prepare('INSERT OR IGNORE INTO customers (id, created_at, merged_into) VALUES (?, ?, NULL)');
  const insertIdentifier = sqlite.prepare('INSERT OR IGNORE INTO identifiers (type, value, customer_id, source_id, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertMerge = sqlite.prepare(
    `INSERT INTO merges (id, from_id, into_id, reason, identifier_type, identifier_value, source_id, message_id, actor, created_at, undone_at, undone_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
  );
  const setMergedInto = sqlite.prepare('UPDATE customers SET merged_into = ? WHERE id = ?');
  const undoMerge = sqlite.prepare('UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ?');
  const mergeFrom = sqlite.prepare('SELECT from_id FROM merges WHERE id = ?').pluck();
  const insertConflict = sqlite.prepare(
    `INSERT INTO identity_conflicts (id, customer_a, customer_b, identifier_type, identifier_value, reason, source_id, message_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertState = sqlite.prepare('INSERT INTO customer_states (customer_id, state) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET state = excluded.state');
  const deleteState = sqlite.prepare('DELETE FROM customer_states WHERE customer_id = ?');
  const setCheckpoint = sqlite.prepare(
    'INSERT INTO checkpoints (name, seq, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at',
  );

  function writeEvent(e: NewEventRow): number {
    const r = insertEvent.run(e.source_id, e.department, e.message_id, e.type, e.event, e.customer_id, e.user_id, e.anonymous_id, e.ts, e.received_at, e.payload, e.catalogue_version);
    return r.changes === 1 ? Number(r.lastInsertRowid) : 0;
  }

  function writeIdentity(change: IdentityChange): void {
    switch (change.kind) {
      case 'customer':
        insertCustomer.run(change.id, change.createdAt);
        return;
      case 'link':
        insertIdentifier.run(change.identifier.type, change.identifier.value, change.customerId, change.sourceId, change.at);
        return;
      case 'merge': {
        const m = change.record;
        insertMerge.run(m.id, m.fromId, m.intoId, m.reason, m.identifier?.type ?? null, m.identifier?.value ?? null, m.sourceId, m.messageId, m.actor, m.at);
        setMergedInto.run(m.intoId, m.fromId);
        return;
      }
      case 'unmerge': {
        undoMerge.run(change.at, change.actor, change.mergeId);
        const from = mergeFrom.get(change.mergeId) as string | undefined;
        if (from !== undefined) setMergedInto.run(null, from);
        return;
      }
      case 'conflict': {
        const c = change.record;
        insertConflict.run(c.id, c.customerA, c.customerB, c.identifier?.type ?? null, c.identifier?.value ?? null, c.reason, c.sourceId, c.messageId, c.at);
        return;
      }
    }
  }

  function writeStates(s: StateSnapshotWrite): void {
    for (const u of s.upserts) upsertState.run(u.customerId, u.state);
    for (const id of s.deletes) deleteState.run(id);
    if (s.checkpoint !== null) setCheckpoint.run(PROJECTION_CHECKPOINT, s.checkpoint.seq, s.checkpoint.at);
  }

  const commitTx = sqlite.transaction((job: CommitJob): number[] => {
    for (const change of job.identity) writeIdentity(change);
    const seqs = job.events.map(writeEvent);
    if (job.states) writeStates(job.states);
    return seqs;
  });

  return (job) => commitTx.immediate(job);
}

/** The log writer on the calling thread (in-memory databases and tools that write little). */
export function createSqliteLogWriter(sqlite: SqliteDatabase.Database): LogWriter {
  const commit = createSqliteCommit(sqlite);
  return { commit: async (job) => commit(job) };
}
