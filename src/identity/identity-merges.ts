/**
 * Merging and unmerging clusters, and recording the conflicts that stop a merge. Every
 * mutation here lands in the audit and in the change log that storage drains. The automatic
 * merges come from identity-resolution.ts; the manual ones from an admin via IdentityGraph.
 */
import { TuttiError } from '../core/errors.js';
import type { Identifier } from './identifiers.js';
import { copyConflict, copyMerge, type MergeEntry } from './identity-audit.js';
import type { GraphCore } from './identity-graph-core.js';
import { sameSourceUserIds, unmergedBetween } from './identity-guard-rails.js';
import type { ConflictReason, ConflictRecord, MergeContext, MergeRecord, ResolveContext, UnmergeContext } from './identity-types.js';

/** The actor of merges the graph makes on its own. */
export const SYSTEM_ACTOR = 'system';

/** What a merge record says beyond its ids and endpoints. */
export type MergeFields = Omit<MergeRecord, 'id' | 'fromId' | 'intoId' | 'undoneAt' | 'undoneBy'>;

/** Merges root `from` into root `into` (no checks: the caller applied the guard-rails) and records it. */
export function applyMerge(g: GraphCore, from: number, into: number, fields: MergeFields): MergeRecord {
  const rec: MergeRecord = {
    id: g.ids('mrg'),
    fromId: g.forest.idOf(from),
    intoId: g.forest.idOf(into),
    ...fields,
    undoneAt: null,
    undoneBy: null,
  };
  const entry = g.audit.addMerge(rec, from, into);
  g.forest.attach(from, into);
  entry.applied = true;
  g.changes.push({ kind: 'merge', record: copyMerge(rec) });
  return rec;
}

/** Cuts the merge's edge (if it is in the forest) and marks it undone; records no change. */
export function undoMerge(g: GraphCore, entry: MergeEntry, at: number, actor: string): void {
  if (entry.applied) g.forest.detach(entry.from);
  g.audit.markUndone(entry, at, actor);
}

/** Records a conflict between profiles `a` and `b`, once per pair and reason; returns the record either way. */
export function recordConflict(g: GraphCore, a: number, b: number, identifier: Identifier, reason: ConflictReason, ctx: ResolveContext): ConflictRecord {
  const existing = g.audit.findConflict(a, b, reason);
  if (existing) return copyConflict(existing);
  const rec: ConflictRecord = {
    id: g.ids('cfl'),
    customerA: g.forest.idOf(a),
    customerB: g.forest.idOf(b),
    identifier,
    reason,
    sourceId: ctx.sourceId,
    messageId: ctx.messageId,
    at: ctx.at,
  };
  g.audit.addConflict(rec, a, b);
  g.changes.push({ kind: 'conflict', record: copyConflict(rec) });
  return copyConflict(rec);
}

/** An admin's merge of `fromId`'s customer into `intoId`'s (see IdentityGraph.merge for the rules). */
export function mergeByHand(g: GraphCore, fromId: string, intoId: string, ctx: MergeContext): MergeRecord {
  const f = g.forest.indexOf(fromId);
  const t = g.forest.indexOf(intoId);
  if (f < 0 || t < 0) throw new TuttiError('customer_not_found', `No customer ${f < 0 ? fromId : intoId}.`);
  const from = g.forest.rootOf(f);
  const into = g.forest.rootOf(t);
  if (from === into) throw new TuttiError('merge_refused', 'Those are already the same customer.');
  if (!ctx.force) {
    if (unmergedBetween(g, from, into)) {
      throw new TuttiError('merge_refused', 'These customers were unmerged before; merge with force to join them again.', { reason: 'unmerged_before' });
    }
    if (sameSourceUserIds(g, from, -1, into)) {
      throw new TuttiError('merge_refused', 'Both customers have a user id from the same system, so they look like two people; merge with force to override.', {
        reason: 'same_source_user_ids',
      });
    }
  }
  const rec = applyMerge(g, from, into, { reason: ctx.reason, identifier: null, sourceId: null, messageId: null, actor: ctx.actor, at: ctx.at });
  return copyMerge(rec);
}

/** An admin's undo of merge `mergeId` (see IdentityGraph.unmerge); returns the two roots now. */
export function unmergeByHand(g: GraphCore, mergeId: string, ctx: UnmergeContext): { fromRoot: string; intoRoot: string } {
  const entry = g.audit.merge(mergeId);
  if (!entry || entry.rec.undoneAt !== null) throw new TuttiError('merge_not_found', `No merge ${mergeId} to undo.`);
  undoMerge(g, entry, ctx.at, ctx.actor);
  g.changes.push({ kind: 'unmerge', mergeId, at: ctx.at, actor: ctx.actor });
  return { fromRoot: g.forest.idOf(g.forest.rootOf(entry.from)), intoRoot: g.forest.idOf(g.forest.rootOf(entry.into)) };
}
