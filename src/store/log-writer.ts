/**
 * The single writer of the event log, the identity graph and the state snapshots.
 * The ingest pipeline calls it one job at a time; each call is one transaction, so an
 * acknowledged event, the identity links it made and the merges it caused are durable
 * together or not at all.
 *
 * Two implementations, because this is the hot path: SQLite uses prepared statements
 * directly (Kysely would re-compile and re-prepare every multi-row insert, halving
 * throughput); PostgreSQL uses Kysely multi-row inserts.
 */
import type { IdentityChange } from '../identity/identity-graph.js';
import type { NewEventRow } from './event-rows.js';

export interface StateSnapshotWrite {
  /** States to upsert, as JSON text. */
  upserts: Array<{ customerId: string; state: string }>;
  /** Customers whose state row must go (merged into another customer). */
  deletes: string[];
  /**
   * Moves the checkpoint: every state change up to `seq` is in the database, and merges made
   * before `at` are reflected. Null leaves it alone (a slice of a snapshot in progress).
   */
  checkpoint: { seq: number; at: number } | null;
}

export interface CommitJob {
  events: NewEventRow[];
  identity: IdentityChange[];
  states?: StateSnapshotWrite;
}

export interface LogWriter {
  /** Writes a job in one transaction; returns each event's seq, or 0 where it was a duplicate. */
  commit(job: CommitJob): Promise<number[]>;
}

export const PROJECTION_CHECKPOINT = 'customer_states';
