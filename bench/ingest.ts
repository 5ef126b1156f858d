/**
 * bench/ingest — the ingest path's figures next to a baseline measured in the same run.
 *
 *   npm run bench:ingest [-- --seconds 15 --concurrency 8 --memory-customers 1000000 --demo-customers 1000000]
 *
 * 1. Raw ceiling: the same event rows inserted into an SQLite file (same schema, WAL,
 *    synchronous=FULL) with prepared statements, 100 per transaction, nothing else.
 * 2. Tutti over HTTP: `tutti serve` on a fresh SQLite file; a client process posts 100-event
 *    /v1/batch requests with Basic auth; validation, dedupe, identity resolution, state
 *    projection and durable commit all happen before each 200.
 * 3. Resident memory of 1,000,000 customers' live state (identity graph + states), built
 *    in-process from the demo generator.
 * 4. The demo generator's time for 1,000,000 customers.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createIdGenerator } from '../src/core/clock.js';
import { generateCustomerEvents } from '../src/demo/generator.js';
import { extractIdentifiers } from '../src/identity/identifiers.js';
import { IdentityGraph } from '../src/identity/identity-graph.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { LiveStates } from '../src/state/live-states.js';
import { toEventRow } from '../src/store/event-rows.js';
import { openStore } from '../src/store/open-store.js';
import { makeBatch } from './ingest-events.js';
import { arg, fmt, has, percentile, table, TUTTI_BIN } from './support.js';

const SECONDS = arg('seconds', 15);
const CONCURRENCY = arg('concurrency', 8);
const BATCH = 100;
const CUSTOMERS = 100_000;
const MEMORY_CUSTOMERS = arg('memory-customers', 1_000_000);
const DEMO_CUSTOMERS = arg('demo-customers', 1_000_000);
const source = { id: 'src_bench', department: 'sales' };

async function rawCeiling(dir: string): Promise<number> {
  const store = await openStore(join(dir, 'raw.db'), { sqliteSync: 'FULL' });
  const sqlite = store.sqlite!;
  const insert = sqlite.prepare(
    `INSERT INTO events (source_id, department, message_id, type, event, customer_id, user_id, anonymous_id, ts, received_at, payload, catalogue_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, message_id) DO NOTHING`,
  );
  const now = Date.now();
  // Rows prepared up front: the ceiling measures SQLite alone. Each event is filed under the
  // customer it belongs to (an id of the same shape Tutti makes), as Tutti would file it.
  const customerOf = (event: { userId: string | null; anonymousId: string | null; properties: Record<string, unknown>; context: Record<string, unknown> }): string => {
    const key = event.userId ?? event.anonymousId ?? JSON.stringify(event.context.traits ?? event.properties.order_id);
    const n = Number(/\d+/.exec(key)?.[0] ?? 0) % CUSTOMERS;
    return `cus_01m8${n.toString(32).padStart(16, '0')}`;
  };
  const batches = Array.from({ length: 3000 }, (_, b) =>
    validateMessages(makeBatch(b, BATCH, CUSTOMERS, now), source, now, null).items.map(({ event, payload }) => toEventRow({ ...event, customerId: customerOf(event) }, payload)),
  );
  const tx = sqlite.transaction((rows: ReturnType<typeof toEventRow>[]) => {
    for (const e of rows) insert.run(e.source_id, e.department, e.message_id, e.type, e.event, e.customer_id, e.user_id, e.anonymous_id, e.ts, e.received_at, e.payload, e.catalogue_version);
  });
  const started = performance.now();
  let events = 0;
  for (const rows of batches) {
    tx(rows);
    events += rows.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return events / seconds;
}

async function tuttiOverHttp(dir: string): Promise<{ rate: number; p50: number; p99: number; requests: number; errors: number }> {
  const db = join(dir, 'tutti.db');
  const writeKey = execFileSync(process.execPath, [TUTTI_BIN, 'sources', 'add', 'bench', '--department', 'sales', '--db', db]).toString().trim();
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const server = spawn(process.execPath, [TUTTI_BIN, 'serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  const now = Date.now();
  let batchNo = 0;
  let errors = 0;
  const latencies: number[] = [];
  let counted = 0;
  const warmupEnd = performance.now() + 2000;
  const end = warmupEnd + SECONDS * 1000;
  let measuredStart = 0;

  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const body = JSON.stringify({ batch: makeBatch(batchNo++, BATCH, CUSTOMERS, now), sentAt: new Date().toISOString() });
      const t0 = performance.now();
      const res = await request(`${url}/v1/batch`, { method: 'POST', body, headers: { authorization: auth, 'content-type': 'application/json' }, dispatcher });
      await res.body.text();
      const t1 = performance.now();
      if (res.statusCode !== 200) {
        errors++;
        continue;
      }
      if (t0 >= warmupEnd && t1 <= end) {
        if (measuredStart === 0) measuredStart = t0;
        latencies.push(t1 - t0);
        counted += BATCH;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (end - warmupEnd) / 1000;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return { rate: counted / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, errors };
}

function demoGeneration(customers: number): { seconds: number; messages: number } {
  const started = performance.now();
  let messages = 0;
  const opts = { customers, seed: 42, end: Date.now() };
  for (let i = 0; i < customers; i++) for (const _ of generateCustomerEvents(i, opts)) messages++;
  return { seconds: (performance.now() - started) / 1000, messages };
}

/** Builds the identity graph and live states for `customers` demo customers in-process and measures RSS. */
async function liveStateMemory(customers: number): Promise<{ rssMb: number; heapMb: number; baselineRssMb: number; events: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baselineRss = process.memoryUsage().rss;
  const graph = new IdentityGraph(createIdGenerator());
  const live = new LiveStates(async () => []);
  const opts = { customers, seed: 42, end: Date.now() };
  const sources = new Map<string, { id: string; department: string }>();
  let seq = 0;
  for (let i = 0; i < customers; i++) {
    for (const { source: name, message } of generateCustomerEvents(i, opts)) {
      let src = sources.get(name);
      if (!src) {
        src = { id: `src_${name}`, department: name };
        sources.set(name, src);
      }
      const { items } = validateMessages([message], src, opts.end, null);
      for (const { event } of items) {
        const r = graph.resolve(extractIdentifiers(event), { sourceId: src.id, messageId: event.messageId, at: event.receivedAt });
        event.customerId = r.customerId;
        event.seq = ++seq;
        live.apply(r.rootId, event);
      }
    }
    if (i % 50_000 === 0) graph.drainChanges();
  }
  graph.drainChanges();
  gc?.();
  const mem = process.memoryUsage();
  return { rssMb: (mem.rss - baselineRss) / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20, baselineRssMb: baselineRss / 2 ** 20, events: seq };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tutti-bench-'));
  console.log(`bench/ingest — ${new Date().toISOString()} — node ${process.version}, ${SECONDS} s runs, ${CONCURRENCY} connections, ${BATCH}-event batches`);
  try {
    const ceiling = await rawCeiling(dir);
    const http = await tuttiOverHttp(dir);
    console.log('\nIngest throughput (SQLite, synchronous=FULL, same machine, same run)');
    table([
      ['raw ceiling (prepared INSERTs, 100/tx)', `${fmt(ceiling)} events/s`],
      ['Tutti over HTTP /v1/batch', `${fmt(http.rate)} events/s`, `(target ≥ 50,000; RudderStack 2 vCPU ≈ 1,700)`],
      ['ratio Tutti / raw ceiling', `${fmt((http.rate / ceiling) * 100, 1)} %`, '(aim ≥ 40 %)'],
      ['latency per 100-event batch', `p50 ${fmt(http.p50, 1)} ms, p99 ${fmt(http.p99, 1)} ms`, '(target p99 ≤ 20 ms)'],
      ['requests measured / non-200', `${fmt(http.requests)} / ${fmt(http.errors)}`],
    ]);
    if (!has('skip-memory')) {
      const gen = demoGeneration(DEMO_CUSTOMERS);
      const mem = await liveStateMemory(MEMORY_CUSTOMERS);
      console.log(`\nDemo generator and live-state memory`);
      table([
        [`demo generator, ${fmt(DEMO_CUSTOMERS)} customers`, `${fmt(gen.seconds, 1)} s`, `(${fmt(gen.messages)} messages, ${fmt(gen.messages / gen.seconds)} /s)`],
        [`live state for ${fmt(MEMORY_CUSTOMERS)} customers (RSS above baseline)`, `${fmt(mem.rssMb)} MB`, `(aim ≤ 1,536 MB; heap ${fmt(mem.heapMb)} MB; ${fmt(mem.events)} events folded)`],
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
