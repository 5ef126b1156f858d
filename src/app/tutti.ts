/**
 * The composition root: opens the store, warms the identity graph and the live states from
 * it (recovering anything the last snapshot missed), and wires the ingest pipeline. The HTTP
 * server, the CLI, the demo loader, tests and benchmarks all start Tutti through here.
 */
import { type Clock, createIdGenerator, type IdGenerator, systemClock } from '../core/clock.js';
import type { IdentityGraph } from '../identity/identity-graph.js';
import { IngestPipeline } from '../ingest/ingest-pipeline.js';
import { LiveStates } from '../state/live-states.js';
import { recoverStates, rebuildStates } from '../state/recovery.js';
import { readClusterEvents } from '../store/event-log.js';
import { loadIdentityGraph } from '../store/identity-repo.js';
import type { LogWriter } from '../store/log-writer.js';
import { createPostgresLogWriter } from '../store/log-writer-postgres.js';
import { createSqliteLogWriter } from '../store/log-writer-sqlite.js';
import { createThreadedSqliteLogWriter, threadedWritesAvailable } from '../store/log-writer-sqlite-thread.js';
import { DEFAULT_DB_PATH, openStore, type Store } from '../store/open-store.js';
import { DecisionService } from './decisions.js';
import { FrontDoor } from './front-door.js';
import { PromiseService } from './promises.js';
import { SourceRegistry } from './source-registry.js';

/** States per snapshot write: small enough that ingest waits at most a few milliseconds behind one. */
const DEFAULT_SNAPSHOT_SLICE = 500;

export interface TuttiOptions {
  /** SQLite path or postgres:// URL. */
  db?: string;
  clock?: Clock;
  ids?: IdGenerator;
  /** How often dirty live states are written as a snapshot. */
  snapshotIntervalMs?: number;
  /** States per snapshot write (default 500). */
  snapshotSlice?: number;
  maxQueuedEvents?: number;
  sqliteSync?: 'FULL' | 'NORMAL';
  log?: (message: string) => void;
}

export interface Tutti {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly sources: SourceRegistry;
  readonly live: LiveStates;
  readonly pipeline: IngestPipeline;
  readonly writer: LogWriter;
  /** Contact decisions: the active policy, caps, audit (one voice). */
  readonly decisions: DecisionService;
  /** Customer requests, work items, routing, SLA clocks. */
  readonly frontDoor: FrontDoor;
  /** The promise ledger: every promise until kept or broken. */
  readonly promises: PromiseService;
  /** The identity graph (replaced wholesale if a failed commit forces a reload). */
  identity(): IdentityGraph;
  /** Writes dirty live states and the checkpoint. */
  snapshot(): Promise<void>;
  /** Recomputes every live state from the event log. */
  rebuild(onProgress?: (events: number) => void): Promise<{ customers: number; events: number }>;
  close(): Promise<void>;
}

export async function openTutti(options: TuttiOptions = {}): Promise<Tutti> {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator(clock);
  const log = options.log ?? (() => undefined);
  const sqliteSync = options.sqliteSync ?? 'FULL';
  const store = await openStore(options.db ?? DEFAULT_DB_PATH, { sqliteSync });
  // SQLite files are written from a worker thread so commits never stall request handling.
  const threaded = store.sqlite && store.location !== ':memory:' && threadedWritesAvailable ? createThreadedSqliteLogWriter({ path: store.location, synchronous: sqliteSync }) : null;
  const writer: LogWriter = threaded ?? (store.sqlite ? createSqliteLogWriter(store.sqlite) : createPostgresLogWriter(store.db));

  let graph = await loadIdentityGraph(store.db, ids);
  const live = new LiveStates((customerIds) => readClusterEvents(store.db, customerIds));
  const recovered = await recoverStates(store.db, graph, live);
  if (recovered.replayed > 0) log(`Recovered ${recovered.replayed} events after the last snapshot (${recovered.refolded} customers re-folded).`);

  const sources = new SourceRegistry(store.db, clock);
  await sources.load();

  const pipeline = new IngestPipeline(
    {
      writer,
      identity: () => graph,
      live,
      clock,
      reloadIdentity: async () => {
        graph = await loadIdentityGraph(store.db, ids);
      },
      onError: (error) => log(`Commit failed: ${error instanceof Error ? error.message : String(error)}`),
    },
    { maxQueuedEvents: options.maxQueuedEvents ?? 100_000 },
  );

  const slice = options.snapshotSlice ?? DEFAULT_SNAPSHOT_SLICE;
  let snapshotRunning: Promise<void> | null = null;
  // One snapshot at a time: a timer tick during a long snapshot waits for it instead of starting another.
  const snapshot = async (): Promise<void> => {
    while (snapshotRunning) await snapshotRunning;
    snapshotRunning = writeSnapshot().finally(() => {
      snapshotRunning = null;
    });
    return snapshotRunning;
  };
  const writeSnapshot = async (): Promise<void> => {
    if (live.dirtyCount === 0) return;
    const at = clock.now();
    const plan = live.beginSnapshot();
    // Slices go through the write lane one at a time, so ingest keeps flowing in between.
    for (let i = 0; i < Math.max(plan.ids.length, 1); i += slice) {
      const ids = plan.ids.slice(i, i + slice);
      const removed = i === 0 ? plan.removed : [];
      try {
        await pipeline.exclusive(() => writer.commit({ events: [], identity: [], states: { upserts: live.serialize(ids), deletes: removed, checkpoint: null } }));
      } catch (error) {
        live.requeue(plan.ids.slice(i), removed);
        throw error;
      }
    }
    await pipeline.exclusive(() => writer.commit({ events: [], identity: [], states: { upserts: [], deletes: [], checkpoint: { seq: plan.seq, at } } }));
  };

  const timer = setInterval(() => {
    if (snapshotRunning) return;
    snapshot().catch((error: unknown) => log(`Snapshot failed: ${error instanceof Error ? error.message : String(error)}`));
  }, options.snapshotIntervalMs ?? 10_000);
  timer.unref();

  const decisions = await DecisionService.open({ store, clock, ids, live, identity: () => graph }, log);
  const frontDoor = await FrontDoor.open({ store, clock, ids, sources, identity: () => graph, pipeline });
  frontDoor.start(log);
  const promises = await PromiseService.open({ store, clock, ids, sources, identity: () => graph, pipeline }, log);
  promises.connect(frontDoor);
  promises.start(log);

  let closed = false;
  return {
    decisions,
    frontDoor,
    promises,
    store,
    clock,
    ids,
    sources,
    live,
    pipeline,
    writer,
    identity: () => graph,
    snapshot,
    rebuild: (onProgress) =>
      pipeline.exclusive(async () => {
        const result = await rebuildStates(store.db, graph, live, onProgress);
        await writer.commit({ events: [], identity: [], states: live.takeSnapshot(clock.now()) });
        return result;
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await frontDoor.stop();
      await pipeline.drain();
      await promises.close();
      await decisions.close();
      await snapshot();
      await threaded?.close();
      await store.close();
    },
  };
}
