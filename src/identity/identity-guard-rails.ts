/**
 * The guard-rails: why two clusters must not be merged. Used by automatic resolution (which
 * records a conflict instead) and by manual merges (which refuse unless forced). Clusters are
 * given by their root profile index.
 */
import type { GraphCore } from './identity-graph-core.js';
import type { ConflictReason } from './identity-types.js';

/**
 * Why cluster `a` and cluster `b` must not merge, or null. `a` may be -1 for "a new
 * profile holding only a pending userId from source `pendingSource`"; `weak` says the only
 * link between them is an anonymousId.
 */
export function guard(g: GraphCore, a: number, pendingSource: number, pendingUser: boolean, b: number, weak: boolean): ConflictReason | null {
  const aUser = pendingUser || (a >= 0 && g.forest.clusterHasUser(a));
  const bUser = g.forest.clusterHasUser(b);
  if (weak && aUser && bUser) return 'shared_anonymous_id';
  if (a >= 0 && unmergedBetween(g, a, b)) return 'unmerged_before';
  if (aUser && bUser && sameSourceUserIds(g, a, pendingSource, b)) return 'same_source_user_ids';
  return null;
}

/**
 * True when cluster `b` holds a userId first seen from a source that also gave cluster `a`
 * (or the pending userId from `pendingSource`) a userId. Identifiers are unique, so two
 * such userIds always differ in value.
 */
export function sameSourceUserIds(g: GraphCore, a: number, pendingSource: number, b: number): boolean {
  const sources = new Set<number>();
  if (pendingSource >= 0) sources.add(pendingSource);
  if (a >= 0) for (const i of userIdsOf(g, a)) sources.add(g.store.sourceIndexOf(i));
  if (sources.size === 0) return false;
  for (const i of userIdsOf(g, b)) if (sources.has(g.store.sourceIndexOf(i))) return true;
  return false;
}

/** True when an undone merge joined a profile of cluster `a` and a profile of cluster `b`. */
export function unmergedBetween(g: GraphCore, a: number, b: number): boolean {
  if (!g.audit.hasUndone()) return false;
  for (const p of g.forest.members(a)) {
    for (const m of g.audit.undoneAt(p)) {
      const q = m.from === p ? m.into : m.from;
      if (g.forest.rootOf(q) === b) return true;
    }
  }
  return false;
}

function userIdsOf(g: GraphCore, root: number): number[] {
  const out: number[] = [];
  for (const p of g.forest.members(root)) {
    for (let i = g.store.firstOf(p); i >= 0; i = g.store.nextOf(i)) if (g.store.isUserId(i)) out.push(i);
  }
  return out;
}
