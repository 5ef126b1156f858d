/**
 * Bringing live states up to date with the log: at start-up (replaying what the last
 * snapshot missed, e.g. after kill -9) and on `tutti rebuild` (everything from scratch).
 * Both fold events in log order, the same order live ingest applies them, so a rebuild
 * reproduces the live states exactly.
 */
import type { Kysely } from 'kysely';
import type { IdentityGraph } from '../identity/identity-graph.js';
import { scanEvents } from '../store/event-log.js';
import type { Database } from '../store/schema.js';
import { readCheckpoint, scanStateSnapshots } from '../store/state-repo.js';
import { applyEvent, type CustomerState, emptyState, parseState } from './customer-state.js';
import type { LiveStates } from './live-states.js';

/** Above this many customers touched since the snapshot, one full pass beats re-folding each. */
const REFOLD_LIMIT = 5_000;

export async function recoverStates(db: Kysely<Database>, graph: IdentityGraph, live: LiveStates): Promise<{ replayed: number; refolded: number }> {
  const checkpoint = await readCheckpoint(db);
  const stale = new Set<string>();
  for await (const page of scanStateSnapshots(db)) {
    for (const row of page) {
      const state = parseState(row.state);
      if (state) live.load(row.customer_id, state, checkpoint);
      else stale.add(row.customer_id); // written by another state version: re-fold from the log
    }
  }
  // States of profiles merged into another since the snapshot are stale: their root re-folds.
  const touched = new Set<string>();
  for (const id of stale) touched.add(graph.rootOf(id) ?? id);
  for (const [id] of [...live.entries()]) {
    const root = graph.rootOf(id);
    if (root !== id) {
      live.remove(id);
      if (root) touched.add(root);
    }
  }
  let replayed = 0;
  for await (const page of scanEvents(db, checkpoint)) {
    for (const event of page) {
      touched.add(graph.rootOf(event.customerId) ?? event.customerId);
      live.noteSeq(event.seq);
    }
    replayed += page.length;
  }
  if (touched.size > REFOLD_LIMIT) {
    await rebuildStates(db, graph, live);
  } else {
    for (const root of touched) await live.refold(root, graph.clusterOf(root));
  }
  return { replayed, refolded: touched.size };
}

/** Folds the whole log into fresh states for every customer, replacing the live ones. */
export async function rebuildStates(
  db: Kysely<Database>,
  graph: IdentityGraph,
  live: LiveStates,
  onProgress?: (events: number) => void,
): Promise<{ customers: number; events: number }> {
  const states = new Map<string, CustomerState>();
  let events = 0;
  let lastSeq = 0;
  for await (const page of scanEvents(db, 0)) {
    for (const event of page) {
      const root = graph.rootOf(event.customerId) ?? event.customerId;
      let state = states.get(root);
      if (!state) {
        state = emptyState(root);
        states.set(root, state);
      }
      applyEvent(state, event);
      lastSeq = event.seq;
    }
    events += page.length;
    onProgress?.(events);
  }
  live.clear();
  for (const [id, state] of states) live.replace(id, state);
  live.noteSeq(lastSeq);
  return { customers: states.size, events };
}
