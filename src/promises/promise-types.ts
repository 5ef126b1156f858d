/**
 * The shapes of the company-wide promise ledger (DESIGN 3.5, REFERENCE F). A record is plain
 * JSON so the lead can store one row per promise and a snapshot is `JSON.stringify`.
 *
 * The per-customer state (`src/state/promise-effects.ts`) keeps a small view of the same
 * promises for decisions; this ledger is the complete, clock-aware record.
 */
import type { KeptBy } from '../state/state-types.js';

export type { KeptBy };

export type PromiseStatus = 'open' | 'kept' | 'broken' | 'renegotiated' | 'cancelled';

/** Where a promise came from: a `Promise Made` event (ref = `sourceId/messageId`), an agent's work item, a campaign. */
export interface PromiseOrigin {
  kind: 'event' | 'work_item' | 'campaign';
  ref: string;
}

/**
 * Who closed a promise: the log position of the event that did, `'clock'` (its deadline passed
 * with nothing keeping it), or `'call'` (a direct ledger call that named no event).
 */
export type ClosedBy = number | 'clock' | 'call';

export type HistoryKind =
  | 'made'
  /** A re-sent `Promise Made` changed the terms (due, grace, kept_by, …). */
  | 'refreshed'
  | 'kept'
  | 'broken'
  | 'renegotiated'
  | 'cancelled'
  /** The kept_by event (or a `Promise Kept`) arrived after the deadline: the promise stays broken. */
  | 'fulfilled_late'
  /** The customer was told the promise would slip (`proactive` when before due). */
  | 'notice';

export interface HistoryEntry {
  /** Event time of the step (for a clock break: the deadline). */
  at: number;
  kind: HistoryKind;
  by: ClosedBy;
  /** The due time set by this step (made, refreshed, renegotiated). */
  dueAt?: number;
  /** The successor opened by a renegotiation. */
  to?: string;
  reason?: string;
  /** For a notice: whether it came before due. */
  proactive?: boolean;
}

export interface PromiseRecord {
  id: string;
  customerId: string;
  /** delivery, callback, refund, visit, … */
  type: string;
  /** The owning department (the metrics group by it). */
  department: string;
  /** The owner as given (a department or a person); the department when none was given. */
  owner: string;
  origin: PromiseOrigin;
  madeAt: number;
  /** Event time of the `Promise Made` whose terms stand (a re-send older than this is ignored). */
  termsAt: number;
  dueAt: number;
  graceMs: number;
  keptBy?: KeptBy;
  campaignId?: string;
  description?: string;
  status: PromiseStatus;
  /** Event time of the close; for a clock break the deadline (dueAt + graceMs). */
  closedAt?: number;
  closedBy?: ClosedBy;
  /** Why it was broken, when an event said so. */
  reason?: string;
  /** Set on a renegotiated (or broken, then renegotiated) promise: the promise carrying the new due time. */
  renegotiatedTo?: string;
  /** Set on a successor: the promise it replaces. */
  renegotiatedFrom?: string;
  /** The customer was told before due that the promise would slip. */
  proactiveNotice?: boolean;
  /** The first fulfilment after the deadline (the promise is broken; this notes it was done late). */
  fulfilledLateAt?: number;
  /** Every step, in the order the ledger applied them. */
  history: HistoryEntry[];
}

/** What `make` takes: the terms of a promise (the ledger adds status and history). */
export interface PromiseInput {
  id: string;
  customerId: string;
  type: string;
  department: string;
  owner?: string;
  origin: PromiseOrigin;
  madeAt: number;
  dueAt: number;
  graceMs?: number;
  keptBy?: KeptBy;
  campaignId?: string;
  description?: string;
}

/**
 * A status change caused by one ledger operation: `from` null for a promise just made. The
 * lead reacts to `to === 'broken'` (emit the event, open a recovery work item) and to a
 * `from === 'broken'` (a clock break overturned by late-arriving proof: withdraw them).
 */
export interface PromiseChange {
  promise: PromiseRecord;
  from: PromiseStatus | null;
  to: PromiseStatus;
}

export interface PromiseFilter {
  customerId?: string;
  department?: string;
  type?: string;
  status?: PromiseStatus;
  campaignId?: string;
  /** dueAt ≥ dueFrom (ms). */
  dueFrom?: number;
  /** dueAt < dueTo (ms). */
  dueTo?: number;
  /** Page size, 1–1000 (default 100). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of `list`, ordered by due time then id. */
export interface PromisePage {
  items: PromiseRecord[];
  nextCursor: string | null;
}

/** An explicit operation on a promise that was not (yet) known, kept until its `Promise Made` arrives. */
export interface PendingOp {
  kind: 'kept' | 'broken' | 'cancelled' | 'renegotiated' | 'notice';
  at: number;
  by: ClosedBy;
  newDueAt?: number;
  reason?: string;
}

/** The whole ledger as JSON (`PromiseLedger.toJSON`). Indexes and the deadline heap are rebuilt on load. */
export interface LedgerSnapshot {
  version: number;
  /** Greatest event seq applied; replay resumes after it. */
  lastSeq: number;
  /** The latest clock tick (−∞ as null). */
  lastTick: number | null;
  records: PromiseRecord[];
  pending: Array<[string, PendingOp[]]>;
}

export const LEDGER_SNAPSHOT_VERSION = 1;
