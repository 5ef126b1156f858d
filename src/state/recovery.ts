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
import { customersInMergesSince, readCheckpoint, scanStateSnapshots } from '../store/state-repo.js';
import { applyEvent, type CustomerState, emptyState, parseState } from './customer-state.js';
import type { LiveStates } from './live-states.js';

/** Merges are timed by the clock, snapshots too: look this far before the checkpoint for safety. */
const CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * Loads the snapshots, then replays the log after the checkpoint. A state already holding an
 * event (its lastSeq) skips it, so slices written after the checkpoint are not applied twice.
 * Customers whose merges changed since the checkpoint are re-folded from the log instead.
 */
export async function recoverStates(db: Kysely<Database>, graph: IdentityGraph, live: LiveStates): Promise<{ replayed: number; refolded: number }> {
  const checkpoint = await readCheckpoint(db);
  live.noteSeq(checkpoint.seq);
  const refold = new Set<string>();
  const rootOf = (id: string): string => graph.rootOf(id) ?? id;

  for await (const page of scanStateSnapshots(db)) {
    for (const row of page) {
      const state = parseState(row.state);
      if (!state) refold.add(rootOf(row.customer_id)); // another state version: re-fold from the log
      else if (rootOf(row.customer_id) !== row.customer_id) refold.add(rootOf(row.customer_id)); // merged away since
      else live.load(row.customer_id, state);
    }
  }
  for (const [id] of [...live.entries()]) if (rootOf(id) !== id) live.remove(id);
  for (const id of await customersInMergesSince(db, checkpoint.at - CLOCK_MARGIN_MS)) refold.add(rootOf(id));

  let replayed = 0;
  for await (const page of scanEvents(db, checkpoint.seq)) {
    for (const event of page) {
      const root = rootOf(event.customerId);
      live.noteSeq(event.seq);
      if (refold.has(root)) continue;
      const state = live.get(root);
      if (state && state.lastSeq >= event.seq) continue;
      live.apply(root, event);
      replayed++;
    }
  }
  for (const root of refold) await live.refold(root, graph.clusterOf(root));
  return { replayed, refolded: refold.size };
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
