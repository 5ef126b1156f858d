/**
 * The ingest pipeline: dedupe → identity resolution → durable commit → live state.
 *
 * Requests hand in validated events and wait for their acknowledgement. Events from all
 * requests that arrive while a commit is under way are written together in the next
 * transaction (group commit), so one fsync serves many requests. Everything that writes the
 * log, the identity graph or the snapshots runs through one serial lane (`exclusive`), which
 * keeps the in-memory graph and states in step with the database.
 */
import type { Clock } from '../core/clock.js';
import { TuttiError } from '../core/errors.js';
import type { TuttiEvent } from '../core/event.js';
import type { IdentityGraph } from '../identity/identity-graph.js';
import { extractIdentifiers } from '../identity/identifiers.js';
import { toEventRow } from '../store/event-rows.js';
import type { LogWriter } from '../store/log-writer.js';
import type { LiveStates } from '../state/live-states.js';

export interface IngestOutcome {
  /** Events newly stored. */
  stored: number;
  /** Events the log already held (same source and messageId). */
  duplicates: number;
}

export interface PipelineOptions {
  /** Above this many events waiting for a commit, new requests get 429 (back-pressure). */
  maxQueuedEvents: number;
}

/** A validated event with its serialised payload (made once, at validation, where its size is checked). */
export interface IngestItem {
  event: TuttiEvent;
  payload: string;
}

interface Submission {
  events: IngestItem[];
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

export interface PipelineDeps {
  writer: LogWriter;
  identity: () => IdentityGraph;
  live: LiveStates;
  clock: Clock;
  /** Reloads the identity graph from the database after a failed commit left it ahead of storage. */
  reloadIdentity: () => Promise<void>;
  onError?: (error: unknown) => void;
}

export class IngestPipeline {
  private pending: Submission[] = [];
  private pendingEvents = 0;
  private flushScheduled = false;
  private lane: Promise<unknown> = Promise.resolve();
  private readonly observers: Array<(rootId: string, event: TuttiEvent) => void> = [];

  constructor(
    private readonly deps: PipelineDeps,
    private readonly options: PipelineOptions,
  ) {}

  /** Events waiting for the next commit. */
  get queuedEvents(): number {
    return this.pendingEvents;
  }

  /**
   * Queues events (all from one source, already validated) and resolves once they are durable
   * and applied to live state. Throws `overloaded` at once when the queue is full.
   */
  submit(events: IngestItem[]): Promise<IngestOutcome> {
    if (events.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    if (this.pendingEvents + events.length > this.options.maxQueuedEvents) {
      throw new TuttiError('overloaded', undefined, { retryAfterSeconds: 1 });
    }
    this.pendingEvents += events.length;
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: it runs after the event loop has read every request
        // that is ready, so they all share one transaction.
        setImmediate(() => void this.exclusive(() => this.flush()).catch(() => undefined));
      }
    });
  }

  /** Runs `job` alone in the write lane, after everything queued before it. */
  exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.lane.then(job, job);
    this.lane = run.catch(() => undefined);
    return run;
  }

  /**
   * Calls `observer` with every newly stored event (and its customer's root) after it is
   * committed and applied to the live state, in log order. Observers must not throw or wait.
   */
  onApplied(observer: (rootId: string, event: TuttiEvent) => void): void {
    this.observers.push(observer);
  }

  /** Resolves once everything submitted so far is committed. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushScheduled) await this.exclusive(async () => undefined);
    await this.lane;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    this.pendingEvents = 0;
    if (batch.length === 0) return;
    try {
      const outcomes = await this.commitBatch(batch);
      batch.forEach((s, i) => s.resolve(outcomes[i]!));
    } catch (error) {
      this.deps.onError?.(error);
      for (const s of batch) s.reject(new TuttiError('overloaded', 'Tutti could not store these events; nothing was acknowledged. Retry.', { retryAfterSeconds: 1 }));
    }
  }

  private async commitBatch(batch: Submission[]): Promise<IngestOutcome[]> {
    const { writer, live } = this.deps;
    const graph = this.deps.identity();
    const outcomes: IngestOutcome[] = batch.map(() => ({ stored: 0, duplicates: 0 }));
    const fresh: Array<{ event: TuttiEvent; payload: string; submission: number }> = [];

    // 1. Dedupe within this commit. Duplicates of events already in the log are caught by the
    //    log's unique (source, messageId) key at insert (seq 0): their identifiers were linked
    //    when the original arrived, so resolving them again changes nothing.
    const seen = new Set<string>();
    for (let s = 0; s < batch.length; s++) {
      for (const { event, payload } of batch[s]!.events) {
        const key = `${event.sourceId}\u0000${event.messageId}`;
        if (seen.has(key)) {
          outcomes[s]!.duplicates++;
          continue;
        }
        seen.add(key);
        fresh.push({ event, payload, submission: s });
      }
    }

    // 2. Identity: file every event under a customer; note merged customers for a re-fold.
    const mergedInto = new Set<string>();
    const mergedAway = new Set<string>();
    for (const { event } of fresh) {
      const resolution = graph.resolve(extractIdentifiers(event), { sourceId: event.sourceId, messageId: event.messageId, at: event.receivedAt });
      event.customerId = resolution.customerId;
      for (const m of resolution.merged) {
        mergedInto.add(m.intoId);
        mergedAway.add(m.fromId);
      }
    }
    const identity = graph.drainChanges();

    // 3. Durable commit; a failure leaves the in-memory graph ahead of storage, so reload it.
    let seqs: number[];
    try {
      seqs = await writer.commit({ events: fresh.map(({ event, payload }) => toEventRow(event, payload)), identity });
    } catch (error) {
      await this.deps.reloadIdentity();
      throw error;
    }

    // 4. Live state: apply in log order; merged customers are re-folded from the log instead.
    const refoldRoots = new Set<string>();
    for (const id of mergedInto) refoldRoots.add(graph.rootOf(id) ?? id);
    for (let i = 0; i < fresh.length; i++) {
      const { event, submission } = fresh[i]!;
      const seq = seqs[i] ?? 0;
      if (seq === 0) {
        outcomes[submission]!.duplicates++; // the log already had it
        continue;
      }
      event.seq = seq;
      outcomes[submission]!.stored++;
      const root = graph.rootOf(event.customerId) ?? event.customerId;
      if (!refoldRoots.has(root)) live.apply(root, event);
      else live.noteSeq(seq);
      for (const observe of this.observers) observe(root, event);
    }
    for (const id of mergedAway) live.remove(id);
    for (const root of refoldRoots) await live.refold(root, graph.clusterOf(root));
    return outcomes;
  }
}
