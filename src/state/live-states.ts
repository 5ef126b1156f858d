/**
 * The live customer states, held in memory for every customer (the decision path reads them
 * without a database round trip) and written to the database as snapshots in the background.
 * The event log stays the source of truth: a snapshot is only a head start for restarts.
 *
 * Snapshots are written in slices so ingest never stalls behind one big write. That is safe
 * because each state records the last log position it contains (`lastSeq`): recovery replays
 * the log from the last complete snapshot and skips what a state already holds.
 */
import type { TuttiEvent } from '../core/event.js';
import type { StateSnapshotWrite } from '../store/log-writer.js';
import { applyEvent, type CustomerState, emptyState, foldEvents } from './customer-state.js';

/** A snapshot in progress: what was dirty when it began, and the log position then. */
export interface SnapshotPlan {
  ids: string[];
  removed: string[];
  seq: number;
}

export class LiveStates {
  private readonly states = new Map<string, CustomerState>();
  private dirty = new Set<string>();
  private removed = new Set<string>();
  private seq = 0;

  /** `readEvents` returns every event filed under the given profiles, in log order. */
  constructor(private readonly readEvents: (customerIds: string[]) => Promise<TuttiEvent[]>) {}

  /** The highest log position reflected in the states. */
  get lastSeq(): number {
    return this.seq;
  }

  get size(): number {
    return this.states.size;
  }

  get dirtyCount(): number {
    return this.dirty.size + this.removed.size;
  }

  get(customerId: string): CustomerState | undefined {
    return this.states.get(customerId);
  }

  /** Every customer's state, for audience scans (no entry pairs allocated). */
  values(): IterableIterator<CustomerState> {
    return this.states.values();
  }

  /** Every customer's state with its id. */
  entries(): IterableIterator<[string, CustomerState]> {
    return this.states.entries();
  }

  /** Applies one committed event to its customer's (root profile's) state. */
  apply(rootId: string, event: TuttiEvent): void {
    let state = this.states.get(rootId);
    if (!state) {
      state = emptyState(rootId);
      this.states.set(rootId, state);
    }
    applyEvent(state, event);
    this.dirty.add(rootId);
    this.removed.delete(rootId);
    if (event.seq > this.seq) this.seq = event.seq;
  }

  /** Records that the log reached `seq` for an event applied some other way (a re-fold). */
  noteSeq(seq: number): void {
    if (seq > this.seq) this.seq = seq;
  }

  /** A customer merged into another no longer has a state of its own. */
  remove(customerId: string): void {
    if (this.states.delete(customerId)) this.removed.add(customerId);
    this.dirty.delete(customerId);
  }

  /** Recomputes a customer's state from the log: after a merge or unmerge changed whose events are whose. */
  async refold(rootId: string, cluster: string[]): Promise<CustomerState> {
    const events = await this.readEvents(cluster);
    const state = foldEvents(rootId, events);
    this.replace(rootId, state);
    for (const e of events) if (e.seq > this.seq) this.seq = e.seq;
    return state;
  }

  /** Puts a state in place (re-fold, rebuild). */
  replace(rootId: string, state: CustomerState): void {
    this.states.set(rootId, state);
    this.dirty.add(rootId);
    this.removed.delete(rootId);
  }

  /** Loads a snapshot at start-up; not dirty, the database already has it. */
  load(customerId: string, state: CustomerState): void {
    this.states.set(customerId, state);
  }

  /** Empties everything (before a full rebuild). */
  clear(): void {
    for (const id of this.states.keys()) this.removed.add(id);
    this.states.clear();
    this.dirty.clear();
  }

  /** Starts a snapshot: takes the dirty marks (new changes mark customers dirty again). */
  beginSnapshot(): SnapshotPlan {
    const plan = { ids: [...this.dirty], removed: [...this.removed], seq: this.seq };
    this.dirty = new Set();
    this.removed = new Set();
    return plan;
  }

  /** The rows for some customers of a snapshot, as they are now. */
  serialize(ids: string[]): StateSnapshotWrite['upserts'] {
    const upserts: StateSnapshotWrite['upserts'] = [];
    for (const id of ids) {
      const state = this.states.get(id);
      if (state) upserts.push({ customerId: id, state: JSON.stringify(state) });
    }
    return upserts;
  }

  /** Marks customers dirty again after their snapshot write failed, so the next one retries. */
  requeue(ids: string[], removed: string[]): void {
    for (const id of ids) if (this.states.has(id)) this.dirty.add(id);
    for (const id of removed) if (!this.states.has(id)) this.removed.add(id);
  }

  /** Everything dirty, in one write (rebuild, shutdown of small stores). */
  takeSnapshot(at: number): StateSnapshotWrite {
    const plan = this.beginSnapshot();
    return { upserts: this.serialize(plan.ids), deletes: plan.removed, checkpoint: { seq: plan.seq, at } };
  }
}
