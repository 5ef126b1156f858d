/**
 * Customer lookups and identity administration: the service layer between the routes (and
 * CLI) and the identity graph, live states and event log.
 */
import { TuttiError } from '../core/errors.js';
import { parseCustomerRef } from '../identity/identifiers.js';
import type { MergeRecord } from '../identity/identity-graph.js';
import { emptyState } from '../state/customer-state.js';
import { summarize } from '../state/summary.js';
import type { Tutti } from './tutti.js';

/** The root customer id for a ref (a Tutti id, possibly of a merged profile, or type:value). */
export function resolveCustomerRef(tutti: Tutti, ref: string): string {
  const parsed = parseCustomerRef(ref);
  if (!parsed) throw new TuttiError('invalid_ref', `"${ref}" is not a customer reference: use a Tutti id (cus_…) or type:value such as email:ann@example.com, userId:u-17, phone:+33612345678, order:O-123.`);
  const graph = tutti.identity();
  const root = parsed.kind === 'id' ? graph.rootOf(parsed.id) : graph.lookup(parsed.identifier);
  if (!root) throw new TuttiError('customer_not_found', `No customer has the identifier ${ref}.`);
  return root;
}

const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

function mergeView(m: MergeRecord) {
  return {
    id: m.id,
    from: m.fromId,
    into: m.intoId,
    reason: m.reason,
    identifier: m.identifier ? `${m.identifier.type}:${m.identifier.value}` : null,
    messageId: m.messageId,
    actor: m.actor,
    at: iso(m.at),
    undoneAt: iso(m.undoneAt),
    undoneBy: m.undoneBy,
  };
}

/** The customer profile: identities across departments, merges, conflicts and the live state summary. */
export function customerProfile(tutti: Tutti, rootId: string) {
  const graph = tutti.identity();
  const state = tutti.live.get(rootId) ?? emptyState(rootId);
  return {
    id: rootId,
    createdAt: iso(graph.createdAt(rootId)),
    profiles: graph.clusterOf(rootId),
    identifiers: graph.identifiersOf(rootId).map((i) => {
      const source = tutti.sources.byId(i.sourceId);
      return { type: i.type, value: i.value, profile: i.customerId, source: source?.name ?? i.sourceId, department: source?.department ?? null, firstSeenAt: iso(i.at) };
    }),
    merges: graph.mergesOf(rootId).map(mergeView),
    conflicts: graph.conflictsOf(rootId).map((c) => ({
      id: c.id,
      customers: [c.customerA, c.customerB],
      identifier: c.identifier ? `${c.identifier.type}:${c.identifier.value}` : null,
      reason: c.reason,
      messageId: c.messageId,
      at: iso(c.at),
    })),
    state: summarize(state, tutti.clock.now()),
  };
}

function graphError(error: unknown): never {
  const code = (error as { code?: string }).code;
  if (code === 'merge_refused' || code === 'merge_not_found') throw new TuttiError(code, (error as Error).message);
  throw error;
}

/** Merges one customer into another by hand (admin), re-folding the survivor's state. */
export function mergeCustomers(tutti: Tutti, input: { from: string; into: string; actor: string; reason: string; force?: boolean }) {
  return tutti.pipeline.exclusive(async () => {
    const graph = tutti.identity();
    const fromRoot = resolveCustomerRef(tutti, input.from);
    const intoRoot = resolveCustomerRef(tutti, input.into);
    if (fromRoot === intoRoot) throw new TuttiError('merge_refused', 'Those references already name the same customer.');
    let record: MergeRecord;
    try {
      record = graph.merge(fromRoot, intoRoot, { actor: input.actor, reason: input.reason, at: tutti.clock.now(), force: input.force ?? false });
    } catch (error) {
      graphError(error);
    }
    tutti.live.remove(record.fromId);
    await tutti.live.refold(record.intoId, graph.clusterOf(record.intoId));
    // The states are not written here: recovery re-folds customers whose merges are newer than the snapshot.
    await tutti.writer.commit({ events: [], identity: graph.drainChanges() });
    return mergeView(record);
  });
}

/** Undoes a merge (admin): both customers get their own identifiers, events and state back. */
export function unmergeCustomers(tutti: Tutti, input: { mergeId: string; actor: string }) {
  return tutti.pipeline.exclusive(async () => {
    const graph = tutti.identity();
    let result: { fromRoot: string; intoRoot: string };
    try {
      result = graph.unmerge(input.mergeId, { actor: input.actor, at: tutti.clock.now() });
    } catch (error) {
      graphError(error);
    }
    const roots = [graph.rootOf(result.fromRoot) ?? result.fromRoot, graph.rootOf(result.intoRoot) ?? result.intoRoot];
    for (const root of roots) await tutti.live.refold(root, graph.clusterOf(root));
    await tutti.writer.commit({ events: [], identity: graph.drainChanges() });
    return { mergeId: input.mergeId, customers: roots };
  });
}
