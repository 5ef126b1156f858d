/**
 * The records the identity graph produces and the changes it hands to storage. Everything
 * here is plain data, persisted as-is and fed back through the graph's load* methods at start.
 */
import type { Identifier } from './identifiers.js';

/** One merge of a root profile into another, automatic (actor `system`) or by hand. Undone merges stay for audit. */
export interface MergeRecord {
  id: string;
  /** The root that stopped being a root. */
  fromId: string;
  /** The root that survived. */
  intoId: string;
  /** `identifier:<type>` for automatic merges; the admin's words for manual ones. */
  reason: string;
  /** The identifier both sides shared (automatic merges), else null. */
  identifier: Identifier | null;
  sourceId: string | null;
  messageId: string | null;
  actor: string;
  at: number;
  undoneAt: number | null;
  undoneBy: string | null;
}

/** Why a merge was refused. */
export type ConflictReason =
  /** Both clusters hold a userId first seen from the same source, with different values: two people. */
  | 'same_source_user_ids'
  /** A merge between the two clusters was undone before; only an admin may join them again. */
  | 'unmerged_before'
  /** Only a shared anonymousId links two clusters that each carry a userId: a shared device. */
  | 'shared_anonymous_id';

/** A merge the guard-rails refused, for an admin to review. Recorded once per pair of profiles and reason. */
export interface ConflictRecord {
  id: string;
  /** The profile the event was filed under. */
  customerA: string;
  /** The profile owning the identifier that would have merged them. */
  customerB: string;
  identifier: Identifier | null;
  reason: string;
  sourceId: string | null;
  messageId: string | null;
  at: number;
}

/** One mutation of the graph, in order, for storage to persist in the same transaction as the events that caused it. */
export type IdentityChange =
  | { kind: 'customer'; id: string; createdAt: number }
  | { kind: 'link'; identifier: Identifier; customerId: string; sourceId: string; at: number }
  | { kind: 'merge'; record: MergeRecord }
  | { kind: 'unmerge'; mergeId: string; at: number; actor: string }
  | { kind: 'conflict'; record: ConflictRecord };

/** Where an event's identifiers came from. */
export interface ResolveContext {
  sourceId: string;
  messageId: string;
  /** When the link was made (Tutti's receive time), ms. */
  at: number;
}

/** What identity resolution decided for one event. */
export interface ResolveResult {
  /** The profile the event is filed under (not necessarily a root; resolve roots on read). */
  customerId: string;
  /** Its root after this event's merges: the customer the outside world sees. */
  rootId: string;
  /** True when a new profile was made for this event. */
  created: boolean;
  /** Merges this event caused (empty on the hot path). */
  merged: readonly MergeRecord[];
  /** Conflicts that stopped a merge for this event (already-recorded ones included; each is persisted once). */
  conflicts: readonly ConflictRecord[];
}

/** An identifier as linked to a profile. */
export interface LinkedIdentifier {
  type: string;
  value: string;
  /** The profile the identifier was first linked to (it goes back there on unmerge). */
  customerId: string;
  /** The source that first sent it. */
  sourceId: string;
  at: number;
}

/** A manual merge by an admin. */
export interface MergeContext {
  actor: string;
  reason: string;
  at: number;
  /** Merge even when a guard-rail objects. */
  force?: boolean;
}

/** Who undoes a merge, and when. */
export interface UnmergeContext {
  actor: string;
  at: number;
}

/** Sizing hints for a graph about to be loaded, so its buffers are allocated once. */
export interface IdentityGraphOptions {
  expectedCustomers?: number;
  expectedIdentifiers?: number;
}
